/**
 * Baseline vs candidate: per series (metric × labels) present in both runs, the
 * change of each percentile with a seeded bootstrap confidence interval computed
 * from the per-sample values (see significance.ts), and a verdict:
 *
 * - regression: the increase is significant (one-sided bootstrap p-value, Holm-
 *   adjusted over every percentile test of the comparison, ≤ 1 − confidence) and the
 *   change exceeds the metric's tolerance (relative × baseline and the absolute
 *   floor; for replication lag the floor is at least the two runs' typical probe
 *   resolution added, see floorsFor: a change the probes cannot resolve is never a
 *   regression);
 * - improvement: the mirror image;
 * - conditions-differ: a regression or improvement that the two runs' conditions
 *   explain (compare-conditions.ts: the candidate's machine or harness was busier
 *   for an increase, the baseline's for a decrease), so not evidence either way;
 * - unchanged: anything else (`significant` says whether the change was significant);
 * - insufficient: too few samples above the percentile in either run to test it.
 *
 * Per replica region, a drop of the replicated share beyond `outcomeTolerance` that
 * a one-sided two-proportion z-test finds significant is a regression too.
 * Pure: the same reports and options give the same Comparison.
 */
import { compareText } from '../stats/labels.ts';
import { explains, type ConditionsComparison } from './compare-conditions.ts';
import { COMPARE_METRICS, type CompareMetric, type CompareOptions, type Tolerance } from './compare-options.ts';
import type { Report, Series } from './report.ts';
import { compareOutcomes, comparePullOutcomes, type OutcomeComparison, type PullOutcomeComparison } from './compare-outcomes.ts';
import { hashSeed } from '../random.ts';
import {
  bootstrapPercentileDifferences, holmAdjust, resamplesFor, resolvesPercentile, type PercentileDifference,
} from './significance.ts';

export type Verdict = 'regression' | 'improvement' | 'conditions-differ' | 'unchanged' | 'insufficient';
export type { OutcomeComparison };

export interface PercentileComparison {
  readonly percentile: number;
  readonly baselineMs: number;
  readonly candidateMs: number;
  readonly deltaMs: number;
  /** deltaMs ÷ baselineMs (null when the baseline is 0). */
  readonly ratio: number | null;
  /** Confidence interval of deltaMs at the nominal level (not adjusted); null when not tested. */
  readonly ciMs: { readonly low: number; readonly high: number } | null;
  /** Holm-adjusted one-sided bootstrap p-value in the direction of the change; null when not tested. */
  readonly pAdjusted: number | null;
  /** pAdjusted ≤ 1 − confidence. */
  readonly significant: boolean;
  /** The absolute floor used for this percentile (ms). */
  readonly floorMs: number;
  readonly verdict: Verdict;
}

export interface SeriesComparison {
  readonly metric: CompareMetric;
  readonly key: string;
  readonly baselineCount: number;
  readonly candidateCount: number;
  readonly tolerance: Tolerance;
  readonly percentiles: readonly PercentileComparison[];
}

export interface RunInfo {
  readonly runId: string;
  readonly scenario: string;
  readonly startedAt: string;
  readonly complete: boolean;
  /** Where it was read from (a run directory). */
  readonly source?: string;
}

export interface Comparison {
  readonly baseline: RunInfo;
  readonly candidate: RunInfo;
  readonly options: CompareOptions;
  /** Percentile tests run (the Holm family size). */
  readonly tests: number;
  /** Bootstrap resamples used (options.resamples, raised so that the family can reach significance). */
  readonly resamples: number;
  readonly series: readonly SeriesComparison[];
  readonly outcomes: readonly OutcomeComparison[];
  /** Ok share of pulls per worker × endpoint: a rise in failed pulls is a regression. */
  readonly pullOutcomes: readonly PullOutcomeComparison[];
  /** `metric{key}` of series found in one run only. */
  readonly onlyInBaseline: readonly string[];
  readonly onlyInCandidate: readonly string[];
  readonly regressions: number;
  readonly improvements: number;
  /** Changes marked conditions-differ: significant and beyond tolerance, but explained by the runs' conditions. */
  readonly conditionsDiffer: number;
  /** The two runs' conditions and how they differ; absent when not given (compareReports' `conditions`). */
  readonly conditions?: ConditionsComparison;
  readonly warnings: readonly string[];
}

export function runInfo(report: Report, source?: string): RunInfo {
  return { runId: report.runId, scenario: report.scenario, startedAt: report.startedAt, complete: report.complete, ...(source === undefined ? {} : { source }) };
}

export function compareReports(
  baseline: Report,
  candidate: Report,
  options: CompareOptions,
  sources: { baseline?: string; candidate?: string } = {},
  conditions?: ConditionsComparison,
): Comparison {
  const pairs: Pair[] = [];
  const onlyInBaseline: string[] = [];
  const onlyInCandidate: string[] = [];
  for (const metric of COMPARE_METRICS) {
    const a = byKey(baseline, metric);
    const b = byKey(candidate, metric);
    for (const key of [...new Set([...a.keys(), ...b.keys()])].sort(compareText)) {
      const sa = a.get(key);
      const sb = b.get(key);
      if (sa === undefined) onlyInCandidate.push(`${metric}{${key}}`);
      else if (sb === undefined) onlyInBaseline.push(`${metric}{${key}}`);
      else pairs.push(pairOf(metric, key, sa, sb, options, floorsFor(metric, sa, baseline, candidate)));
    }
  }
  const alpha = 1 - options.confidence;
  const tests = pairs.reduce((n, p) => n + p.tested.filter(Boolean).length, 0);
  const resamples = resamplesFor(tests, alpha, options.resamples);
  const diffs = pairs.map((p) => p.baseline.length === 0 || p.candidate.length === 0 ? [] : bootstrapPercentileDifferences(p.baseline, p.candidate, options.percentiles, {
    resamples, confidence: options.confidence, seed: hashSeed(options.seed, `${p.metric}{${p.key}}`),
  }));
  const testedDiffs = pairs.flatMap((p, i) => (diffs[i] ?? []).filter((_, k) => p.tested[k] === true));
  const adjInc = holmAdjust(testedDiffs.map((d) => d.pIncrease));
  const adjDec = holmAdjust(testedDiffs.map((d) => d.pDecrease));
  let t = 0;
  const series = pairs.map((p, i): SeriesComparison => {
    const percentiles = (diffs[i] ?? []).map((d, k): PercentileComparison => {
      const tested = p.tested[k] === true;
      const up = tested ? adjInc[t] ?? 1 : 1;
      const down = tested ? adjDec[t] ?? 1 : 1;
      if (tested) t++;
      return verdictOf(d, tested, d.delta >= 0 ? up : down, alpha, p.tolerance, round3(Math.max(p.tolerance.minDeltaMs, p.floorMs(d.percentile))), conditions);
    });
    return { metric: p.metric, key: p.key, baselineCount: p.baseline.length, candidateCount: p.candidate.length, tolerance: p.tolerance, percentiles };
  });
  const outcomes = compareOutcomes(baseline, candidate, options);
  const pullOutcomes = comparePullOutcomes(baseline, candidate, options);
  const all = [...series.flatMap((s) => s.percentiles.map((p) => p.verdict)), ...outcomes.map((o) => o.verdict), ...pullOutcomes.map((o) => o.verdict)];
  const warnings: string[] = [];
  if (baseline.scenario !== candidate.scenario) warnings.push(`the runs are of different scenarios: "${baseline.scenario}" and "${candidate.scenario}"`);
  if (!baseline.complete) warnings.push('the baseline run is incomplete');
  if (!candidate.complete) warnings.push('the candidate run is incomplete');
  warnings.push(...resolutionWarnings(baseline, candidate));
  for (const d of conditions?.differences ?? []) warnings.push(`conditions differ: ${d.text}`);
  return {
    baseline: runInfo(baseline, sources.baseline),
    candidate: runInfo(candidate, sources.candidate),
    options,
    tests,
    resamples,
    series,
    outcomes,
    pullOutcomes,
    onlyInBaseline,
    onlyInCandidate,
    regressions: all.filter((v) => v === 'regression').length,
    improvements: all.filter((v) => v === 'improvement').length,
    conditionsDiffer: all.filter((v) => v === 'conditions-differ').length,
    ...(conditions !== undefined ? { conditions } : {}),
    warnings,
  };
}

/**
 * Changes marked conditions-differ that are increases: what would have been a
 * regression without the guard. A nightly fails on them too (it cannot tell them
 * from a regression); an explained decrease fails nothing, as an improvement does not.
 */
export function explainedIncreases(c: Pick<Comparison, 'series'>): number {
  return c.series.reduce((n, s) => n + s.percentiles.filter((p) => p.verdict === 'conditions-differ' && p.deltaMs > 0).length, 0);
}

interface Pair {
  readonly metric: CompareMetric;
  readonly key: string;
  readonly baseline: number[];
  readonly candidate: number[];
  readonly tolerance: Tolerance;
  /** Per requested percentile: enough samples above it in both runs. */
  readonly tested: boolean[];
  readonly floorMs: (percentile: number) => number;
}

function pairOf(metric: CompareMetric, key: string, a: Series, b: Series, options: CompareOptions, floorMs: (p: number) => number): Pair {
  const baseline = a.samples.map((s) => s.valueUs / 1000);
  const candidate = b.samples.map((s) => s.valueUs / 1000);
  const tested = options.percentiles.map((p) => resolvesPercentile(baseline.length, p, options.minTail) && resolvesPercentile(candidate.length, p, options.minTail));
  return { metric, key, baseline, candidate, tolerance: options.tolerances[metric], tested, floorMs };
}

function verdictOf(
  d: PercentileDifference, tested: boolean, pAdjusted: number, alpha: number, tolerance: Tolerance, floorMs: number, conditions: ConditionsComparison | undefined,
): PercentileComparison {
  const beyond = Math.abs(d.delta) > tolerance.relative * d.baseline && Math.abs(d.delta) > floorMs;
  const significant = tested && pAdjusted <= alpha && d.delta !== 0;
  const verdict: Verdict = !tested ? 'insufficient'
    : significant && beyond ? (explains(conditions, d.delta > 0) ? 'conditions-differ' : d.delta > 0 ? 'regression' : 'improvement')
    : 'unchanged';
  return {
    percentile: d.percentile,
    baselineMs: round3(d.baseline),
    candidateMs: round3(d.candidate),
    deltaMs: round3(d.delta),
    ratio: d.baseline > 0 ? Math.round((d.delta / d.baseline) * 1e4) / 1e4 : null,
    ciMs: tested ? { low: round3(d.low), high: round3(d.high) } : null,
    pAdjusted: tested ? Math.round(pAdjusted * 1e6) / 1e6 : null,
    significant,
    floorMs,
    verdict,
  };
}

/**
 * The measurement floor for replication lag: the two runs' typical probe resolution
 * in the region (the median ± of one artifact's lag, added). A change smaller than
 * what the probes resolve is not evidence of anything, however many samples agree.
 */
function floorsFor(metric: CompareMetric, s: Series, baseline: Report, candidate: Report): (percentile: number) => number {
  if (metric !== 'replication_lag') return () => 0;
  const region = s.labels.region ?? '';
  const floor = typicalUncertaintyMs(baseline, region) + typicalUncertaintyMs(candidate, region);
  return () => floor;
}

/**
 * A region whose probe resolution differs more than 3× between the runs (and is
 * over 20 ms in one of them): the watcher of one run was probably starved (CPU,
 * throttling), so its lag figures are suspect whatever the verdict says.
 */
function resolutionWarnings(baseline: Report, candidate: Report): string[] {
  const out: string[] = [];
  for (const region of Object.keys(baseline.outcomes).filter((r) => r in candidate.outcomes)) {
    const a = typicalUncertaintyMs(baseline, region);
    const b = typicalUncertaintyMs(candidate, region);
    const [lo, hi] = a < b ? [a, b] : [b, a];
    if (hi > 20 && hi > 3 * lo) {
      out.push(`probe resolution in ${region} differs: median ± ${round3(a)} ms (baseline) vs ${round3(b)} ms (candidate); ` +
        'the watcher of one run was probably short of CPU or throttled, so lag changes there are suspect');
    }
  }
  return out;
}

/** Median ± (ms) of the replicated artifacts' lags in a region; 0 without any. */
export function typicalUncertaintyMs(report: Pick<Report, 'artifacts'>, region: string): number {
  const us = report.artifacts
    .filter((a) => a.region === region && a.outcome === 'replicated')
    .map((a) => a.uncertaintyUs ?? 0)
    .sort((a, b) => a - b);
  return us.length === 0 ? 0 : (us[Math.floor((us.length - 1) / 2)] ?? 0) / 1000;
}

function byKey(report: Report, metric: CompareMetric): Map<string, Series> {
  return new Map(report.series.filter((s) => s.metric === metric).map((s) => [s.key, s]));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
