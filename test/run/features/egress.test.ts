import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startEgress } from '../../../src/run/features/egress.ts';
import type { FeatureRun } from '../../../src/run/features/feature.ts';
import { planRun } from '../../../src/run/plan.ts';
import { resolveScenario } from '../../../src/scenario/resolve.ts';
import { tinyScenarioDoc } from '../tiny-scenario.ts';

const egress = suite('startEgress');

const now = (): number => performance.now();

egress('the price table logged once, when the run begins; no egress section, no feature', async () => {
  const scenario = resolveScenario(tinyScenarioDoc({ egress: { pricePerGB: { default: 0.05 } } }));
  const f = await startEgress(scenario, planRun(scenario, now), { now });
  const records: unknown[] = [];
  f?.begin?.({ recorder: { record: (r: unknown) => records.push(r) } } as unknown as FeatureRun);
  assert.equal(records, [{ type: 'egress-prices', currency: 'USD', pricePerGB: { default: 0.05 } }]);
  const none = resolveScenario(tinyScenarioDoc());
  assert.is(await startEgress(none, planRun(none, now), { now }), undefined);
});

egress.run();
