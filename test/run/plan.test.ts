import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { planRun, streamIndexOf } from '../../src/run/plan.ts';
import { resolveScenario } from '../../src/scenario/index.ts';
import { planImages } from '../../src/workload/image-plan.ts';
import { tinyScenarioDoc } from './tiny-scenario.ts';

const now = (): number => performance.now();

const plan = suite('planRun');

plan('one image per workload image, named from the workload, planned as planImages plans them', async () => {
  const scenario = resolveScenario(tinyScenarioDoc({}));
  const w = scenario.workload;
  const catalog = planRun(scenario, now).images;
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
  const catalog = planRun(scenario, now).images;
  assert.is(catalog.length, 1_000_000);
  assert.is(catalog.nameAt(999_999).repository, 'big/app-999999');
});

plan('an aborted signal stops the planning of an image', async () => {
  const doc = tinyScenarioDoc({});
  const scenario = resolveScenario({ ...doc, workload: { ...(doc.workload as object), seed: 'not-memoized-yet' } });
  try {
    await planRun(scenario, now).images.planAt(0, AbortSignal.abort());
    assert.unreachable('planning should have been aborted');
  } catch (err: unknown) {
    assert.instance(err, AbortedError);
  }
});

plan('one push stream: the origin’s are all the images, at the workload’s rate; the rtt list, pull and load from the scenario', () => {
  const scenario = resolveScenario(tinyScenarioDoc({}));
  const p = planRun(scenario, now);
  assert.is(p.origin.images, p.images);
  assert.equal([p.origin.origin, p.origin.ratePerSec, p.others.length], [scenario.origin, scenario.workload.pushRatePerSec, 0]);
  assert.equal(p.watchRegions, scenario.replication.regions);
  assert.equal(p.rtt, [...scenario.replication.regions.map((region) => ({ kind: 'watch', region })), ...scenario.pull.pairs.map((q) => ({ kind: 'pull', worker: q.worker, endpoint: q.endpoint }))]);
  assert.is(p.pull, scenario.pull);
  assert.is(p.scope, undefined);
});

/** Three regions a, b, c; streams: a (tiny/app-{i}), b (edge/app-{i}), a again (more/app-{i}). */
const streams = () => resolveScenario(tinyScenarioDoc({
  target: { kind: 'lab', regions: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
  workload: {
    images: 6, repository: 'tiny/app-{i}', tag: 'v1', layers: 1, layerSize: '4KiB', pushConcurrency: 2, seed: 1, pushRate: '12/s',
    alsoPush: [{ origin: 'b', repository: 'edge/app-{i}' }, { origin: 'a', repository: 'more/app-{i}', tag: 'x{i}' }],
  },
}));

plan('other push streams: image i in stream i % streams, named by its stream, grouped by origin with their share of the rate, all in one catalog', async () => {
  const p = planRun(streams(), now);
  const names = (c: typeof p.images): string[] => Array.from({ length: c.length }, (_, i) => c.nameAt(i)).map((n) => `${n.imageIndex} ${n.repository}:${n.tag}`);
  assert.equal(names(p.images), ['0 tiny/app-0:v1', '1 edge/app-1:v1', '2 more/app-2:x2', '3 tiny/app-3:v1', '4 edge/app-4:v1', '5 more/app-5:x5']);
  assert.equal(names(p.origin.images), ['0 tiny/app-0:v1', '3 tiny/app-3:v1']);
  assert.equal(p.others.map((s) => [s.origin, names(s.images), s.ratePerSec]), [['b', ['1 edge/app-1:v1', '4 edge/app-4:v1'], 4], ['a', ['2 more/app-2:x2', '5 more/app-5:x5'], 4]]);
  const planned = await p.others[1]?.images.planAt(1);
  assert.is(`${planned?.imageIndex} ${planned?.repository}:${planned?.tag}`, '5 more/app-5:x5');
});

plan.run();

const index = suite('streamIndexOf');
index('round robin over the streams; one stream: always 0', () => {
  assert.equal([0, 1, 2, 3, 4].map((i) => streamIndexOf(i, 3)), [0, 1, 2, 0, 1]);
  assert.is(streamIndexOf(7, 1), 0);
});
index.run();
