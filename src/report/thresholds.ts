/**
 * k6-like thresholds: `metric{label:value,…}: ["p(99)<30s", "max<2m", "avg<1s", "med<500ms"]`
 * on the latency metrics, and `replication_outcome{region:x}: ["rate(replicated)>=0.99",
 * "count(timed-out)==0"]` on outcomes; `pull_outcome{worker:x,endpoint:y}: ["rate(ok)==1"]`
 * (ok, digest-mismatch, error, timeout, stalled, throttled) and `load_outcome{…}: ["rate(ok)>=0.999"]`
 * (ok, error, timeout, throttled) on the pulls' and the load phase's outcomes. Durations
 * take units ("250ms", "2s", "2m"; a bare number is ms); rates are fractions (0.99) or
 * percentages ("99%").
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
import { ConfigError } from '../errors.ts';
import type { LoggedThresholds, ReplicationOutcome } from '../events/index.ts';
import { parseDurationMs } from '../units.ts';
import { mergeHistograms } from '../stats/histogram-factory.ts';
import { matchesSelector, seriesKey, type Labels } from '../stats/labels.ts';
import { exactMaxUs, exactMinUs, reportedPercentileUs, usToMs } from '../stats/percentiles.ts';
import { loadOutcomeTotals, LOAD_OUTCOMES, PULL_OUTCOMES, type OutcomeTally } from './pull-outcomes.ts';
import { METRIC_LABELS, METRICS, type MetricName, type OutcomeCounts, type Report, type ThresholdResult } from './report.ts';

export const OUTCOME_METRIC = 'replication_outcome';
export const PULL_OUTCOME_METRIC = 'pull_outcome';
export const LOAD_OUTCOME_METRIC = 'load_outcome';
const OUTCOMES: readonly ReplicationOutcome[] = ['replicated', 'timed-out', 'errored', 'inconsistent'];
type OutcomeMetric = typeof OUTCOME_METRIC | typeof PULL_OUTCOME_METRIC | typeof LOAD_OUTCOME_METRIC;
/** Each outcome metric: its outcomes, its selector labels, the outcome its default asks all of. */
const OUTCOME_METRICS: Readonly<Record<OutcomeMetric, { outcomes: readonly string[]; labels: readonly string[]; success: string }>> = {
  [OUTCOME_METRIC]: { outcomes: OUTCOMES, labels: ['region'], success: 'replicated' },
  [PULL_OUTCOME_METRIC]: { outcomes: PULL_OUTCOMES, labels: ['endpoint', 'worker'], success: 'ok' },
  [LOAD_OUTCOME_METRIC]: { outcomes: LOAD_OUTCOMES, labels: ['endpoint', 'kind', 'worker'], success: 'ok' },
};
const isOutcomeMetric = (m: string): m is OutcomeMetric => Object.hasOwn(OUTCOME_METRICS, m);

export type ThresholdInput = LoggedThresholds;

export type Aggregation =
  | { readonly kind: 'percentile'; readonly percentile: number }
  | { readonly kind: 'min' | 'max' | 'avg' | 'count' }
  | { readonly kind: 'rate' | 'outcome-count'; readonly outcome: string };

export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Threshold {
  /** `<key>: <expression>` exactly as written. */
  readonly expr: string;
  readonly metric: MetricName | OutcomeMetric;
  readonly selector: Labels;
  readonly aggregation: Aggregation;
  readonly op: Comparison;
  /** ms for durations, a fraction for rates, a number for counts. */
  readonly target: number;
}

const KEY_RE = /^\s*([a-z_][a-z0-9_]*)\s*(?:\{([^}]*)\})?\s*$/;
const EXPR_RE = /^\s*(p\(\s*(\d+(?:\.\d+)?)\s*\)|min|max|avg|med|count|(rate|count)\(\s*([a-z-]+)\s*\))\s*(<=|>=|===|!==|==|!=|<|>)\s*(\S.*?)\s*$/;
/**
 * The same grammar for editors (JSON Schema patterns): a key names a known
 * metric; an expression's value is a number, a percentage or a duration.
 */
export const THRESHOLD_KEY_PATTERN = `^\\s*(${[...METRICS, OUTCOME_METRIC].join('|')})\\s*(\\{[^}]*\\})?\\s*$`;
export const THRESHOLD_EXPR_PATTERN =
  '^\\s*(p\\(\\s*\\d+(\\.\\d+)?\\s*\\)|min|max|avg|med|count|(rate|count)\\(\\s*(replicated|timed-out|errored|inconsistent)\\s*\\))' +
  '\\s*(<=|>=|===|!==|==|!=|<|>)\\s*(\\d+(\\.\\d+)?%?|(\\d+(\\.\\d+)?(us|µs|ms|s|m|h))+)\\s*$';
const EXPECTED_EXPR = 'an expression such as "p(99)<30s", "max<2m", "avg<1s", "med<500ms" or "rate(replicated)>=0.99"';

/** Parses the scenario's thresholds; `path` prefixes messages (`scenario.yaml: thresholds`). */
export function parseThresholds(input: ThresholdInput, path = 'thresholds'): Threshold[] {
  const out: Threshold[] = [];
  for (const [key, value] of Object.entries(input)) {
    const where = `${path}["${key}"]`;
    const { metric, selector } = parseKey(key, where);
    const items = typeof value === 'string' ? [value] : value;
    items.forEach((item, i) => {
      const text = typeof item === 'string' ? item : item.threshold;
      out.push(parseExpression(key, metric, selector, text, `${where}[${i}]`));
    });
  }
  return out;
}

function parseKey(key: string, where: string): { metric: Threshold['metric']; selector: Labels } {
  const m = KEY_RE.exec(key);
  const metric = m?.[1] ?? '';
  const isOutcome = isOutcomeMetric(metric);
  if (!m || (!isOutcome && !(METRICS as readonly string[]).includes(metric))) {
    const names = [...METRICS, ...Object.keys(OUTCOME_METRICS)].join(', ');
    throw new ConfigError(`${where}: expected a metric (${names}) with an optional {label:value} selector, found "${key}"`);
  }
  const allowed = isOutcome ? OUTCOME_METRICS[metric].labels : METRIC_LABELS[metric as MetricName];
  const selector: Record<string, string> = {};
  for (const part of (m[2] ?? '').split(',').filter((p) => p.trim() !== '')) {
    const [name = '', label = ''] = part.split(/[:=]/, 2).map((s) => s.trim().replace(/^["']|["']$/g, ''));
    if (!allowed.includes(name) || label === '') {
      throw new ConfigError(`${where}: expected a selector label:value with label one of ${allowed.join(', ')}, found "${part.trim()}"`);
    }
    selector[name] = label;
  }
  return { metric: metric as Threshold['metric'], selector };
}

function parseExpression(key: string, metric: Threshold['metric'], selector: Labels, text: string, where: string): Threshold {
  const m = EXPR_RE.exec(text);
  if (!m) throw new ConfigError(`${where}: expected ${EXPECTED_EXPR}, found "${text}"`);
  const [, agg = '', pct, fn, outcome, rawOp = '', rawTarget = ''] = m;
  const aggregation = toAggregation(agg, pct, fn, outcome);
  const isOutcomeAgg = aggregation.kind === 'rate' || aggregation.kind === 'outcome-count';
  if (isOutcomeAgg !== isOutcomeMetric(metric)) {
    const hint = isOutcomeAgg ? `only ${Object.keys(OUTCOME_METRICS).join(', ')} take rate()/count(outcome)` : `${metric} takes only rate(<outcome>) or count(<outcome>)`;
    throw new ConfigError(`${where}: ${hint}, found "${text}"`);
  }
  if ('outcome' in aggregation && isOutcomeMetric(metric) && !OUTCOME_METRICS[metric].outcomes.includes(aggregation.outcome)) {
    throw new ConfigError(`${where}: expected an outcome of ${metric} (${OUTCOME_METRICS[metric].outcomes.join(', ')}), found "${aggregation.outcome}" in "${text}"`);
  }
  if (aggregation.kind === 'percentile' && aggregation.percentile > 100) {
    throw new ConfigError(`${where}: expected a percentile between 0 and 100, found "${text}"`);
  }
  const op = rawOp.replace(/^(==|!=)=$/, '$1') as Comparison;
  const target = parseTarget(aggregation, rawTarget, text, where);
  return { expr: `${key}: ${text}`, metric, selector, aggregation, op, target };
}

function toAggregation(agg: string, pct?: string, fn?: string, outcome?: string): Aggregation {
  if (pct !== undefined) return { kind: 'percentile', percentile: Number(pct) };
  if (fn !== undefined) return { kind: fn === 'rate' ? 'rate' : 'outcome-count', outcome: outcome ?? '' };
  if (agg === 'med') return { kind: 'percentile', percentile: 50 };
  return { kind: agg as 'min' | 'max' | 'avg' | 'count' };
}

function parseTarget(aggregation: Aggregation, raw: string, text: string, where: string): number {
  if (aggregation.kind === 'rate') {
    const pct = /^(\d+(?:\.\d+)?)%$/.exec(raw);
    const value = pct ? Number(pct[1]) / 100 : /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= 0 && value <= 1)) throw new ConfigError(`${where}: expected a rate between 0 and 1 (or 0%–100%), found "${raw}" in "${text}"`);
    return value;
  }
  if (aggregation.kind === 'count' || aggregation.kind === 'outcome-count') {
    if (!/^\d+$/.test(raw)) throw new ConfigError(`${where}: expected a whole count, found "${raw}" in "${text}"`);
    return Number(raw);
  }
  try {
    return parseDurationMs(raw);
  } catch {
    throw new ConfigError(`${where}: expected a duration such as "250ms", "30s" or "2m", found "${raw}" in "${text}"`);
  }
}

export type ThresholdReport = Pick<Report, 'series' | 'outcomes' | 'pullOutcomes' | 'load'>;

/**
 * The scenario's thresholds plus a default `rate(<success>)==1` for each outcome metric the
 * scenario left unset (no key of that metric at all) and the run has outcomes of. Defaults
 * carry " (default)" in their expression.
 */
export function defaultThresholds(input: ThresholdInput, report: ThresholdReport): Threshold[] {
  const given = parseThresholds(input);
  const keyed = new Set(Object.keys(input).map((k) => KEY_RE.exec(k)?.[1] ?? k));
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
