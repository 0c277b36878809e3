import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nearestRank, quantileOfSorted, sortedCopy } from '../../src/stats/exact-quantile.ts';

const rank = suite('nearestRank');
rank('is the smallest rank covering p% of the samples', () => {
  assert.is(nearestRank(50, 10), 5);
  assert.is(nearestRank(51, 10), 6);
  assert.is(nearestRank(99, 100), 99);
  assert.is(nearestRank(99.9, 100), 100);
  assert.is(nearestRank(0, 10), 1);
  assert.is(nearestRank(100, 10), 10);
  assert.is(nearestRank(50, 0), 0);
});
rank('does not round up on floating-point noise (7% of 100 is rank 7)', () => {
  assert.is(nearestRank(7, 100), 7);
  assert.is(nearestRank(29, 100), 29);
});
rank.run();

const quantile = suite('quantileOfSorted');
quantile('reads the value at the nearest rank', () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  assert.is(quantileOfSorted(values, 50), 5);
  assert.is(quantileOfSorted(values, 90), 9);
  assert.is(quantileOfSorted(values, 100), 10);
  assert.is(quantileOfSorted([], 50), undefined);
});
quantile.run();

const sorted = suite('sortedCopy');
sorted('sorts numerically without touching the input', () => {
  const input = [10, 9, 100, 1];
  assert.equal(sortedCopy(input), [1, 9, 10, 100]);
  assert.equal(input, [10, 9, 100, 1]);
});
sorted.run();
