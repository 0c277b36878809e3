/**
 * The metric vocabulary every layer shares: the latency metrics a report lists
 * (in report order) with the labels that key their series, the outcome metrics
 * thresholds gate on, and the outcomes a pull or a load request ends in. A leaf:
 * the scenario's threshold grammar, the report and the k6 bridge all name
 * metrics, so the names cannot live under any one of them.
 */
import type { ReplicationOutcome } from './events/index.ts';

/** Latency metric names, in the order reports list them. */
export const METRICS = [
  'push_duration',
  'replication_lag',
  'pull_duration',
  'pull_ttfb',
  'pull_redirect',
  'replication_lag_webhook',
  'replication_lag_or_status',
  'load_latency',
  'load_latency_uncorrected',
] as const;
export type MetricName = (typeof METRICS)[number];

/** Labels that form each metric's series key. */
export const METRIC_LABELS: Readonly<Record<MetricName, readonly string[]>> = {
  push_duration: ['region'],
  replication_lag: ['region'],
  pull_duration: ['endpoint', 'worker'],
  pull_ttfb: ['endpoint', 'worker'],
  pull_redirect: ['endpoint', 'storage', 'worker'],
  replication_lag_webhook: ['region'],
  replication_lag_or_status: ['region'],
  load_latency: ['endpoint', 'kind', 'worker'],
  load_latency_uncorrected: ['endpoint', 'kind', 'worker'],
};

/** How a replication watch ends, as thresholds name it. */
export const REPLICATION_OUTCOMES: readonly ReplicationOutcome[] = ['replicated', 'timed-out', 'errored', 'inconsistent'];

/**
 * How a pull ends: stalled is a body slower than requests.minRate for a whole
 * stall window, throttled a 429.
 */
export const PULL_OUTCOMES = ['ok', 'digest-mismatch', 'error', 'timeout', 'stalled', 'throttled'] as const;
export type PullOutcome = (typeof PULL_OUTCOMES)[number];

/** How a load-phase request ends (by its HTTP status, or no answer). */
export const LOAD_OUTCOMES = ['ok', 'error', 'timeout', 'throttled'] as const;

/** The outcome metrics thresholds take rate()/count() of. */
export const OUTCOME_METRIC = 'replication_outcome';
export const PULL_OUTCOME_METRIC = 'pull_outcome';
export const LOAD_OUTCOME_METRIC = 'load_outcome';
export type OutcomeMetric = typeof OUTCOME_METRIC | typeof PULL_OUTCOME_METRIC | typeof LOAD_OUTCOME_METRIC;

/** Each outcome metric: its outcomes, its selector labels, the outcome its default threshold asks all of. */
export const OUTCOME_METRICS: Readonly<Record<OutcomeMetric, { readonly outcomes: readonly string[]; readonly labels: readonly string[]; readonly success: string }>> = {
  [OUTCOME_METRIC]: { outcomes: REPLICATION_OUTCOMES, labels: ['region'], success: 'replicated' },
  [PULL_OUTCOME_METRIC]: { outcomes: PULL_OUTCOMES, labels: ['endpoint', 'worker'], success: 'ok' },
  [LOAD_OUTCOME_METRIC]: { outcomes: LOAD_OUTCOMES, labels: ['endpoint', 'kind', 'worker'], success: 'ok' },
};

export const isOutcomeMetric = (m: string): m is OutcomeMetric => Object.hasOwn(OUTCOME_METRICS, m);
