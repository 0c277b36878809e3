import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TRANSFER_DEFAULTS } from '../../src/oci/transfer-watch.ts';
import { REQUESTS_DEFAULTS, requestsSchema, resolveRequests } from '../../src/scenario/requests-schema.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { tinyScenarioDoc } from '../run/tiny-scenario.ts';

const schema = suite('requestsSchema');
schema('the defaults are the client\'s (10m, 1KiB/s, 30s); units convert; minRate 0 turns the rate check off', () => {
  assert.equal(REQUESTS_DEFAULTS, { deadline: '10m', minRate: '1KiB/s', stallWindow: '30s' });
  assert.equal(resolveRequests(requestsSchema.parse({})), TRANSFER_DEFAULTS);
  assert.equal(resolveRequests(requestsSchema.parse({ deadline: '90s', minRate: '64KiB/s', stallWindow: '5s' })), { deadlineMs: 90_000, minRateBytesPerSec: 65_536, stallWindowMs: 5_000 });
  assert.is(requestsSchema.parse({ minRate: 0 }).minRate, 0);
});
schema('bad values are named issues: a rate without /s, a zero deadline, an unknown key', () => {
  assert.not.ok(requestsSchema.safeParse({ minRate: '64KiB' }).success);
  assert.not.ok(requestsSchema.safeParse({ deadline: '0s' }).success);
  assert.not.ok(requestsSchema.safeParse({ timeout: '1s' }).success);
});
schema.run();

const resolve = suite('resolveScenario: requests');
resolve('every scenario has a request budget; a bad one names the field path', () => {
  assert.equal(resolveScenario(tinyScenarioDoc()).requests, TRANSFER_DEFAULTS);
  assert.equal(resolveScenario(tinyScenarioDoc({ requests: { stallWindow: '2s' } })).requests, { ...TRANSFER_DEFAULTS, stallWindowMs: 2000 });
  assert.throws(() => resolveScenario(tinyScenarioDoc({ requests: { minRate: 'fast' } })), /requests\.minRate/);
});
resolve.run();
