import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHistogram, decodeHistogram, encodeHistogram, recordUs } from '../../src/stats/histogram-factory.ts';
import { exactMaxUs, exactMinUs, maxUs, minUs, percentileUs, reportedPercentileUs, summarizeMs, usToMs, usToMsOrNull } from '../../src/stats/percentiles.ts';
import { quantileOfSorted, sortedCopy } from '../../src/stats/exact-quantile.ts';
import { logUniform, mulberry32 } from './seeded.ts';

const ms = suite('usToMs');
ms('converts and rounds to whole µs', () => {
  assert.is(usToMs(1500), 1.5);
  assert.is(usToMs(1500.6), 1.501);
  assert.is(usToMs(0), 0);
});
ms('usToMsOrNull: null for no value, usToMs otherwise', () => {
  assert.is(usToMsOrNull(undefined), null);
  assert.is(usToMsOrNull(1500.6), 1.501);
});
ms.run();

const minmax = suite('minUs / maxUs');
minmax('are 0 for an empty histogram', () => {
  const h = createHistogram();
  assert.is(minUs(h), 0);
  assert.is(maxUs(h), 0);
});
minmax('are exact below 2048 µs (unit resolution) and within 0.1% above', () => {
  const h = createHistogram();
  recordUs(h, 7);
  recordUs(h, 1999);
  assert.is(minUs(h), 7);
  assert.is(maxUs(h), 1999);
  recordUs(h, 250_000);
  assert.ok(maxUs(h) >= 250_000 && maxUs(h) <= 250_250);
});
minmax.run();

const pct = suite('percentileUs');
pct('property: within 0.1% of the exact nearest-rank quantile of random samples', () => {
  const percentiles = [0, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];
  for (let seed = 1; seed <= 40; seed++) {
    const random = mulberry32(seed);
    const n = 1 + Math.floor(random() * 3000);
    const samples: number[] = [];
    const h = createHistogram();
    for (let i = 0; i < n; i++) {
      const v = logUniform(random, 1, 3_000_000_000);
      samples.push(v);
      recordUs(h, v);
    }
    const sorted = sortedCopy(samples);
    for (const p of percentiles) {
      const exact = quantileOfSorted(sorted, p) ?? NaN;
      const got = percentileUs(h, p);
      const tolerance = exact / 1000; // 3 significant digits
      assert.ok(Math.abs(got - exact) <= tolerance, `seed ${seed}, n ${n}, p${p}: histogram ${got}, exact ${exact}`);
    }
  }
});
pct('is monotone in the percentile', () => {
  const random = mulberry32(7);
  const h = createHistogram();
  for (let i = 0; i < 1000; i++) recordUs(h, logUniform(random, 1, 1e8));
  let last = -1;
  for (let p = 0; p <= 100; p += 0.5) {
    const v = percentileUs(h, p);
    assert.ok(v >= last, `p${p}`);
    last = v;
  }
  assert.is(last, maxUs(h));
});
pct.run();

const exact = suite('exactMinUs / exactMaxUs / reportedPercentileUs');
exact('are the recorded extremes, where the buckets lie beyond them', () => {
  const h = createHistogram();
  recordUs(h, 63_361);
  recordUs(h, 400_000);
  recordUs(h, 5_218_264);
  assert.ok(maxUs(h) > 5_218_264, `bucket max ${maxUs(h)}`);
  assert.ok(minUs(h) < 63_361, `bucket min ${minUs(h)}`);
  assert.is(exactMaxUs(h), 5_218_264);
  assert.is(exactMinUs(h), 63_361);
  assert.is(reportedPercentileUs(h, 100), 5_218_264);
  assert.is(reportedPercentileUs(h, 99.9), 5_218_264, 'a percentile never lies above the max');
  assert.is(reportedPercentileUs(h, 50), percentileUs(h, 50));
});
exact('survive adding into another histogram; a decoded one knows its buckets only', () => {
  const h = createHistogram();
  recordUs(h, 5_218_264);
  const sum = createHistogram();
  sum.add(h);
  assert.is(exactMaxUs(sum), 5_218_264);
  assert.is(exactMaxUs(decodeHistogram(encodeHistogram(h))), maxUs(h));
});
exact('a recorded 0 is the min; an empty histogram gives 0', () => {
  const h = createHistogram();
  recordUs(h, 0);
  recordUs(h, 9_000);
  assert.is(exactMinUs(h), 0);
  assert.is(exactMinUs(createHistogram()), 0);
  assert.is(exactMaxUs(createHistogram()), 0);
});
exact.run();

const summary = suite('summarizeMs');
summary('summarizes a known distribution in ms', () => {
  const h = createHistogram();
  for (let i = 1; i <= 1000; i++) recordUs(h, i); // 1..1000 µs, unit resolution; mean 500.5 µs rounds up
  assert.equal(summarizeMs(h), {
    count: 1000, min: 0.001, mean: 0.501, p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999, max: 1,
  });
});
summary('states the exact max, not the bucket above it', () => {
  const h = createHistogram();
  recordUs(h, 5_236_600);
  recordUs(h, 1_000);
  assert.is(summarizeMs(h).max, 5236.6);
  assert.is(summarizeMs(h).p999, 5236.6);
});
summary('gives zeros for an empty histogram', () => {
  assert.equal(summarizeMs(createHistogram()), {
    count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0,
  });
});
summary.run();
