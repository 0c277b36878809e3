/**
 * metrics.prom: the run in OpenMetrics text, for a Prometheus push gateway or the
 * node_exporter textfile collector. Values are in base units (seconds, with
 * `# UNIT`), and names pass `promtool check metrics`. Per latency metric two families:
 *
 *   replbench_<metric>_seconds        summary: quantile 0.5 … 0.999 (from the HDR
 *                                     histogram, as report.md has them), _sum, _count
 *   replbench_<metric>_hist_seconds   histogram: cumulative _bucket{le=…} on the
 *                                     grid of prometheus-buckets.ts, +Inf, _count, _sum
 *
 * (two families because a summary and a histogram may not share sample names), plus
 * the ± bound of each lag percentile (replbench_replication_lag_uncertainty_seconds),
 * gauges for outcome counts (replication per region, pulls per worker × endpoint), probes, network-close gains, thresholds and the run.
 * Every sample carries `scenario`; the run id is only on replbench_run_info so that
 * nightly pushes do not create new series per run. Ends with `# EOF`. Types used are
 * also valid in the Prometheus 0.0.4 text format (its parsers read `# UNIT` and
 * `# EOF` as comments). Pure.
 */
import { maxUs, minUs, percentileUs } from '../stats/percentiles.ts';
import { cumulativeCounts } from './histogram-buckets.ts';
import { bucketBoundsSeconds } from './prometheus-buckets.ts';
import { METRICS, type MetricName } from '../metrics.ts';
import type { Report } from './report.ts';

export const OPENMETRICS_FILE = 'metrics.prom';

export const SUMMARY_QUANTILES: readonly number[] = [0.5, 0.9, 0.95, 0.99, 0.999];

const HELP: Readonly<Record<MetricName, string>> = {
  push_duration: 'Push duration per origin region (first blob upload to the manifest PUT 201)',
  replication_lag: 'Replication lag per replica region (origin commit to pullable in the region)',
  pull_duration: 'Full pull duration per worker region and endpoint',
  pull_ttfb: 'Pull time to first byte per worker region and endpoint',
  pull_redirect: 'Redirect hop of a redirected blob download (registry answer to the redirect) per worker region, endpoint and storage region',
  replication_lag_webhook: 'Replication lag per replica region from its webhook event (origin commit to the event reaching the runner)',
  replication_lag_or_status: 'Replication lag per replica region from the source blob\'s object-replication status (origin commit to status complete)',
  load_latency: 'Load-phase request latency per worker region, endpoint and request kind, corrected for coordinated omission',
  load_latency_uncorrected: 'Load-phase request latency per worker region, endpoint and request kind, as measured (no coordinated-omission correction)',
};

/** A label value escaped for the exposition format (backslash, quote, newline). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A number as OpenMetrics writes it; floats keep a decimal point (`1.0`), infinities are `+Inf`/`-Inf`. */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return formatFloat(value);
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
}

function labels(pairs: readonly (readonly [string, string])[]): string {
  return pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

export function renderOpenMetrics(report: Report): string {
  const lines: string[] = [];
  const scenario: [string, string] = ['scenario', report.scenario];
  const family = (name: string, type: string, help: string, unit?: string): void => {
    lines.push(`# TYPE ${name} ${type}`);
    if (unit !== undefined) lines.push(`# UNIT ${name} ${unit}`);
    lines.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
  };
  const sample = (name: string, pairs: readonly (readonly [string, string])[], value: string): void => {
    lines.push(`${name}${labels(pairs)} ${value}`);
  };

  for (const metric of METRICS) {
    const series = report.series.filter((s) => s.metric === metric && s.histogram.totalCount > 0);
    if (series.length === 0) continue;
    const summaryName = `replbench_${metric}_seconds`;
    family(summaryName, 'summary', `${HELP[metric]}, seconds; quantiles of this run`, 'seconds');
    for (const s of series) {
      const own = [scenario, ...Object.entries(s.labels)] as [string, string][];
      for (const q of SUMMARY_QUANTILES) sample(summaryName, [...own, ['quantile', formatFloat(q)]], formatValue(percentileUs(s.histogram, q * 100) / 1e6));
      sample(`${summaryName}_sum`, own, formatValue(sumSeconds(s.histogram)));
      sample(`${summaryName}_count`, own, String(s.histogram.totalCount));
    }
    const histName = `replbench_${metric}_hist_seconds`;
    family(histName, 'histogram', `${HELP[metric]}, seconds; cumulative buckets of this run`, 'seconds');
    const bounds = bucketBoundsSeconds(Math.min(...series.map((s) => minUs(s.histogram))), Math.max(...series.map((s) => maxUs(s.histogram))));
    for (const s of series) {
      const own = [scenario, ...Object.entries(s.labels)] as [string, string][];
      const counts = cumulativeCounts(s.histogram, bounds.map((b) => b * 1e6));
      bounds.forEach((b, i) => sample(`${histName}_bucket`, [...own, ['le', formatFloat(b)]], String(counts[i] ?? 0)));
      sample(`${histName}_bucket`, [...own, ['le', '+Inf']], String(s.histogram.totalCount));
      sample(`${histName}_count`, own, String(s.histogram.totalCount));
      sample(`${histName}_sum`, own, formatValue(sumSeconds(s.histogram)));
    }
    if (metric === 'replication_lag') uncertainty(report, scenario, family, sample);
  }

  const outcomes = Object.entries(report.outcomes);
  if (outcomes.length > 0) {
    family('replbench_replication_artifacts', 'gauge', 'Artifacts per replica region and replication outcome in this run');
    for (const [region, c] of outcomes) {
      for (const [outcome, n] of [['replicated', c.replicated], ['timed-out', c.timedOut], ['errored', c.errored], ['inconsistent', c.inconsistent]] as const) {
        sample('replbench_replication_artifacts', [scenario, ['region', region], ['outcome', outcome]], String(n));
      }
    }
    family('replbench_replication_probes', 'gauge', 'Probes spent per replica region in this run');
    for (const [region, c] of outcomes) sample('replbench_replication_probes', [scenario, ['region', region]], String(c.probes));
  }
  const pulls = Object.values(report.pullOutcomes);
  if (pulls.length > 0) {
    family('replbench_pulls', 'gauge', 'Pulls per worker region, endpoint and pull outcome (ok, digest-mismatch, error, timeout, stalled, throttled) in this run');
    for (const p of pulls) {
      const own = [scenario, ...Object.entries(p.labels)] as [string, string][];
      for (const [outcome, n] of Object.entries(p.counts)) sample('replbench_pulls', [...own, ['outcome', outcome]], String(n));
    }
  }
  const gains = Object.entries(report.gains);
  if (gains.length > 0) {
    family('replbench_network_close_gain_ratio', 'gauge', 'Median pull from the nearest remote endpoint divided by median pull from the local one', 'ratio');
    for (const [worker, g] of gains) sample('replbench_network_close_gain_ratio', [scenario, ['worker', worker]], formatValue(g.gain));
  }
  if (report.thresholds.length > 0) {
    family('replbench_threshold_passed', 'gauge', 'Threshold result: 1 passed, 0 failed');
    for (const t of report.thresholds) sample('replbench_threshold_passed', [scenario, ['threshold', t.expr], ['series', t.series]], t.ok ? '1' : '0');
  }
  family('replbench_run_complete', 'gauge', '1 when the run completed, 0 when it was interrupted');
  sample('replbench_run_complete', [scenario], report.complete ? '1' : '0');
  family('replbench_run_info', 'gauge', 'The run this exposition describes (value always 1)');
  sample('replbench_run_info', [scenario, ['run_id', report.runId], ['origin', report.origin],
    ['version', report.environment?.replbenchVersion ?? 'unknown']], '1');
  const startMs = Date.parse(report.startedAt);
  if (Number.isFinite(startMs)) {
    family('replbench_run_start_timestamp_seconds', 'gauge', 'When the run started, seconds since the epoch', 'seconds');
    sample('replbench_run_start_timestamp_seconds', [scenario], formatValue(startMs / 1000));
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** The sum of the recorded values in seconds, to the µs. */
function sumSeconds(h: { readonly mean: number; readonly totalCount: number }): number {
  return h.totalCount === 0 ? 0 : Math.round(h.mean * h.totalCount) / 1e6;
}

/**
 * The ± bound of each lag percentile (lag-uncertainty.ts), labelled
 * `percentile="p50|p90|p99|max"` (a gauge may not carry `quantile`).
 */
function uncertainty(
  report: Report,
  scenario: readonly [string, string],
  family: (name: string, type: string, help: string, unit?: string) => void,
  sample: (name: string, pairs: readonly (readonly [string, string])[], value: string) => void,
): void {
  const regions = Object.entries(report.lagUncertainty);
  if (regions.length === 0) return;
  const name = 'replbench_replication_lag_uncertainty_seconds';
  family(name, 'gauge', 'The ± bound on each replication lag percentile from the probes\' brackets (the true percentile lies within it), seconds', 'seconds');
  for (const [region, u] of regions) {
    for (const [percentile, ms] of [['p50', u.p50], ['p90', u.p90], ['p99', u.p99], ['max', u.max]] as const) {
      sample(name, [scenario, ['region', region], ['percentile', percentile]], formatValue(ms / 1000));
    }
  }
}
