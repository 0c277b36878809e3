/**
 * Summaries of a µs histogram in milliseconds, rounded to whole µs so the same
 * histogram always prints the same numbers.
 */
import type { Histogram } from './histogram-factory.ts';
import { US_PER_MS } from './histogram-factory.ts';

export interface LatencySummaryMs {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** µs → ms, rounded to whole µs (3 decimals). */
export function usToMs(us: number): number {
  return Math.round(us) / US_PER_MS;
}

/** usToMs, or null for no value (an empty sample's quantile). */
export function usToMsOrNull(us: number | undefined): number | null {
  return us === undefined ? null : usToMs(us);
}

/** Smallest recorded value in µs, as the lowest value equivalent to it (0 for an empty histogram). */
export function minUs(h: Histogram): number {
  return h.totalCount === 0 ? 0 : h.getValueAtPercentile(0);
}

/**
 * Largest recorded value in µs (0 for an empty histogram), as the highest value
 * equivalent to it at the histogram's precision, like HdrHistogram's getMaxValue:
 * the exact maximum does not survive encoding, so this is what a decoded or merged
 * histogram reports too, and it keeps p50 ≤ … ≤ p99.9 ≤ max.
 */
export function maxUs(h: Histogram): number {
  return h.totalCount === 0 ? 0 : h.getValueAtPercentile(100);
}

/**
 * The value at a percentile (0–100) in µs: the highest value equivalent to the
 * sample at the nearest rank (the lowest one for percentile 0). 0 when empty.
 */
export function percentileUs(h: Histogram, percentile: number): number {
  return h.totalCount === 0 ? 0 : h.getValueAtPercentile(percentile);
}

/**
 * The largest value recorded, exactly, in µs (0 when empty). The histogram tracks
 * it beside its buckets for values recorded into it or added from such a
 * histogram; one decoded from compressed base64 (the load phase's intervals) knows
 * only its highest bucket, so there it equals maxUs.
 */
export function exactMaxUs(h: Histogram): number {
  return h.totalCount === 0 ? 0 : Math.min(h.maxValue, maxUs(h));
}

/** The smallest value recorded, exactly, in µs (0 when empty or when a 0 was recorded); see exactMaxUs. */
export function exactMinUs(h: Histogram): number {
  if (h.totalCount === 0 || minUs(h) === 0) return 0;
  return Math.max(h.minNonZeroValue, minUs(h));
}

/**
 * A percentile (0–100) in µs as a report states it: percentileUs, but never above
 * the exact maximum (a bucket's highest equivalent value can lie above every
 * observation), and the exact maximum itself at 100.
 */
export function reportedPercentileUs(h: Histogram, percentile: number): number {
  const max = exactMaxUs(h);
  return percentile >= 100 ? max : Math.min(percentileUs(h, percentile), max);
}

/**
 * {count, min, mean, p50, p90, p95, p99, p999, max}, values in ms: min and max the
 * exact extremes recorded, percentiles at the histogram's precision (0.1 %) capped
 * at that max, mean from the buckets.
 */
export function summarizeMs(h: Histogram): LatencySummaryMs {
  return {
    count: h.totalCount,
    min: usToMs(exactMinUs(h)),
    mean: usToMs(h.totalCount === 0 ? 0 : h.mean),
    p50: usToMs(reportedPercentileUs(h, 50)),
    p90: usToMs(reportedPercentileUs(h, 90)),
    p95: usToMs(reportedPercentileUs(h, 95)),
    p99: usToMs(reportedPercentileUs(h, 99)),
    p999: usToMs(reportedPercentileUs(h, 99.9)),
    max: usToMs(exactMaxUs(h)),
  };
}
