/**
 * `compare --aa`: how often would compare flag a change between two runs of
 * one configuration on this runner? Given several run directories of the same
 * scenario and settings (an A/A test), every pair of them (older as baseline)
 * is compared with the user's options; since nothing changed, every pair with a
 * regression or an improvement is a false alarm. Reported: the false-alarm
 * rate with a Wilson interval, the pairs the conditions guard caught
 * (compare-conditions.ts), and per metric and percentile the largest change
 * seen between any two runs: the runner's own noise, which a tolerance has to
 * exceed for a nightly on it to stay quiet.
 *
 * The pairs share runs, so they are not independent: the interval treats them
 * as if they were and is too narrow by up to a factor of about √(runs − 1)/√2;
 * the text says so. Pure: same runs and options, same estimate.
 */
import { UsageError } from '../errors.ts';
import { compareText } from '../stats/labels.ts';
import { compareReports, runInfo, type RunInfo } from './compare.ts';
import { compareConditions, type RunConditions } from './compare-conditions.ts';
import { COMPARE_METRICS, type CompareMetric, type CompareOptions } from './compare-options.ts';
import type { Report } from './report.ts';

export const AA_MIN_RUNS = 3;

export interface AaRun {
  readonly dir: string;
  readonly report: Report;
  readonly conditions: RunConditions;
}

export interface AaPair {
  readonly baseline: string;
  readonly candidate: string;
  readonly regressions: number;
  readonly improvements: number;
  readonly conditionsDiffer: number;
  /** The guard found the two runs' conditions different (whether or not a change followed). */
  readonly conditionsDifferent: boolean;
}

export interface AaNoise {
  readonly metric: CompareMetric;
  readonly key: string;
  readonly percentile: number;
  /** Pairs in which this percentile was tested (enough samples in both runs). */
  readonly pairsTested: number;
  /** Pairs in which it was flagged (regression or improvement). */
  readonly pairsFlagged: number;
  /** The largest |change| ÷ baseline over the tested pairs. */
  readonly maxAbsRatio: number;
  readonly maxAbsDeltaMs: number;
}

export interface AaEstimate {
  readonly runs: readonly RunInfo[];
  readonly options: CompareOptions;
  readonly pairs: readonly AaPair[];
  /** Pairs with at least one regression or improvement: false alarms, since the runs share one configuration. */
  readonly falseAlarms: number;
  readonly falseAlarmRate: number;
  /** 95% Wilson interval of the rate, treating pairs as independent (they are not: see the header). */
  readonly falseAlarmInterval: { readonly low: number; readonly high: number };
  /** What compare promises per pair and direction: 1 − confidence. */
  readonly nominalRate: number;
  /** Pairs whose only flags the conditions guard turned into `conditions differ`. */
  readonly caughtByConditions: number;
  readonly noise: readonly AaNoise[];
  /**
   * Per metric: the largest relative change seen at any tested percentile between two
   * runs, rounded up to whole percent — a tolerance above it would have flagged none of
   * these pairs on size alone. Absent for a metric with no tested percentile.
   */
  readonly observedNoise: Readonly<Partial<Record<CompareMetric, number>>>;
}

/** The A/A estimate over every pair of `runs` (at least AA_MIN_RUNS, one scenario). */
export function estimateFalseAlarms(runs: readonly AaRun[], options: CompareOptions): AaEstimate {
  if (runs.length < AA_MIN_RUNS) {
    throw new UsageError(`--aa needs at least ${AA_MIN_RUNS} run directories of one configuration; found ${runs.length}`);
  }
  const scenarios = [...new Set(runs.map((r) => r.report.scenario))];
  if (scenarios.length > 1) throw new UsageError(`--aa compares runs of one configuration; these are of scenarios ${scenarios.map((s) => `"${s}"`).join(', ')}`);
  const sorted = [...runs].sort((a, b) => compareText(a.report.startedAt, b.report.startedAt) || compareText(a.report.runId, b.report.runId));
  const pairs: AaPair[] = [];
  const noise = new Map<string, { metric: CompareMetric; key: string; percentile: number; tested: number; flagged: number; ratio: number; delta: number }>();
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i] as AaRun;
      const b = sorted[j] as AaRun;
      const conditions = compareConditions(a.conditions, b.conditions);
      const c = compareReports(a.report, b.report, options, { baseline: a.dir, candidate: b.dir }, conditions);
      pairs.push({
        baseline: a.report.runId, candidate: b.report.runId,
        regressions: c.regressions, improvements: c.improvements, conditionsDiffer: c.conditionsDiffer,
        conditionsDifferent: conditions.differences.length > 0,
      });
      for (const s of c.series) {
        for (const p of s.percentiles) {
          if (p.verdict === 'insufficient') continue;
          const id = `${s.metric}{${s.key}} p${p.percentile}`;
          const n = noise.get(id) ?? { metric: s.metric, key: s.key, percentile: p.percentile, tested: 0, flagged: 0, ratio: 0, delta: 0 };
          n.tested++;
          if (p.verdict === 'regression' || p.verdict === 'improvement') n.flagged++;
          n.ratio = Math.max(n.ratio, Math.abs(p.ratio ?? 0));
          n.delta = Math.max(n.delta, Math.abs(p.deltaMs));
          noise.set(id, n);
        }
      }
    }
  }
  const falseAlarms = pairs.filter((p) => p.regressions + p.improvements > 0).length;
  const caught = pairs.filter((p) => p.regressions + p.improvements === 0 && p.conditionsDiffer > 0).length;
  const rows = [...noise.values()].map((n): AaNoise => ({
    metric: n.metric, key: n.key, percentile: n.percentile, pairsTested: n.tested, pairsFlagged: n.flagged,
    maxAbsRatio: Math.round(n.ratio * 1e4) / 1e4, maxAbsDeltaMs: Math.round(n.delta * 1000) / 1000,
  }));
  const observedNoise: Partial<Record<CompareMetric, number>> = {};
  for (const metric of COMPARE_METRICS) {
    const of = rows.filter((r) => r.metric === metric);
    if (of.length > 0) observedNoise[metric] = Math.ceil(Math.max(...of.map((r) => r.maxAbsRatio)) * 100) / 100;
  }
  return {
    runs: sorted.map((r) => runInfo(r.report, r.dir)),
    options,
    pairs,
    falseAlarms,
    falseAlarmRate: round4(falseAlarms / pairs.length),
    falseAlarmInterval: wilson(falseAlarms, pairs.length),
    nominalRate: round4(1 - options.confidence),
    caughtByConditions: caught,
    noise: rows,
    observedNoise,
  };
}

/** 95% Wilson score interval of k successes in n trials. */
export function wilson(k: number, n: number): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const z = 1.959963984540054;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { low: round4(Math.max(0, centre - half)), high: round4(Math.min(1, centre + half)) };
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
