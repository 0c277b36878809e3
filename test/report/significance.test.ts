import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  bootstrapPercentileDifferences, holmAdjust, percentileOfSorted, proportionDropZ, resamplesFor, resolvesPercentile,
} from '../../src/report/significance.ts';
import { seededRandom } from '../../src/random.ts';

const of = suite('percentileOfSorted');
of('nearest rank, as HdrHistogram', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.is(percentileOfSorted(xs, 50), 50);
  assert.is(percentileOfSorted(xs, 99), 99);
  assert.is(percentileOfSorted(xs, 99.5), 100);
  assert.ok(Number.isNaN(percentileOfSorted([], 50)));
});
of.run();

const resolves = suite('resolvesPercentile');
resolves('needs minTail samples above the percentile', () => {
  assert.is(resolvesPercentile(500, 99, 5), true);
  assert.is(resolvesPercentile(499, 99, 5), false);
  assert.is(resolvesPercentile(10, 50, 5), true);
  assert.is(resolvesPercentile(0, 50, 0), false);
});
resolves.run();

function lognormal(seed: number, n: number, medianMs: number, sigma: number): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => medianMs * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next())));
}

const boot = suite('bootstrapPercentileDifferences');
boot('point estimates are the exact percentiles; the interval brackets them', () => {
  const a = lognormal(1, 400, 400, 0.7);
  const b = lognormal(2, 400, 800, 0.7);
  const [p50, p90] = bootstrapPercentileDifferences(a, b, [50, 90], { resamples: 1000, confidence: 0.99, seed: 1 });
  const sa = [...a].sort((x, y) => x - y);
  const sb = [...b].sort((x, y) => x - y);
  assert.is(p50?.baseline, percentileOfSorted(sa, 50));
  assert.is(p50?.candidate, percentileOfSorted(sb, 50));
  assert.is(p50?.delta, (p50?.candidate ?? 0) - (p50?.baseline ?? 0));
  for (const d of [p50, p90]) assert.ok((d?.low ?? 0) <= (d?.delta ?? 0) && (d?.delta ?? 0) <= (d?.high ?? 0));
  assert.ok((p50?.low ?? 0) > 200, 'a doubled median is clearly above zero');
});
boot('matches a naive bootstrap (sort every resample) in distribution', () => {
  const a = lognormal(3, 200, 400, 0.7);
  const b = lognormal(4, 200, 400, 0.7);
  const [fast] = bootstrapPercentileDifferences(a, b, [90], { resamples: 2000, confidence: 0.95, seed: 9 });
  const r = seededRandom(11);
  const deltas: number[] = [];
  for (let k = 0; k < 2000; k++) {
    const ra = a.map(() => a[r.int(a.length)] as number).sort((x, y) => x - y);
    const rb = b.map(() => b[r.int(b.length)] as number).sort((x, y) => x - y);
    deltas.push(percentileOfSorted(rb, 90) - percentileOfSorted(ra, 90));
  }
  deltas.sort((x, y) => x - y);
  const width = (deltas[1949] ?? 0) - (deltas[50] ?? 0);
  assert.ok(Math.abs(((fast?.high ?? 0) - (fast?.low ?? 0)) - width) < 0.15 * width, 'interval widths agree within 15%');
});
boot('is reproducible from the seed', () => {
  const a = lognormal(5, 100, 10, 0.3);
  const b = lognormal(6, 100, 10, 0.3);
  const opts = { resamples: 500, confidence: 0.9, seed: 3 };
  assert.equal(bootstrapPercentileDifferences(a, b, [50, 90], opts), bootstrapPercentileDifferences(a, b, [50, 90], opts));
  assert.not.equal(bootstrapPercentileDifferences(a, b, [50], opts), bootstrapPercentileDifferences(a, b, [50], { ...opts, seed: 4 }));
});
boot('refuses an empty sample', () => {
  assert.throws(() => bootstrapPercentileDifferences([], [1], [50], { resamples: 100, confidence: 0.9, seed: 1 }), /non-empty/);
});
boot.run();

const z = suite('proportionDropZ');
z('is positive when the candidate share drops, 0 when undefined', () => {
  assert.ok(proportionDropZ(100, 100, 80, 100) > 4);
  assert.ok(proportionDropZ(80, 100, 100, 100) < -4);
  assert.is(proportionDropZ(100, 100, 100, 100), 0);
  assert.is(proportionDropZ(0, 0, 1, 1), 0);
});
z.run();

const pvals = suite('bootstrapPercentileDifferences p-values');
pvals('are tiny for a clear increase, large in the other direction, and near 1 for identical samples', () => {
  const a = lognormal(7, 300, 400, 0.7);
  const b = a.map((x) => x * 2);
  const [d] = bootstrapPercentileDifferences(a, b, [50], { resamples: 1000, confidence: 0.99, seed: 1 });
  assert.is(d?.pIncrease, 1 / 1001);
  assert.ok((d?.pDecrease ?? 0) > 0.99);
  const [same] = bootstrapPercentileDifferences(a, a, [50], { resamples: 1000, confidence: 0.99, seed: 1 });
  assert.ok((same?.pIncrease ?? 0) > 0.3 && (same?.pDecrease ?? 0) > 0.3);
});
pvals.run();

const holm = suite('holmAdjust');
holm('multiplies the k-th smallest p by (m − k + 1), keeps order monotone, caps at 1', () => {
  assert.equal(holmAdjust([0.01, 0.04, 0.03, 0.5]), [0.04, 0.09, 0.09, 0.5]);
  assert.equal(holmAdjust([0.4, 0.4]), [0.8, 0.8]);
  assert.equal(holmAdjust([0.9, 0.6]), [1, 1]);
  assert.equal(holmAdjust([]), []);
});
holm.run();

const need = suite('resamplesFor');
need('raises B so the smallest p of a family of m can be significant with margin', () => {
  assert.is(resamplesFor(24, 0.01, 2000), 7200);
  assert.is(resamplesFor(2, 0.01, 2000), 2000);
  assert.is(resamplesFor(0, 0.05, 100), 100);
});
need.run();
