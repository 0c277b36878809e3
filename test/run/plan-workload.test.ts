import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { planWorkload } from '../../src/run/plan-workload.ts';
import { resolveScenario } from '../../src/scenario/index.ts';
import { tinyScenarioDoc } from './tiny-scenario.ts';

const plan = suite('planWorkload');

plan('one plan per image, named from the workload, the same digests on every call', async () => {
  const scenario = resolveScenario(tinyScenarioDoc({}));
  const first = await planWorkload(scenario.workload);
  const again = await planWorkload(scenario.workload);
  assert.is(first.length, scenario.workload.images);
  assert.equal(first.map((p) => p.manifest.digest), again.map((p) => p.manifest.digest));
  assert.ok(first.every((p) => p.layers.length === scenario.workload.layers));
});

plan('an aborted signal stops the planning', async () => {
  const doc = tinyScenarioDoc({});
  const scenario = resolveScenario({ ...doc, workload: { ...(doc.workload as object), seed: 'not-memoized-yet' } });
  try {
    await planWorkload(scenario.workload, AbortSignal.abort());
    assert.unreachable('planning should have been aborted');
  } catch (err: unknown) {
    assert.instance(err, AbortedError);
  }
});

plan.run();
