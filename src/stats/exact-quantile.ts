/**
 * Exact quantiles of small sample sets, with the same rank rule HdrHistogram uses
 * (nearest rank: the smallest value with at least p% of the samples at or below it).
 * Used where per-sample data matter more than histogram buckets: lag uncertainty,
 * accuracy against ground truth, and the histogram property tests.
 */

/** 1-based nearest rank of percentile p (0–100) among n samples; 0 when n is 0. */
export function nearestRank(percentile: number, n: number): number {
  if (n === 0) return 0;
  const p = Math.min(Math.max(percentile, 0), 100);
  return Math.min(n, Math.max(1, Math.ceil((p / 100) * n - 1e-9)));
}

/** The value at percentile p of values sorted ascending; undefined when empty. */
export function quantileOfSorted(sorted: readonly number[], percentile: number): number | undefined {
  const rank = nearestRank(percentile, sorted.length);
  return rank === 0 ? undefined : sorted[rank - 1];
}

/** A sorted copy (numeric order). */
export function sortedCopy(values: Iterable<number>): number[] {
  return Array.from(values).sort((a, b) => a - b);
}
