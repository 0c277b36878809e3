import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHistogram, recordUs } from '../../src/stats/histogram-factory.ts';
import { renderHgrm } from '../../src/stats/hgrm.ts';

const hgrm = suite('renderHgrm');
hgrm('writes the plotter format: header, value/percentile rows in ms, footer', () => {
  const h = createHistogram();
  for (const us of [25_000, 50_000, 75_000]) recordUs(h, us);
  const lines = renderHgrm(h).split('\n');
  assert.is(lines[0], '       Value     Percentile TotalCount 1/(1-Percentile)');
  assert.is(lines[1], '');
  const rows = lines.filter((l) => /^\s+\d/.test(l));
  assert.ok(rows.length >= 3);
  const first = rows[0]?.trim().split(/\s+/) ?? [];
  assert.is(first[0], '25.007'); // 25 ms at 3 significant digits, shown in ms
  assert.is(first[1], '0.000000000000');
  assert.is(first[2], '1');
  assert.is(first[3], '1.00');
  const last = rows[rows.length - 1]?.trim().split(/\s+/) ?? [];
  assert.is(last[1], '1.000000000000');
  assert.is(last[2], '3');
  assert.is(last.length, 3); // the 100% row has no 1/(1-p) column
  assert.match(renderHgrm(h), /#\[Mean    =\s+(49|50)\.\d{3}, StdDeviation   =\s+[\d.]+\]\n/);
  assert.match(renderHgrm(h), /#\[Max     =\s+75\.\d{3}, Total count    =\s+3\]\n/);
  assert.match(renderHgrm(h), /#\[Buckets =\s+\d+, SubBuckets     =\s+2048\]\n$/);
});
hgrm('is the same text for the same histogram', () => {
  const a = createHistogram();
  const b = createHistogram();
  for (const us of [1, 10, 100, 1000, 10_000]) {
    recordUs(a, us);
    recordUs(b, us);
  }
  assert.is(renderHgrm(a), renderHgrm(b));
});
hgrm.run();
