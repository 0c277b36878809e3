/**
 * One interval log per metric (`<metric>.hlog`): every series of the metric, cut
 * into fixed intervals of the run clock, each line tagged with the series' labels.
 * Interval histograms are built lazily from the samples, one at a time.
 */
import { addEncoded, createHistogram, recordUs } from '../stats/histogram-factory.ts';
import { renderHlog, type HlogInterval } from '../stats/hlog.ts';
import type { MetricName } from '../metrics.ts';
import { seriesOf, type Report, type Series } from './report.ts';

/** Interval length of the .hlog files: 10 s of run time. */
export const HLOG_INTERVAL_US = 10_000_000;

/** The .hlog text of one metric; '' when the metric has no series. */
export function renderMetricHlog(report: Report, metric: MetricName, intervalUs = HLOG_INTERVAL_US): string {
  const series = seriesOf(report, metric);
  if (series.length === 0) return '';
  const startEpochMs = Date.parse(report.startedAt);
  return renderHlog({
    startEpochMs: Number.isNaN(startEpochMs) ? 0 : startEpochMs,
    comments: [
      `[replbench ${metric}, run ${report.runId}]`,
      `[Values recorded in microseconds; Interval_Max in milliseconds; interval ${intervalUs / 1e6} s; tags are series keys with '+' for ',']`,
    ],
    intervals: intervals(series, intervalUs),
  });
}

function* intervals(series: readonly Series[], intervalUs: number): Generator<HlogInterval> {
  const bySeries = series.map((s) => ({ s, buckets: bucketize(s, intervalUs), encoded: bucketizeIntervals(s, intervalUs) }));
  const indexes = [...new Set(bySeries.flatMap(({ buckets, encoded }) => [...buckets.keys(), ...encoded.keys()]))].sort((a, b) => a - b);
  for (const index of indexes) {
    for (const { s, buckets, encoded } of bySeries) {
      const samples = buckets.get(index);
      const histograms = encoded.get(index);
      if (samples === undefined && histograms === undefined) continue;
      const histogram = createHistogram();
      for (const sample of samples ?? []) recordUs(histogram, sample.valueUs);
      for (const h of histograms ?? []) addEncoded(histogram, h);
      yield { series: s.key, startUs: index * intervalUs, lengthUs: intervalUs, histogram };
    }
  }
}

/** A series recorded as interval histograms (the load phase's): encoded histograms by interval index. */
function bucketizeIntervals(s: Series, intervalUs: number): Map<number, string[]> {
  const buckets = new Map<number, string[]>();
  for (const i of s.intervals ?? []) {
    const index = Math.floor(Math.max(0, i.startUs) / intervalUs);
    const list = buckets.get(index);
    if (list === undefined) buckets.set(index, [i.histogram]);
    else list.push(i.histogram);
  }
  return buckets;
}

function bucketize(s: Series, intervalUs: number): Map<number, Series['samples'][number][]> {
  const buckets = new Map<number, Series['samples'][number][]>();
  for (const sample of s.samples) {
    const index = Math.floor(Math.max(0, sample.tUs) / intervalUs);
    const list = buckets.get(index);
    if (list === undefined) buckets.set(index, [sample]);
    else list.push(sample);
  }
  return buckets;
}
