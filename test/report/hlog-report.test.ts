import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { renderMetricHlog } from '../../src/report/hlog-report.ts';
import { findSeries } from '../../src/report/report.ts';
import { readHlog } from '../../src/stats/hlog.ts';
import { encodeHistogram, mergeHistograms } from '../../src/stats/histogram-factory.ts';
import { runEvents } from './fixtures.ts';

const hlog = suite('renderMetricHlog');
hlog('cuts each series into 10 s intervals tagged with its labels; the intervals add up to the series', () => {
  const report = foldEvents(runEvents());
  const intervals = readHlog(renderMetricHlog(report, 'replication_lag'));
  assert.equal(intervals.map((i) => [i.tag, i.startSec, i.lengthSec]), [
    ['region=japaneast', 0, 10],
    ['region=westeurope', 0, 10],
    ['region=japaneast', 10, 10],
    ['region=westeurope', 10, 10],
  ]);
  for (const region of ['japaneast', 'westeurope']) {
    const parts = intervals.filter((i) => i.tag === `region=${region}`).map((i) => i.histogram);
    const whole = findSeries(report, 'replication_lag', `region=${region}`)?.histogram;
    assert.ok(whole);
    assert.is(encodeHistogram(mergeHistograms(parts)), encodeHistogram(whole));
  }
});
hlog('starts at the run\'s startedAt and names the metric', () => {
  const text = renderMetricHlog(foldEvents(runEvents()), 'pull_duration');
  assert.match(text, /^#\[Histogram log format version 1\.3\]\n#\[replbench pull_duration, run 20240101T000000Z-smoke\]\n/);
  assert.match(text, /\n#\[StartTime: 1704067200\.000 \(seconds since epoch\), 2024-01-01T00:00:00\.000Z\]\n/);
  assert.match(text, /\nTag=endpoint=westeurope\+worker=eastus,40\.000,10\.000,/);
});
hlog('is empty for a metric without series', () => {
  assert.is(renderMetricHlog(foldEvents(runEvents()), 'replication_lag_webhook'), '');
});
hlog.run();
