import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { K6_METRIC_FOR, K6_PULL_BYTES, K6_PULL_DURATION, K6_PULL_ERRORS, K6_PULL_SKIPPED, K6_PULL_TTFB, pullFailureCode } from '../../src/dist/k6-metrics.ts';

const names = suite('K6 metric names');
names('are distinct, valid k6 metric names, and map the pull metrics', () => {
  const all = [K6_PULL_DURATION, K6_PULL_TTFB, K6_PULL_BYTES, K6_PULL_ERRORS, K6_PULL_SKIPPED];
  assert.is(new Set(all).size, all.length);
  for (const n of all) assert.match(n, /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/);
  assert.equal(K6_METRIC_FOR, { pull_duration: K6_PULL_DURATION, pull_ttfb: K6_PULL_TTFB });
});
names.run();

const codes = suite('pullFailureCode');
codes('maps what failed to the code replbench run logs for it', () => {
  assert.is(pullFailureCode('401', '1401'), 'E_AUTH');
  assert.is(pullFailureCode('403', '1403'), 'E_AUTH');
  assert.is(pullFailureCode('404', '1404'), 'E_REGISTRY');
  assert.is(pullFailureCode('503', '1503'), 'E_REGISTRY');
  assert.is(pullFailureCode('0', '1211'), 'E_UNREACHABLE');
  assert.is(pullFailureCode('0', '1050'), 'E_TIMEOUT');
  assert.is(pullFailureCode('not-an-image', '0'), 'E_PROTOCOL');
});
codes.run();
