import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { normalQuantile, Z_P99 } from '../../src/stats/normal-quantile.ts';

const quantile = suite('normalQuantile');

quantile('inverts the standard normal CDF at known points', () => {
  assert.ok(Math.abs(normalQuantile(0.5)) < 1e-9);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963985) < 1e-6);
  assert.ok(Math.abs(normalQuantile(0.99) - Z_P99) < 1e-6);
  assert.ok(Math.abs(normalQuantile(0.025) + 1.959963985) < 1e-6);
  assert.ok(Math.abs(normalQuantile(0.001) + 3.090232306) < 1e-6);
});

// Taken from the lab's and compare's two copies before they became this one
// (equal to the last bit on a grid of 200,000 points): lab lag quantiles and
// compare's critical z depend on them.
quantile('is pinned in the centre and both tails', () => {
  assert.is(normalQuantile(0.9), 1.2815515641401563);
  assert.is(normalQuantile(0.95), 1.644853625133699);
  assert.is(normalQuantile(0.99), 2.326347874388028);
  assert.is(normalQuantile(0.001), -3.090232304709404);
  assert.is(normalQuantile(0.97575), 1.9729610490848712);
});

quantile('is symmetric and infinite at the ends', () => {
  for (const q of [0.001, 0.01, 0.2, 0.4]) assert.ok(Math.abs(normalQuantile(q) + normalQuantile(1 - q)) < 1e-12, String(q));
  assert.is(normalQuantile(0), -Infinity);
  assert.is(normalQuantile(1), Infinity);
});

quantile.run();
