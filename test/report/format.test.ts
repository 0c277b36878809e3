import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  compactTable,
  durationText,
  gainText,
  inlineCode,
  optionalDurationText,
  percentileText,
  percentText,
  signedDurationText,
  table,
  thresholdActualText,
} from '../../src/report/format.ts';
import { createHistogram, recordUs } from '../../src/stats/histogram-factory.ts';

const durations = suite('durations');
durations('durationText picks the unit; optional and signed variants show – for none', () => {
  assert.is(durationText(0.85), '850µs');
  assert.is(durationText(12.5), '12.5ms');
  assert.is(durationText(1200), '1.2s');
  assert.is(durationText(150_000), '2.5m');
  assert.is(optionalDurationText(null), '–');
  assert.is(optionalDurationText(3), '3ms');
  assert.is(signedDurationText(-0.85), '−850µs');
  assert.is(signedDurationText(1200), '+1.2s');
  assert.is(signedDurationText(null), '–');
});
durations('percentileText reads the reported percentile of a µs histogram', () => {
  const h = createHistogram();
  for (let us = 1000; us <= 100_000; us += 1000) recordUs(h, us);
  assert.is(percentileText(h, 100), '100ms');
  assert.is(percentileText(h, 50), '50ms');
});
durations.run();

const numbers = suite('numbers');
numbers('percentText trims trailing zeros, gainText keeps two decimals', () => {
  assert.is(percentText(0.985), '98.5%');
  assert.is(percentText(1), '100%');
  assert.is(gainText(3.1), '3.10×');
});
numbers.run();

const actual = suite('thresholdActualText');
actual('formats durations, ratios, counts and missing data', () => {
  const base = { expr: 'x', series: '*', ok: true } as const;
  assert.is(thresholdActualText({ ...base, actual: 1500, unit: 'ms' }), '1.5s');
  assert.is(thresholdActualText({ ...base, actual: 0.98, unit: 'ratio' }), '98.00%');
  assert.is(thresholdActualText({ ...base, actual: 3, unit: 'count' }), '3');
  assert.is(thresholdActualText({ ...base, actual: null, unit: 'ms' }), 'no data');
});
actual.run();

const tables = suite('tables');
tables('table escapes | in cells; compactTable writes cells as given under a |---| rule', () => {
  assert.is(table(['a', 'b'], [['x|y', '1']]), '| a | b |\n| --- | --- |\n| x\\|y | 1 |');
  assert.is(compactTable(['a', 'b'], [['x', '1']]), '| a | b |\n|---|---|\n| x | 1 |');
  assert.is(inlineCode('a`b'), "`a'b`");
});
tables.run();
