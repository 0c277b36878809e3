/**
 * How far each lag percentile can be from the truth, given the per-sample brackets.
 *
 * Each replicated sample says: the true lag lies in [value − u, value + u]. Order
 * statistics are monotone, so if every sample's truth lies in its interval, the true
 * k-th smallest lag lies between the k-th smallest lower end and the k-th smallest
 * upper end. For percentile p (nearest rank k) we report the larger distance from the
 * measured k-th value to those two ends: a guaranteed ± bound, not an average. It is
 * exact-rank arithmetic on the samples, independent of histogram buckets.
 */
import { nearestRank, sortedCopy } from '../stats/exact-quantile.ts';
import { usToMs } from '../stats/percentiles.ts';
import type { LagUncertaintyMs } from './report.ts';

export interface BracketedSample {
  readonly valueUs: number;
  readonly uncertaintyUs: number;
}

/** ± bound in ms at p50, p90, p99 and max; all 0 for no samples. */
export function lagUncertaintyMs(samples: readonly BracketedSample[]): LagUncertaintyMs {
  const mids = sortedCopy(samples.map((s) => s.valueUs));
  const lows = sortedCopy(samples.map((s) => s.valueUs - s.uncertaintyUs));
  const highs = sortedCopy(samples.map((s) => s.valueUs + s.uncertaintyUs));
  const at = (percentile: number): number => {
    const i = nearestRank(percentile, mids.length) - 1;
    if (i < 0) return 0;
    const mid = mids[i] ?? 0;
    return usToMs(Math.max(mid - (lows[i] ?? mid), (highs[i] ?? mid) - mid));
  };
  return { p50: at(50), p90: at(90), p99: at(99), max: at(100) };
}
