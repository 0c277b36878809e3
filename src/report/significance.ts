/**
 * Is a percentile really different between two runs? A seeded bootstrap of the
 * difference of percentiles, from the per-sample values of both runs.
 *
 * Why a bootstrap and not Mann–Whitney U: latency and lag distributions are skewed,
 * heavy-tailed and often multimodal (cache hits and misses, retried probes), and a
 * regression often lives in the tail alone (p99 doubles, the median does not move).
 * Mann–Whitney tests whether one sample tends to be larger than the other (a shift
 * of the bulk); it says nothing about a given percentile and gives no interval in
 * milliseconds. The percentile bootstrap makes no distribution assumption, answers
 * per percentile, and gives a confidence interval of the change in ms that people
 * can read next to the tolerance. It is seeded, so the same runs always give the
 * same interval.
 *
 * Many series and percentiles are tested at once, so the decision uses one-sided
 * bootstrap p-values adjusted with Holm–Bonferroni across the whole comparison: the
 * chance that a comparison of two runs of the same configuration flags anything
 * stays at or below 1 − confidence (before the tolerance, which lowers it further).
 *
 * Limits, stated where the result is shown: resampling cannot invent a tail it has
 * not seen, so a percentile is tested only when each run has at least `minTail`
 * samples above it (n·(1−p) ≥ minTail; p99 needs 500 samples for minTail 5), and the
 * bootstrap treats samples as independent, which successive artifacts of one run
 * only approximately are.
 *
 * Resampling cost is O(B·n) per run: a resample's k-th order statistic is read from
 * index counts over the sorted sample, with no sort per resample.
 */
import { nearestRank, sortedCopy } from '../stats/exact-quantile.ts';
import { seededRandom, type SeededRandom } from '../random.ts';

export interface BootstrapOptions {
  /** Number of bootstrap resamples (B). */
  readonly resamples: number;
  /** Two-sided confidence level of the interval, e.g. 0.99. */
  readonly confidence: number;
  readonly seed: number;
}

export interface PercentileDifference {
  /** 0–100. */
  readonly percentile: number;
  readonly baseline: number;
  readonly candidate: number;
  /** candidate − baseline. */
  readonly delta: number;
  /** Confidence interval of delta (percentile bootstrap, at options.confidence, not adjusted for multiplicity). */
  readonly low: number;
  readonly high: number;
  /** One-sided bootstrap p-value for "the candidate is higher": (1 + #{resampled delta ≤ 0}) / (B + 1). */
  readonly pIncrease: number;
  /** One-sided bootstrap p-value for "the candidate is lower": (1 + #{resampled delta ≥ 0}) / (B + 1). */
  readonly pDecrease: number;
}

/** The exact percentile (nearest rank, as HdrHistogram) of values sorted ascending; NaN when empty. */
export function percentileOfSorted(sorted: readonly number[], percentile: number): number {
  const rank = nearestRank(percentile, sorted.length);
  return rank === 0 ? Number.NaN : (sorted[rank - 1] as number);
}

/** True when a sample of n values has at least minTail values above percentile p. */
export function resolvesPercentile(n: number, percentile: number, minTail: number): boolean {
  return n > 0 && n * (1 - percentile / 100) >= minTail - 1e-9;
}

/**
 * The difference of each percentile between two samples (any unit), with a
 * bootstrap confidence interval. Both samples must be non-empty.
 */
export function bootstrapPercentileDifferences(
  baseline: readonly number[],
  candidate: readonly number[],
  percentiles: readonly number[],
  options: BootstrapOptions,
): PercentileDifference[] {
  if (baseline.length === 0 || candidate.length === 0) throw new RangeError('bootstrap needs two non-empty samples');
  const a = sortedCopy(baseline);
  const b = sortedCopy(candidate);
  const random = seededRandom(options.seed);
  const order = percentiles.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const deltas = percentiles.map(() => new Float64Array(options.resamples));
  const countsA = new Uint32Array(a.length);
  const countsB = new Uint32Array(b.length);
  const atA = new Float64Array(percentiles.length);
  const atB = new Float64Array(percentiles.length);
  for (let r = 0; r < options.resamples; r++) {
    resamplePercentiles(a, countsA, order, random, atA);
    resamplePercentiles(b, countsB, order, random, atB);
    for (let i = 0; i < percentiles.length; i++) (deltas[i] as Float64Array)[r] = (atB[i] as number) - (atA[i] as number);
  }
  const alpha = 1 - options.confidence;
  return percentiles.map((percentile, i) => {
    const sorted = (deltas[i] as Float64Array).sort();
    let atMostZero = 0;
    let atLeastZero = 0;
    for (const d of sorted) {
      if (d <= 0) atMostZero++;
      if (d >= 0) atLeastZero++;
    }
    const base = percentileOfSorted(a, percentile);
    const cand = percentileOfSorted(b, percentile);
    return {
      percentile,
      baseline: base,
      candidate: cand,
      delta: cand - base,
      low: sorted[Math.max(0, Math.floor((alpha / 2) * sorted.length))] ?? 0,
      high: sorted[Math.min(sorted.length - 1, Math.ceil((1 - alpha / 2) * sorted.length) - 1)] ?? 0,
      pIncrease: (1 + atMostZero) / (sorted.length + 1),
      pDecrease: (1 + atLeastZero) / (sorted.length + 1),
    };
  });
}

/** One resample of `sorted` (n draws with replacement); writes each percentile's value into out[i]. */
function resamplePercentiles(
  sorted: readonly number[],
  counts: Uint32Array,
  order: readonly { readonly p: number; readonly i: number }[],
  random: SeededRandom,
  out: Float64Array,
): void {
  const n = sorted.length;
  const scale = n / 4294967296;
  counts.fill(0);
  for (let k = 0; k < n; k++) {
    const j = Math.floor(random.uint32() * scale);
    counts[j] = (counts[j] as number) + 1;
  }
  let cumulative = 0;
  let index = -1;
  for (const { p, i } of order) {
    const rank = nearestRank(p, n);
    while (cumulative < rank) cumulative += counts[++index] as number;
    out[i] = sorted[index] as number;
  }
}

/**
 * Holm–Bonferroni adjusted p-values (same order as the input): rejecting every test
 * whose adjusted p ≤ α keeps the chance of any false rejection in the family ≤ α.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/** Resamples needed so that one test in a Holm family of m can reach adjusted p ≤ α/3. */
export function resamplesFor(m: number, alpha: number, atLeast: number): number {
  return Math.max(atLeast, Math.ceil((3 * Math.max(1, m)) / alpha));
}

/**
 * One-sided two-proportion z statistic for "the candidate's share is lower":
 * (p_baseline − p_candidate) / pooled standard error; 0 when it is undefined.
 */
export function proportionDropZ(baselineHits: number, baselineTotal: number, candidateHits: number, candidateTotal: number): number {
  if (baselineTotal === 0 || candidateTotal === 0) return 0;
  const pb = baselineHits / baselineTotal;
  const pc = candidateHits / candidateTotal;
  const pooled = (baselineHits + candidateHits) / (baselineTotal + candidateTotal);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / baselineTotal + 1 / candidateTotal));
  return se === 0 ? 0 : (pb - pc) / se;
}
