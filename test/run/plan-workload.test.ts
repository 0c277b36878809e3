import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { planWorkload } from '../../src/run/plan-workload.ts';
import { resolveScenario } from '../../src/scenario/index.ts';
import { planImages } from '../../src/workload/image-plan.ts';
import { tinyScenarioDoc } from './tiny-scenario.ts';

const plan = suite('planWorkload');

plan('one image per workload image, named from the workload, planned as planImages plans them', async () => {
  const scenario = resolveScenario(tinyScenarioDoc({}));
  const w = scenario.workload;
  const catalog = planWorkload(w);
  assert.is(catalog.length, w.images);
  const eager = await planImages({ seed: w.seed, count: w.images, layerCount: w.layers, baseLayerCount: w.baseLayers, sizes: w.layerSize, repository: w.repository, tag: w.tag });
  for (let p = 0; p < catalog.length; p++) {
    const lazy = await catalog.planAt(p);
    assert.equal(lazy.manifest.bytes, eager[p]?.manifest.bytes);
    assert.is(lazy.manifest.digest, eager[p]?.manifest.digest);
    assert.is(catalog.nameAt(p).repository, eager[p]?.repository);
  }
});

plan('a million images cost nothing until planned', () => {
  const doc = tinyScenarioDoc({});
  const scenario = resolveScenario({ ...doc, workload: { ...(doc.workload as object), images: 1_000_000, repository: 'big/app-{i}', layerSize: '64GiB' } });
  const catalog = planWorkload(scenario.workload);
  assert.is(catalog.length, 1_000_000);
  assert.is(catalog.nameAt(999_999).repository, 'big/app-999999');
});

plan('an aborted signal stops the planning of an image', async () => {
  const doc = tinyScenarioDoc({});
  const scenario = resolveScenario({ ...doc, workload: { ...(doc.workload as object), seed: 'not-memoized-yet' } });
  try {
    await planWorkload(scenario.workload).planAt(0, AbortSignal.abort());
    assert.unreachable('planning should have been aborted');
  } catch (err: unknown) {
    assert.instance(err, AbortedError);
  }
});

plan.run();
