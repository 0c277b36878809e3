import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHistogram, encodeHistogram, recordUs, type Histogram } from '../../src/stats/histogram-factory.ts';
import { HLOG_LEGEND, readHlog, renderHlog, type HlogInput } from '../../src/stats/hlog.ts';

function histogramOf(values: readonly number[]): Histogram {
  const h = createHistogram();
  for (const v of values) recordUs(h, v);
  return h;
}

function input(): HlogInput {
  return {
    startEpochMs: Date.parse('2024-01-01T00:00:00.000Z'),
    comments: ['[replbench replication_lag]'],
    intervals: [
      { series: 'region=japaneast', startUs: 0, lengthUs: 10_000_000, histogram: histogramOf([150_000, 300_000]) },
      { series: 'region=westeurope', startUs: 0, lengthUs: 10_000_000, histogram: histogramOf([80_000]) },
      { series: 'endpoint=westeurope,worker=eastus', startUs: 10_000_000, lengthUs: 10_000_000, histogram: histogramOf([2_500]) },
      { series: '', startUs: 20_000_000, lengthUs: 5_000_000, histogram: histogramOf([1]) },
    ],
  };
}

const render = suite('renderHlog');
render('writes the header, start time, legend and one tagged line per interval', () => {
  const lines = renderHlog(input()).split('\n');
  assert.is(lines[0], '#[Histogram log format version 1.3]');
  assert.is(lines[1], '#[replbench replication_lag]');
  assert.is(lines[2], '#[StartTime: 1704067200.000 (seconds since epoch), 2024-01-01T00:00:00.000Z]');
  assert.is(lines[3], HLOG_LEGEND);
  assert.is(lines[3], '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"');
  const first = (lines[4] ?? '').split(',');
  assert.is(first[0], 'Tag=region=japaneast');
  assert.is(first[1], '0.000');
  assert.is(first[2], '10.000');
  assert.is(first[3], '300.031'); // max in ms, highest equivalent value of 300 ms
  assert.is(first[4], encodeHistogram(histogramOf([150_000, 300_000])));
  assert.is((lines[6] ?? '').split(',').slice(0, 4).join(','), 'Tag=endpoint=westeurope+worker=eastus,10.000,10.000,2.501');
  assert.is((lines[7] ?? '').split(',').slice(0, 3).join(','), '20.000,5.000,0.001'); // untagged
  assert.is(lines[8], '');
  assert.is(lines.length, 9);
});
render('gives the same bytes for the same input', () => {
  assert.is(renderHlog(input()), renderHlog(input()));
});
render('accepts a lazy iterable of intervals', () => {
  function* lazy() {
    yield* input().intervals;
  }
  assert.is(renderHlog({ ...input(), intervals: lazy() }), renderHlog(input()));
});
render.run();

const read = suite('readHlog');
read('decodes what renderHlog wrote: tags, times and histograms', () => {
  const back = readHlog(renderHlog(input()));
  assert.equal(back.map((i) => [i.tag, i.startSec, i.lengthSec, i.histogram.totalCount]), [
    ['region=japaneast', 0, 10, 2],
    ['region=westeurope', 0, 10, 1],
    ['endpoint=westeurope+worker=eastus', 10, 10, 1],
    ['', 20, 5, 1],
  ]);
  const original = [...input().intervals];
  back.forEach((interval, i) => {
    assert.is(encodeHistogram(interval.histogram), encodeHistogram(original[i]?.histogram as Histogram));
  });
});
read.run();
