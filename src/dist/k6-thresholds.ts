/**
 * replbench thresholds → k6 thresholds. `pull_duration{worker:eastus}: p(99)<2s`
 * becomes `replbench_pull_duration{worker:eastus}: ["p(99)<2000"]`: k6 compares
 * time trends in ms and takes no units, and its submetric selector is written
 * like ours. What k6 cannot evaluate from the exported test is left out and
 * listed with the reason: push and replication metrics (the k6 test only
 * pulls) and counts on a trend (k6 trends have no count).
 */
import type { Threshold } from '../scenario/thresholds.ts';
import { K6_METRIC_FOR } from './k6-metrics.ts';

export interface SkippedThreshold {
  readonly expr: string;
  readonly reason: string;
}

export interface K6Thresholds {
  /** `options.thresholds`: k6 metric (with submetric selector) → expressions, in input order. */
  readonly thresholds: Record<string, string[]>;
  readonly skipped: readonly SkippedThreshold[];
}

/** Translates parsed thresholds (ResolvedScenario.thresholds.parsed). */
export function toK6Thresholds(parsed: readonly Threshold[]): K6Thresholds {
  const thresholds: Record<string, string[]> = {};
  const skipped: SkippedThreshold[] = [];
  for (const th of parsed) {
    const translated = translate(th);
    if (typeof translated !== 'string') {
      skipped.push({ expr: th.expr, reason: translated.reason });
      continue;
    }
    const key = k6MetricKey(K6_METRIC_FOR[th.metric as keyof typeof K6_METRIC_FOR] as string, th.selector);
    (thresholds[key] ??= []).push(translated);
  }
  return { thresholds, skipped };
}

/** `replbench_pull_duration{endpoint:westeurope,worker:eastus}`; labels sorted by name. */
export function k6MetricKey(metric: string, selector: Readonly<Record<string, string>>): string {
  const names = Object.keys(selector).sort();
  if (names.length === 0) return metric;
  return `${metric}{${names.map((n) => `${n}:${selector[n]}`).join(',')}}`;
}

function translate(th: Threshold): string | { reason: string } {
  if (th.metric === 'replication_outcome' || th.metric === 'push_duration' || th.metric === 'replication_lag') {
    return { reason: 'the k6 test only pulls; replbench run measures this' };
  }
  if (th.metric === 'pull_outcome' || th.metric === 'load_outcome') return { reason: 'outcomes are checked by replbench k6 ingest (pull_outcome), not by k6' };
  if (K6_METRIC_FOR[th.metric] === undefined) return { reason: `no k6 counterpart for ${th.metric}` };
  const a = th.aggregation;
  let lhs: string;
  switch (a.kind) {
    case 'percentile':
      lhs = a.percentile === 50 ? 'med' : `p(${a.percentile})`;
      break;
    case 'min':
    case 'max':
    case 'avg':
      lhs = a.kind;
      break;
    default:
      return { reason: `k6 trends take avg, min, max, med and p(N), not ${a.kind}` };
  }
  return `${lhs}${th.op}${formatMs(th.target)}`;
}

/** A target in ms as k6 reads it: no exponent, no trailing zeros. */
function formatMs(ms: number): string {
  return Number.isInteger(ms) ? String(ms) : String(Math.round(ms * 1000) / 1000);
}
