import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { minSamplesFor, tooFewFor } from '../../src/report/sample-size.ts';
import { nearestRank } from '../../src/stats/exact-quantile.ts';

const min = suite('minSamplesFor');
min('p50 needs 2 samples, p90 10, p99 100, p99.9 1000, the max 1', () => {
  assert.equal([50, 90, 95, 99, 99.9, 100].map(minSamplesFor), [2, 10, 20, 100, 1000, 1]);
});
min('is the first n whose nearest rank lies below the max', () => {
  for (const p of [50, 75, 90, 95, 99, 99.9]) {
    const n = minSamplesFor(p);
    assert.ok(nearestRank(p, n) < n, `p${p}, n=${n}`);
    assert.is(nearestRank(p, n - 1), n - 1, `p${p}, n=${n - 1} is the max`);
  }
});
min.run();

const few = suite('tooFewFor');
few('16 pulls are too few for a p99 and enough for a p50; an empty series is not marked', () => {
  assert.ok(tooFewFor(99, 16));
  assert.not.ok(tooFewFor(50, 16));
  assert.not.ok(tooFewFor(99, 100));
  assert.not.ok(tooFewFor(100, 1));
  assert.not.ok(tooFewFor(99, 0));
});
few.run();
