import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { egressSchema, resolveEgress } from '../../src/scenario/egress-schema.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { tinyScenarioDoc } from '../run/tiny-scenario.ts';

const schema = suite('egressSchema');
schema('currency defaults to USD; prices must be ≥ 0 and the currency three capitals', () => {
  assert.equal(egressSchema.parse({ pricePerGB: { default: 0.05 } }), { pricePerGB: { default: 0.05 }, currency: 'USD' });
  assert.not.ok(egressSchema.safeParse({ pricePerGB: { default: -1 } }).success);
  assert.not.ok(egressSchema.safeParse({ pricePerGB: {}, currency: 'usd' }).success);
});
schema.run();

const resolve = suite('resolveEgress');
resolve('pairs of known regions and default, keys sorted; none = null', () => {
  const s = resolveScenario(tinyScenarioDoc({ egress: { currency: 'EUR', pricePerGB: { default: 0.05, 'b->a': 0.02, 'a->b': 0.01 } } }));
  assert.equal(s.egress, { currency: 'EUR', pricePerGB: { 'a->b': 0.01, 'b->a': 0.02, default: 0.05 } });
  assert.is(resolveScenario(tinyScenarioDoc()).egress, null);
});
resolve('an unknown region or a malformed key names the key', () => {
  assert.throws(() => resolveScenario(tinyScenarioDoc({ egress: { pricePerGB: { 'a->zz': 1 } } })), /egress\.pricePerGB.*"zz"/);
  assert.throws(() => resolveScenario(tinyScenarioDoc({ egress: { pricePerGB: { 'a to b': 1 } } })), /"default" or a region pair/);
  const fail = (_p: unknown, m: string): never => {
    throw new Error(m);
  };
  assert.is(resolveEgress(undefined, ['a'], fail), null);
});
resolve.run();
