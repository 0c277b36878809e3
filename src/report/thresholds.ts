/**
 * Threshold evaluation on a folded run. The grammar is src/scenario/thresholds.ts.
 *
 * Defaults (defaultThresholds): a scenario that sets no threshold on an outcome metric
 * gets `rate(<success>)==1` on it whenever the run has such outcomes — every pull ok,
 * every artifact replicated, every load request answered 2xx/3xx — so a run with
 * failures fails unless the scenario says what it tolerates (an empty list: none).
 *
 * Like k6, a selector picks the samples whose labels match and aggregates them: one
 * result per expression. A threshold whose selection holds no data fails (actual null):
 * a gate that cannot be checked must not pass silently.
 */
import { LOAD_OUTCOME_METRIC, OUTCOME_METRIC, OUTCOME_METRICS, PULL_OUTCOME_METRIC, type OutcomeMetric } from '../metrics.ts';
import { parseThresholds, thresholdKeyMetric, type Aggregation, type Comparison, type Threshold, type ThresholdInput } from '../scenario/thresholds.ts';
import { mergeHistograms } from '../stats/histogram-factory.ts';
import { matchesSelector, seriesKey, type Labels } from '../stats/labels.ts';
import { exactMaxUs, exactMinUs, reportedPercentileUs, usToMs } from '../stats/percentiles.ts';
import { loadOutcomeTotals, type OutcomeTally } from './pull-outcomes.ts';
import type { OutcomeCounts, Report, ThresholdResult } from './report.ts';

export type ThresholdReport = Pick<Report, 'series' | 'outcomes' | 'pullOutcomes' | 'load'>;

/**
 * The scenario's thresholds plus a default `rate(<success>)==1` for each outcome metric the
 * scenario left unset (no key of that metric at all) and the run has outcomes of. Defaults
 * carry " (default)" in their expression.
 */
export function defaultThresholds(input: ThresholdInput, report: ThresholdReport): Threshold[] {
  const given = parseThresholds(input);
  const keyed = new Set(Object.keys(input).map(thresholdKeyMetric));
  const present: Record<OutcomeMetric, boolean> = {
    [OUTCOME_METRIC]: Object.values(report.outcomes).some((c) => c.replicated + c.timedOut + c.errored + c.inconsistent > 0),
    [PULL_OUTCOME_METRIC]: Object.values(report.pullOutcomes).some((p) => tallyTotal(p.counts) > 0),
    [LOAD_OUTCOME_METRIC]: Object.keys(report.load ?? {}).length > 0,
  };
  const defaults: Threshold[] = [];
  for (const [metric, spec] of Object.entries(OUTCOME_METRICS) as [OutcomeMetric, (typeof OUTCOME_METRICS)[OutcomeMetric]][]) {
    if (keyed.has(metric) || !present[metric]) continue;
    const [th] = parseThresholds({ [metric]: `rate(${spec.success})==1` });
    if (th !== undefined) defaults.push({ ...th, expr: `${th.expr} (default)` });
  }
  return [...given, ...defaults];
}

/** Evaluates each threshold on the folded series and outcomes, in input order. */
export function evaluateThresholds(thresholds: readonly Threshold[], report: ThresholdReport): ThresholdResult[] {
  return thresholds.map((th) => {
    const actual =
      th.metric === OUTCOME_METRIC
        ? outcomeActual(th, report.outcomes)
        : th.metric === PULL_OUTCOME_METRIC
          ? tallyActual(th, Object.values(report.pullOutcomes))
          : th.metric === LOAD_OUTCOME_METRIC
            ? tallyActual(th, loadOutcomeTotals(report.load ?? {}))
            : latencyActual(th, report);
    const series = Object.keys(th.selector).length === 0 ? '*' : seriesKey(th.selector);
    const ok = actual !== null && compare(actual, th.op, th.target);
    return { expr: th.expr, series, actual, ok, unit: unitOf(th.aggregation) };
  });
}

function unitOf(a: Aggregation): ThresholdResult['unit'] {
  return a.kind === 'rate' ? 'ratio' : a.kind === 'count' || a.kind === 'outcome-count' ? 'count' : 'ms';
}

function latencyActual(th: Threshold, report: Pick<Report, 'series'>): number | null {
  const picked = report.series.filter((s) => s.metric === th.metric && matchesSelector(s.labels, th.selector));
  const h = mergeHistograms(picked.map((s) => s.histogram));
  if (h.totalCount === 0) return null;
  const a = th.aggregation;
  switch (a.kind) {
    case 'percentile': return usToMs(reportedPercentileUs(h, a.percentile));
    case 'min': return usToMs(exactMinUs(h));
    case 'max': return usToMs(exactMaxUs(h));
    case 'avg': return usToMs(h.mean);
    case 'count': return h.totalCount;
    default: return null;
  }
}

function outcomeActual(th: Threshold, outcomes: Readonly<Record<string, OutcomeCounts>>): number | null {
  const a = th.aggregation;
  if (a.kind !== 'rate' && a.kind !== 'outcome-count') return null;
  let hits = 0;
  let total = 0;
  for (const [region, c] of Object.entries(outcomes)) {
    if (!matchesSelector({ region }, th.selector)) continue;
    total += c.replicated + c.timedOut + c.errored + c.inconsistent;
    hits += countOf(c, a.outcome);
  }
  if (total === 0) return null;
  return a.kind === 'outcome-count' ? hits : Math.round((hits / total) * 1e6) / 1e6;
}

function tallyTotal(c: OutcomeTally): number {
  let total = 0;
  for (const n of Object.values(c)) total += n;
  return total;
}

/** rate()/count() over the outcome tallies whose labels match the selector. */
function tallyActual(th: Threshold, tallies: readonly { readonly labels: Labels; readonly counts: OutcomeTally }[]): number | null {
  const a = th.aggregation;
  if (a.kind !== 'rate' && a.kind !== 'outcome-count') return null;
  let hits = 0;
  let total = 0;
  for (const t of tallies) {
    if (!matchesSelector(t.labels, th.selector)) continue;
    total += tallyTotal(t.counts);
    hits += t.counts[a.outcome] ?? 0;
  }
  if (total === 0) return null;
  return a.kind === 'outcome-count' ? hits : Math.round((hits / total) * 1e6) / 1e6;
}

function countOf(c: OutcomeCounts, outcome: string): number {
  switch (outcome) {
    case 'replicated': return c.replicated;
    case 'timed-out': return c.timedOut;
    case 'errored': return c.errored;
    case 'inconsistent': return c.inconsistent;
    default: return 0;
  }
}

function compare(actual: number, op: Comparison, target: number): boolean {
  switch (op) {
    case '<': return actual < target;
    case '<=': return actual <= target;
    case '>': return actual > target;
    case '>=': return actual >= target;
    case '==': return actual === target;
    case '!=': return actual !== target;
  }
}
