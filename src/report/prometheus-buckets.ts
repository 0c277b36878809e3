/**
 * Bucket upper bounds for metrics.prom's histograms, in seconds. They lie on one
 * fixed geometric grid, 2^(k/16) s (the boundaries of Prometheus' native
 * histogram schema 4, each 4.4% above the last), so that PromQL's
 * histogram_quantile, which interpolates linearly inside a bucket, answers
 * within 4.4% of the true percentile (within 5% with the HDR histogram's 0.1%).
 * A run emits only the part of the grid its recorded values span, the same part
 * for every series of one metric so `sum by (le)` across series stays valid;
 * the bounds are rounded to 6 significant digits, so every run writes a grid
 * point the same way.
 */

/** Grid points per doubling. */
export const BUCKETS_PER_DOUBLING = 16;
/** Each bound ÷ the one below it. */
export const BUCKET_GROWTH = 2 ** (1 / BUCKETS_PER_DOUBLING);

const gridPoint = (k: number): number => Number((2 ** (k / BUCKETS_PER_DOUBLING)).toPrecision(6));

/**
 * Bounds (seconds, ascending) covering every value in [lowUs, highUs] µs: one
 * grid point below the lowest value's bucket (so the first filled bucket has its
 * true lower bound, not 0) through one above the highest value's. Empty for an
 * empty range (highUs < lowUs).
 */
export function bucketBoundsSeconds(lowUs: number, highUs: number): number[] {
  if (!(highUs >= lowUs)) return [];
  const index = (us: number): number => Math.ceil(BUCKETS_PER_DOUBLING * Math.log2(Math.max(us, 1) / 1e6) - 1e-9);
  const bounds: number[] = [];
  for (let k = index(lowUs) - 1; k <= index(highUs) + 1; k++) bounds.push(gridPoint(k));
  return bounds;
}
