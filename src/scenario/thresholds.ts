/**
 * The threshold grammar, k6-like: `metric{label:value,…}: ["p(99)<30s", "max<2m", "avg<1s", "med<500ms"]`
 * on the latency metrics, and `replication_outcome{region:x}: ["rate(replicated)>=0.99",
 * "count(timed-out)==0"]` on outcomes; `pull_outcome{worker:x,endpoint:y}: ["rate(ok)==1"]`
 * (ok, digest-mismatch, error, timeout, stalled, throttled) and `load_outcome{…}: ["rate(ok)>=0.999"]`
 * (ok, error, timeout, throttled) on the pulls' and the load phase's outcomes. Durations
 * take units ("250ms", "2s", "2m"; a bare number is ms); rates are fractions (0.99) or
 * percentages ("99%").
 *
 * Parsing only: a scenario is checked against it when it is resolved, and the
 * report evaluates the parsed thresholds (src/report/thresholds.ts).
 */
import { ConfigError } from '../errors.ts';
import type { LoggedThresholds } from '../events/index.ts';
import { isOutcomeMetric, METRIC_LABELS, METRICS, OUTCOME_METRIC, OUTCOME_METRICS, type MetricName, type OutcomeMetric } from '../metrics.ts';
import type { Labels } from '../stats/labels.ts';
import { parseDurationMs } from '../units.ts';

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

/** The metric a threshold key names (`pull_outcome{worker:x}` → `pull_outcome`); the key itself when it names none. */
export function thresholdKeyMetric(key: string): string {
  return KEY_RE.exec(key)?.[1] ?? key;
}
