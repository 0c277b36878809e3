/**
 * k6-like thresholds: `metric{label:value,…}: ["p(99)<30s", "max<2m", "avg<1s", "med<500ms"]`
 * on the latency metrics, and `replication_outcome{region:x}: ["rate(replicated)>=0.99",
 * "count(timed-out)==0"]` on outcomes. Durations take units ("250ms", "2s", "2m"; a bare
 * number is ms); rates are fractions (0.99) or percentages ("99%").
 *
 * Like k6, a selector picks the samples whose labels match and aggregates them: one
 * result per expression. A threshold whose selection holds no data fails (actual null):
 * a gate that cannot be checked must not pass silently.
 */
import { ConfigError } from '../errors.ts';
import type { LoggedThresholds, ReplicationOutcome } from '../run/events.ts';
import { parseDurationMs } from '../scenario/units.ts';
import { mergeHistograms } from '../stats/histogram-factory.ts';
import { matchesSelector, seriesKey, type Labels } from '../stats/labels.ts';
import { maxUs, minUs, percentileUs, usToMs } from '../stats/percentiles.ts';
import { METRIC_LABELS, METRICS, type MetricName, type OutcomeCounts, type Report, type ThresholdResult } from './report.ts';

export const OUTCOME_METRIC = 'replication_outcome';
const OUTCOMES: readonly ReplicationOutcome[] = ['replicated', 'timed-out', 'errored', 'inconsistent'];

export type ThresholdInput = LoggedThresholds;

export type Aggregation =
  | { readonly kind: 'percentile'; readonly percentile: number }
  | { readonly kind: 'min' | 'max' | 'avg' | 'count' }
  | { readonly kind: 'rate' | 'outcome-count'; readonly outcome: ReplicationOutcome };

export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Threshold {
  /** `<key>: <expression>` exactly as written. */
  readonly expr: string;
  readonly metric: MetricName | typeof OUTCOME_METRIC;
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
  const isOutcome = metric === OUTCOME_METRIC;
  if (!m || (!isOutcome && !(METRICS as readonly string[]).includes(metric))) {
    const names = [...METRICS, OUTCOME_METRIC].join(', ');
    throw new ConfigError(`${where}: expected a metric (${names}) with an optional {label:value} selector, found "${key}"`);
  }
  const allowed = isOutcome ? ['region'] : METRIC_LABELS[metric as MetricName];
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
  if (isOutcomeAgg !== (metric === OUTCOME_METRIC)) {
    const hint = isOutcomeAgg ? `only ${OUTCOME_METRIC} takes rate()/count(outcome)` : `${OUTCOME_METRIC} takes only rate(<outcome>) or count(<outcome>)`;
    throw new ConfigError(`${where}: ${hint}, found "${text}"`);
  }
  if ('outcome' in aggregation && !OUTCOMES.includes(aggregation.outcome)) {
    throw new ConfigError(`${where}: expected an outcome (${OUTCOMES.join(', ')}), found "${aggregation.outcome}" in "${text}"`);
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
  if (fn !== undefined) return { kind: fn === 'rate' ? 'rate' : 'outcome-count', outcome: outcome as ReplicationOutcome };
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

/** Evaluates each threshold on the folded series and outcomes, in input order. */
export function evaluateThresholds(
  thresholds: readonly Threshold[],
  report: Pick<Report, 'series' | 'outcomes'>,
): ThresholdResult[] {
  return thresholds.map((th) => {
    const actual = th.metric === OUTCOME_METRIC ? outcomeActual(th, report.outcomes) : latencyActual(th, report);
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
    case 'percentile': return usToMs(percentileUs(h, a.percentile));
    case 'min': return usToMs(minUs(h));
    case 'max': return usToMs(maxUs(h));
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

function countOf(c: OutcomeCounts, outcome: ReplicationOutcome): number {
  switch (outcome) {
    case 'replicated': return c.replicated;
    case 'timed-out': return c.timedOut;
    case 'errored': return c.errored;
    case 'inconsistent': return c.inconsistent;
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
