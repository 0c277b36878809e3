/**
 * One folded series: a metric's µs histogram for one label set, with the samples
 * (or interval histograms) behind it, and how to find a series in a report.
 */
import type { MetricName } from '../metrics.ts';
import type { Histogram } from '../stats/histogram-factory.ts';
import type { Labels } from '../stats/labels.ts';

/** One recorded value and when (run clock); interval logs are cut from these. */
export interface TimedSample {
  readonly tUs: number;
  readonly valueUs: number;
}

export interface Series {
  readonly metric: MetricName;
  /** Series key: `region=westeurope`, `endpoint=westeurope,worker=eastus`. */
  readonly key: string;
  readonly labels: Labels;
  readonly histogram: Histogram;
  readonly samples: readonly TimedSample[];
  /** A remote worker that fed this series was lost mid-run (workers.ts): what it measured before is kept. */
  readonly partial?: boolean;
  /** Pull series of a worker whose paced test dropped arrivals (dropped-arrivals.ts): how many that worker dropped. */
  readonly lostArrivals?: number;
  /** Series recorded as interval histograms rather than samples (the load phase): start (run clock) and compressed-base64 histogram. */
  readonly intervals?: readonly { readonly startUs: number; readonly histogram: string }[];
}

/** The series of one metric, in report order. */
export function seriesOf(report: { readonly series: readonly Series[] }, metric: MetricName): Series[] {
  return report.series.filter((s) => s.metric === metric);
}

/** One series by metric and key. */
export function findSeries(report: { readonly series: readonly Series[] }, metric: MetricName, key: string): Series | undefined {
  return report.series.find((s) => s.metric === metric && s.key === key);
}
