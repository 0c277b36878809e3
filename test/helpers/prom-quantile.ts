/**
 * PromQL's histogram_quantile over one series' classic buckets, ported line by
 * line from Prometheus' promql/quantile.go (bucketQuantile, v2.42: the +Inf
 * bucket is required, the rank is q × count, linear interpolation inside the
 * bucket that holds the rank, the first bucket starts at 0, a rank in +Inf
 * answers the highest finite bound). Used to measure what a Grafana panel would
 * show for metrics.prom. Not a test file itself.
 */
export interface PromBucket {
  readonly upperBound: number;
  readonly count: number;
}

export function histogramQuantile(q: number, input: readonly PromBucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const buckets = [...input].sort((a, b) => a.upperBound - b.upperBound).map((b) => ({ ...b }));
  if (buckets.at(-1)?.upperBound !== Infinity) return NaN;
  // coalesceBuckets: equal bounds add up.
  const merged: { upperBound: number; count: number }[] = [];
  for (const b of buckets) {
    const last = merged.at(-1);
    if (last !== undefined && last.upperBound === b.upperBound) last.count += b.count;
    else merged.push(b);
  }
  // ensureMonotonic
  let max = -Infinity;
  for (const b of merged) {
    if (b.count > max) max = b.count;
    else b.count = max;
  }
  if (merged.length < 2) return NaN;
  const observations = merged.at(-1)?.count ?? 0;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = 0;
  while (b < merged.length - 1 && (merged[b]?.count ?? 0) < rank) b++;
  if (b === merged.length - 1) return merged[merged.length - 2]?.upperBound ?? NaN;
  const bucket = merged[b] as { upperBound: number; count: number };
  if (b === 0 && bucket.upperBound <= 0) return bucket.upperBound;
  let start = 0;
  let count = bucket.count;
  if (b > 0) {
    const prev = merged[b - 1] as { upperBound: number; count: number };
    start = prev.upperBound;
    count -= prev.count;
    rank -= prev.count;
  }
  return start + (bucket.upperBound - start) * (rank / count);
}
