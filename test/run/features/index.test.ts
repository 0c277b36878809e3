import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startFeatures } from '../../../src/run/features/index.ts';
import { planRun } from '../../../src/run/plan.ts';
import type { FeatureRun } from '../../../src/run/features/feature.ts';
import type { ReplicationEvent } from '../../../src/events/index.ts';
import type { PushedImage } from '../../../src/run/push-phase.ts';
import { resolveScenario } from '../../../src/scenario/resolve.ts';
import { tinyScenarioDoc } from '../tiny-scenario.ts';

const features = suite('startFeatures');

const now = (): number => performance.now();

features('no feature in the scenario: the same scenario, nothing logged, a watch result unchanged', async () => {
  const scenario = resolveScenario(tinyScenarioDoc());
  const f = await startFeatures(scenario, planRun(scenario, now), { now });
  try {
    assert.is(f.scenario, scenario);
    const records: unknown[] = [];
    f.begin({ recorder: { record: (r: unknown) => records.push(r) } } as unknown as FeatureRun);
    f.finish();
    assert.equal(records, []);
    const event = { type: 'replication', outcome: 'timed-out', reason: 'x' } as unknown as ReplicationEvent;
    assert.is(f.replication('a', 'b', {} as PushedImage, event), event);
  } finally {
    await f.close();
  }
});

features.run();
