/**
 * When a percentile rests on too few samples to mean anything: the
 * nearest-rank p-th percentile of n samples is the largest of them unless
 * ceil(p/100 · n) < n, i.e. n ≥ 100/(100 − p) — p50 needs 2 samples, p90 10,
 * p99 100, p99.9 1000. Below that the "p99" of a series is its max under
 * another name, and the report marks it.
 */

/** The fewest samples whose nearest-rank p-th percentile (0 ≤ p < 100) is not simply their max. */
export function minSamplesFor(percentile: number): number {
  if (percentile >= 100) return 1;
  return Math.max(1, Math.ceil(100 / (100 - percentile) - 1e-9));
}

/** True when n samples are too few for the p-th percentile (the max, p = 100, never is; nor is an empty series). */
export function tooFewFor(percentile: number, n: number): boolean {
  return n > 0 && n < minSamplesFor(percentile);
}
