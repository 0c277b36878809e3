/**
 * Report → chart specifications for report.html (drawn by html-client.ts): the
 * percentile distributions of replication lag per region, of pull duration per
 * worker (one line per endpoint) and of push duration, and the lag timeline.
 * Pure; numbers rounded so the same Report gives the same JSON.
 */
import { compareText } from '../stats/labels.ts';
import { usToMs } from '../stats/percentiles.ts';
import type { ArtifactRecord } from './artifacts.ts';
import { percentileText } from './format.ts';
import { alignCurves, percentileCurve, percentileTicks } from './hdr-plot-data.ts';
import type { ChartSeriesSpec, ChartSpec } from './html-client.ts';
import type { MetricName } from '../metrics.ts';
import { seriesOf, type Report, type Series } from './report.ts';
import { tooFewFor } from './sample-size.ts';

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
export const OUTCOME_COLORS = { 'timed-out': '#000000', inconsistent: '#e91e63', errored: '#607d8b' } as const;
/** Replicated points drawn per region at most; larger runs are thinned evenly (failures always drawn). */
export const MAX_TIMELINE_POINTS_PER_REGION = 5000;

/** A stable colour per name: its index among the sorted names. */
export function colorOf(name: string, names: readonly string[]): string {
  const i = [...names].sort(compareText).indexOf(name);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length] ?? '#000000';
}

export interface CurveInput {
  readonly label: string;
  readonly series: Series;
  readonly color: string;
  readonly dash?: readonly number[];
  readonly width?: number;
}

/**
 * One percentile-distribution chart; undefined when no series has data. With
 * legendValues each legend entry also states its p50 and p99 (p99 marked
 * "n too small" when it rests on fewer samples than it needs, sample-size.ts).
 */
export function percentileChart(id: string, title: string, inputs: readonly CurveInput[], legendValues = false): ChartSpec | undefined {
  const used = inputs.filter((i) => i.series.histogram.totalCount > 0);
  if (used.length === 0) return undefined;
  const aligned = alignCurves(used.map((i) => percentileCurve(i.series.histogram)));
  const series: ChartSeriesSpec[] = used.map((i, k) => ({
    label: legendValues ? legendLabel(i) : `${i.label} (n=${i.series.histogram.totalCount})`,
    color: i.color,
    values: aligned.ys[k] ?? [],
    ...(i.dash === undefined ? {} : { dash: i.dash }),
    ...(i.width === undefined ? {} : { width: i.width }),
  }));
  const xMax = aligned.xs[aligned.xs.length - 1] ?? 1;
  return { id, kind: 'percentiles', title, xs: aligned.xs, series, ticks: percentileTicks(xMax), yLabel: 'latency' };
}

/** `westeurope (n=100; p50 434.7ms, p99 2.69s)`: the values a reader looks for, in the legend itself. */
function legendLabel(i: CurveInput): string {
  const h = i.series.histogram;
  const at = (p: number): string => percentileText(h, p);
  return `${i.label} (n=${h.totalCount}; p50 ${at(50)}, p99 ${at(99)}${tooFewFor(99, h.totalCount) ? ' — n too small' : ''})`;
}

/** Every chart of report.html, in page order. */
export function reportCharts(report: Report): ChartSpec[] {
  const charts: (ChartSpec | undefined)[] = [];
  const lag = seriesOf(report, 'replication_lag');
  const regions = lag.map((s) => s.labels.region ?? s.key);
  charts.push(percentileChart('chart-lag-percentiles', 'Replication lag by region — percentile distribution',
    lag.map((s, i) => ({ label: regions[i] ?? s.key, series: s, color: colorOf(regions[i] ?? s.key, regions) })), true));
  charts.push(lagTimeline('chart-lag-timeline', report.artifacts));
  charts.push(...pullCharts(report, 'pull_duration'));
  const push = seriesOf(report, 'push_duration');
  const pushRegions = push.map((s) => s.labels.region ?? s.key);
  charts.push(percentileChart('chart-push-percentiles', 'Push duration — percentile distribution',
    push.map((s, i) => ({ label: pushRegions[i] ?? s.key, series: s, color: colorOf(pushRegions[i] ?? s.key, pushRegions) })), true));
  return charts.filter((c): c is ChartSpec => c !== undefined);
}

/** One chart per worker region: a line per endpoint, the local one drawn thicker. */
export function pullCharts(report: Report, metric: MetricName): ChartSpec[] {
  const all = seriesOf(report, metric);
  const workers = [...new Set(all.map((s) => s.labels.worker ?? ''))].sort(compareText);
  const endpoints = [...new Set(all.map((s) => s.labels.endpoint ?? ''))].sort(compareText);
  const charts: ChartSpec[] = [];
  workers.forEach((worker, w) => {
    const inputs = all
      .filter((s) => (s.labels.worker ?? '') === worker)
      .map((s) => {
        const endpoint = s.labels.endpoint ?? '';
        const local = endpoint === worker;
        return { label: `from ${endpoint}${local ? ' (local)' : ''}`, series: s, color: colorOf(endpoint, endpoints), width: local ? 3 : 1.5 };
      });
    const chart = percentileChart(`chart-${metric.replace(/_/g, '-')}-${w}`, `Pull duration — worker in ${worker}`, inputs, true);
    if (chart !== undefined) charts.push(chart);
  });
  return charts;
}

interface Point {
  readonly x: number;
  readonly y: number;
  readonly err: number | null;
}

/** Lag of each artifact per region against its commit time; failures as hollow markers at the time waited. */
export function lagTimeline(id: string, artifacts: readonly ArtifactRecord[]): ChartSpec | undefined {
  if (artifacts.length === 0) return undefined;
  const regions = [...new Set(artifacts.map((a) => a.region))].sort(compareText);
  const groups: { spec: Omit<ChartSeriesSpec, 'values' | 'errs'>; points: Point[]; withErr: boolean }[] = [];
  for (const region of regions) {
    const ok = thin(artifacts.filter((a) => a.region === region && a.outcome === 'replicated'), MAX_TIMELINE_POINTS_PER_REGION);
    if (ok.length > 0) {
      const points = ok.map((a) => ({ x: seconds(a.committedUs), y: usToMs(a.lagUs ?? 0), err: usToMs(a.uncertaintyUs ?? 0) }));
      groups.push({ spec: { label: `${region} lag ± bound`, color: colorOf(region, regions), marker: 'dot' }, points, withErr: true });
    }
  }
  for (const outcome of ['timed-out', 'inconsistent', 'errored'] as const) {
    for (const region of regions) {
      const bad = artifacts.filter((a) => a.region === region && a.outcome === outcome);
      if (bad.length === 0) continue;
      const points = bad.map((a) => ({ x: seconds(a.committedUs), y: usToMs(Math.max(0, a.verdictUs - a.committedUs)), err: null }));
      groups.push({ spec: { label: `${region} ${outcome.replace('-', ' ')} (waited)`, color: OUTCOME_COLORS[outcome], marker: 'hollow' }, points, withErr: false });
    }
  }
  const placed = groups.map((g) => dedupeX(g.points));
  const xs = [...new Set(placed.flat().map((p) => p.x))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const series = groups.map((g, k): ChartSeriesSpec => {
    const values: (number | null)[] = xs.map(() => null);
    const errs: (number | null)[] = xs.map(() => null);
    for (const p of placed[k] ?? []) {
      const i = index.get(p.x) ?? 0;
      values[i] = p.y;
      errs[i] = p.err;
    }
    return { ...g.spec, values, ...(g.withErr ? { errs } : {}) };
  });
  return { id, kind: 'timeline', title: 'Replication lag of each artifact against run time', xs, series, yLabel: 'lag', height: 340 };
}

/** Two points of one series cannot share an x: later ones move right by 1 µs. */
function dedupeX(points: readonly Point[]): Point[] {
  const seen = new Set<number>();
  return points.map((p) => {
    let x = p.x;
    while (seen.has(x)) x = Math.round((x + 1e-6) * 1e6) / 1e6;
    seen.add(x);
    return x === p.x ? p : { ...p, x };
  });
}

/** At most `max` items, evenly spaced, first and order kept. */
function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)] as T);
}

function seconds(us: number): number {
  return Math.round(us) / 1e6;
}
