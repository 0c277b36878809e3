import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  HIGHEST_US,
  addEncoded,
  clampUs,
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeEncoded,
  mergeHistograms,
  recordCorrected,
  recordUs,
  type Histogram,
} from '../../src/stats/histogram-factory.ts';
import { maxUs, minUs } from '../../src/stats/percentiles.ts';
import { logUniform, mulberry32 } from './seeded.ts';

/** Every recorded value with its count, for whole-histogram comparisons. */
function contents(h: Histogram): string {
  const points = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100].map((p) => h.getValueAtPercentile(p));
  return JSON.stringify({ count: h.totalCount, min: minUs(h), max: maxUs(h), mean: h.mean, points });
}

const create = suite('createHistogram');
create('uses the project settings: µs, 1 µs to 1 h, 3 significant digits, fixed range', () => {
  const h = createHistogram();
  assert.is(h.highestTrackableValue, HIGHEST_US);
  assert.is(HIGHEST_US, 3600 * 1e6);
  assert.is(h.numberOfSignificantValueDigits, 3);
  assert.is(h.autoResize, false);
  assert.is(h.totalCount, 0);
});
create.run();

const clamp = suite('clampUs / recordUs');
clamp('rounds to whole µs and clamps into the trackable range', () => {
  assert.is(clampUs(1.6), 2);
  assert.is(clampUs(-5), 0);
  assert.is(clampUs(Number.NaN), 0);
  assert.is(clampUs(HIGHEST_US * 2), HIGHEST_US);
});
clamp('records a value beyond one hour as one hour instead of throwing', () => {
  const h = createHistogram();
  recordUs(h, HIGHEST_US * 3);
  recordUs(h, 1500.4);
  assert.is(h.totalCount, 2);
  assert.ok(maxUs(h) >= HIGHEST_US && maxUs(h) <= HIGHEST_US * 1.001);
  assert.is(h.getValueAtPercentile(0), 1500);
});
clamp.run();

const corrected = suite('recordCorrected');
corrected('adds the samples coordinated omission hid: value − k·interval down to the interval', () => {
  const h = createHistogram();
  recordCorrected(h, 1000, 100);
  assert.is(h.totalCount, 10); // 1000, 900, …, 100
  assert.is(h.getValueAtPercentile(0), 100);
  assert.is(maxUs(h), 1000);
  assert.is(h.mean, 550);
});
corrected('adds nothing when the value is within the interval or the interval is 0', () => {
  const h = createHistogram();
  recordCorrected(h, 99, 100);
  recordCorrected(h, 5000, 0);
  recordCorrected(h, 5000, -1);
  assert.is(h.totalCount, 3);
});
corrected('equals recording the synthetic samples by hand', () => {
  const h = createHistogram();
  recordCorrected(h, 25_000, 10_000); // 25 ms at a planned 10 ms spacing hides one at 15 ms (5 ms is below the interval)
  recordCorrected(h, 3_000, 10_000);
  const byHand = createHistogram();
  for (const v of [25_000, 15_000, 3_000]) recordUs(byHand, v);
  assert.is(h.totalCount, 3);
  assert.is(contents(h), contents(byHand));
});
corrected.run();

const codec = suite('encodeHistogram / decodeHistogram');
codec('round-trips through compressed base64', () => {
  const h = createHistogram();
  for (const v of [1, 2, 1000, 123_456, 3_000_000]) recordUs(h, v);
  const text = encodeHistogram(h);
  assert.match(text, /^HIST[A-Za-z0-9+/=]+$/);
  const back = decodeHistogram(text);
  assert.is(contents(back), contents(h));
  assert.is(back.highestTrackableValue, HIGHEST_US);
  assert.is(encodeHistogram(back), text);
});
codec('encoding is deterministic', () => {
  const a = createHistogram();
  const b = createHistogram();
  for (const v of [5, 50, 500]) {
    recordUs(a, v);
    recordUs(b, v);
  }
  assert.is(encodeHistogram(a), encodeHistogram(b));
});
codec.run();

const merge = suite('mergeHistograms');
merge('encode → decode → merge of per-worker parts equals recording everything in one histogram', () => {
  for (const seed of [1, 2, 3, 42]) {
    const random = mulberry32(seed);
    const all = createHistogram();
    const parts = [createHistogram(), createHistogram(), createHistogram(), createHistogram()];
    for (let i = 0; i < 5000; i++) {
      const v = logUniform(random, 1, 600_000_000);
      recordUs(all, v);
      recordUs(parts[i % parts.length] as Histogram, v);
    }
    const merged = mergeHistograms(parts.map((p) => decodeHistogram(encodeHistogram(p))));
    assert.is(contents(merged), contents(all), `seed ${seed}`);
    assert.is(encodeHistogram(merged), encodeHistogram(all), `seed ${seed}`);
  }
});
merge('leaves its inputs unchanged', () => {
  const a = createHistogram();
  recordUs(a, 10);
  const merged = mergeHistograms([a, a]);
  assert.is(merged.totalCount, 2);
  assert.is(a.totalCount, 1);
  assert.is(mergeHistograms([]).totalCount, 0);
});
merge.run();

const encoded = suite('addEncoded / mergeEncoded');
encoded('folding encodings into one histogram equals decoding each and merging', () => {
  const rnd = mulberry32(7);
  const parts = [0, 1, 2].map(() => {
    const h = createHistogram();
    for (let i = 0; i < 500; i++) recordUs(h, logUniform(rnd, 1, 5e6));
    return encodeHistogram(h);
  });
  const expected = contents(mergeHistograms(parts.map(decodeHistogram)));
  assert.is(contents(mergeEncoded(parts)), expected);
  const into = createHistogram();
  for (const p of parts) addEncoded(into, p);
  assert.is(contents(into), expected);
  assert.is(into.totalCount, 1500);
  assert.is(mergeEncoded([]).totalCount, 0);
});
encoded.run();
