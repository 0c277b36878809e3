/**
 * The report's share of the scenario's `workers` (remote workers) and its load phase, folded from
 * events.jsonl:
 *
 * - offsets: each remote worker's clock offset (ms, ± uncertainty, and the
 *   round trip it was measured over), from `clock-offset` records;
 * - workersLost: region → why, from `worker-lost` records; every series that
 *   region's worker fed (label worker=R, or region=R of replication_lag) is
 *   marked partial;
 * - load series: `load` intervals merged per series into load_latency
 *   (coordinated-omission corrected) and load_latency_uncorrected — HDR
 *   histograms add exactly, so many workers' intervals merge without loss;
 * - load: per series, request and status counts summed over its intervals,
 *   and whether a `load-end` closed it.
 */
import type { ReplEvent } from '../events/index.ts';
import { addEncoded, createHistogram } from '../stats/histogram-factory.ts';
import { compareText, seriesKey } from '../stats/labels.ts';
import { usToMs } from '../stats/percentiles.ts';
import type { MetricName } from '../metrics.ts';
import type { Series } from './series.ts';

export interface WorkerOffset {
  readonly offsetMs: number;
  readonly uncertaintyMs: number;
  readonly rttMs: number;
}

export interface LoadSeriesStats {
  readonly requests: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Responses by HTTP status. */
  readonly status: Readonly<Record<string, number>>;
  /** Requests per second over the series' measured duration (null until its load-end). */
  readonly requestsPerSec: number | null;
  readonly connections: number | null;
  /** null = flat out (or no load-end). */
  readonly ratePerSec: number | null;
  /** A load-end closed it (false: the worker was lost or the run stopped). */
  readonly complete: boolean;
}

export interface Workers {
  readonly offsets?: Readonly<Record<string, WorkerOffset>>;
  readonly workersLost?: Readonly<Record<string, string>>;
  readonly load?: Readonly<Record<string, LoadSeriesStats>>;
  /** load_latency and load_latency_uncorrected, one per (endpoint, kind, worker): no samples, the intervals instead. */
  readonly loadSeries: readonly Series[];
  /** Replication was watched from the workers (run-start snapshot): a lost worker leaves its region's lags partial. */
  readonly watchFromWorker: boolean;
}

export function workersOf(events: readonly ReplEvent[]): Workers {
  const offsets = new Map<string, WorkerOffset>();
  const lost = new Map<string, string>();
  const series = new Map<string, Series & { intervals: { startUs: number; histogram: string }[] }>();
  const stats = new Map<string, { requests: number; errors: number; timeouts: number; status: Map<string, number>; end?: { durationUs: number; connections: number; ratePerSec: number | null } }>();
  const add = (metric: MetricName, labels: Record<string, string>, startUs: number, encoded: string): void => {
    const key = seriesKey(labels);
    let s = series.get(`${metric}\u0000${key}`);
    if (s === undefined) {
      s = { metric, key, labels, histogram: createHistogram(), samples: [], intervals: [] };
      series.set(`${metric}\u0000${key}`, s);
    }
    addEncoded(s.histogram, encoded);
    s.intervals.push({ startUs, histogram: encoded });
  };
  const statsOf = (key: string): NonNullable<ReturnType<typeof stats.get>> => {
    let st = stats.get(key);
    if (st === undefined) {
      st = { requests: 0, errors: 0, timeouts: 0, status: new Map() };
      stats.set(key, st);
    }
    return st;
  };
  for (const e of events) {
    if (e.type === 'clock-offset') offsets.set(e.worker, { offsetMs: usToMs(e.offsetUs), uncertaintyMs: usToMs(e.uncertaintyUs), rttMs: usToMs(e.rttUs) });
    else if (e.type === 'worker-lost') lost.set(e.region, e.reason);
    else if (e.type === 'load') {
      const labels = { endpoint: e.labels.endpoint, kind: e.labels.kind, worker: e.labels.worker };
      add('load_latency', labels, e.startUs, e.histogram);
      add('load_latency_uncorrected', labels, e.startUs, e.uncorrected);
      const st = statsOf(seriesKey(labels));
      st.requests += e.requests;
      st.errors += e.errors;
      st.timeouts += e.timeouts;
      for (const [code, n] of Object.entries(e.status)) st.status.set(code, (st.status.get(code) ?? 0) + n);
    } else if (e.type === 'load-end') {
      const labels = { endpoint: e.labels.endpoint, kind: e.labels.kind, worker: e.labels.worker };
      statsOf(seriesKey(labels)).end = { durationUs: e.durationUs, connections: e.connections, ratePerSec: e.ratePerSec };
    }
  }
  const load: Record<string, LoadSeriesStats> = {};
  for (const key of [...stats.keys()].sort(compareText)) {
    const st = stats.get(key) as NonNullable<ReturnType<typeof stats.get>>;
    const status: Record<string, number> = {};
    for (const code of [...st.status.keys()].sort(compareText)) status[code] = st.status.get(code) as number;
    const perSec = st.end !== undefined && st.end.durationUs > 0 ? Math.round((st.requests / (st.end.durationUs / 1e6)) * 10) / 10 : null;
    load[key] = {
      requests: st.requests,
      errors: st.errors,
      timeouts: st.timeouts,
      status,
      requestsPerSec: perSec,
      connections: st.end?.connections ?? null,
      ratePerSec: st.end?.ratePerSec ?? null,
      complete: st.end !== undefined,
    };
  }
  return {
    ...(offsets.size > 0 ? { offsets: sortedObject(offsets) } : {}),
    ...(lost.size > 0 ? { workersLost: sortedObject(lost) } : {}),
    ...(stats.size > 0 ? { load } : {}),
    loadSeries: [...series.values()],
    watchFromWorker: watchFromOf(events) === 'worker',
  };
}

/** The series a lost worker fed, marked partial (others unchanged). */
export function markPartial(series: readonly Series[], scale: Pick<Workers, 'workersLost' | 'watchFromWorker'>): Series[] {
  const lost = scale.workersLost;
  if (lost === undefined) return [...series];
  const regions = new Set(Object.keys(lost));
  return series.map((s) => {
    const lag = scale.watchFromWorker && s.metric === 'replication_lag' && s.labels.region !== undefined && regions.has(s.labels.region);
    const fed = lag || (s.labels.worker !== undefined && regions.has(s.labels.worker));
    return fed ? { ...s, partial: true } : s;
  });
}

function watchFromOf(events: readonly ReplEvent[]): unknown {
  const start = events.find((e) => e.type === 'run-start');
  const snapshot = start?.type === 'run-start' ? start.snapshot : undefined;
  const replication = typeof snapshot === 'object' && snapshot !== null ? (snapshot as { replication?: unknown }).replication : undefined;
  return typeof replication === 'object' && replication !== null ? (replication as { watchFrom?: unknown }).watchFrom : undefined;
}

function sortedObject<T>(map: ReadonlyMap<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of [...map.keys()].sort(compareText)) out[k] = map.get(k) as T;
  return out;
}
