import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BUCKET_GROWTH, bucketBoundsSeconds } from '../../src/report/prometheus-buckets.ts';

const bounds = suite('bucketBoundsSeconds');
bounds('lies on the 2^(k/16) s grid, one point below the lowest value through one above the highest', () => {
  const b = bucketBoundsSeconds(100_000, 5_000_000); // 100 ms … 5 s
  assert.ok((b[0] ?? Infinity) < 0.1 && (b[1] ?? 0) >= 0.1, `the first bound ${b[0]} is the last below 100 ms`);
  assert.ok((b.at(-3) ?? Infinity) < 5 && (b.at(-2) ?? 0) >= 5, `the bucket of 5 s ends at ${b.at(-2)}, one more above`);
  for (let i = 1; i < b.length; i++) {
    const ratio = (b[i] ?? 0) / (b[i - 1] ?? 1);
    assert.ok(Math.abs(ratio - BUCKET_GROWTH) < 1e-5, `ratio ${ratio} at ${b[i]}`);
  }
  assert.ok(b.includes(1) && b.includes(2) && b.includes(4), 'powers of two are grid points');
});
bounds('a grid point is written the same way whatever range it is part of', () => {
  const a = bucketBoundsSeconds(1000, 2_000_000);
  const c = bucketBoundsSeconds(500_000, 60_000_000);
  const shared = a.filter((x) => x >= 0.5);
  assert.ok(shared.length > 10);
  for (const x of shared) assert.ok(c.includes(x), `${x}`);
  for (const x of a) assert.is(String(x).replace(/^0\.0*/, '').replace('.', '').length <= 6, true, `${x} has at most 6 significant digits`);
});
bounds('zero and one-value ranges still bracket the value; an empty range has no bounds', () => {
  assert.ok(bucketBoundsSeconds(0, 0).length >= 2);
  const one = bucketBoundsSeconds(1_316_000, 1_316_000);
  assert.ok(one.some((x) => x >= 1.316) && one.some((x) => x < 1.316));
  assert.equal(bucketBoundsSeconds(10, 5), []);
});
bounds.run();
