/**
 * events → Report: the one place measurements become statistics. Pure: the same
 * events give the same Report whatever their order in the log (histograms, counts
 * and sorted per-sample statistics do not depend on arrival order).
 */
import type { PullEvent, ReplEvent, ReplicationEvent, RunEndEvent, RunStartEvent } from '../events/index.ts';
import { createHistogram, recordUs } from '../stats/histogram-factory.ts';
import { compareText, seriesKey, type Labels } from '../stats/labels.ts';
import { foldSections } from './sections/index.ts';
import { signalMetric } from './sections/signals.ts';
import { artifactsOf } from './artifacts.ts';
import { gainsOf } from './gains.ts';
import { markPartial, workersOf } from './workers.ts';
import { lagUncertaintyMs, type BracketedSample } from './lag-uncertainty.ts';
import { METRICS, type MetricName } from '../metrics.ts';
import type { LagUncertaintyMs, Report, Series, TimedSample } from './report.ts';
import { demoteCorruptReplications } from './corrupt-content.ts';
import { pullOutcomesOf } from './pull-outcomes.ts';
import type { ThresholdInput } from '../scenario/thresholds.ts';
import { defaultThresholds, evaluateThresholds } from './thresholds.ts';

export interface FoldOptions {
  /** The log's last line was cut short (from readEventLog): shown in the report. */
  readonly truncated?: boolean;
  /** Line numbers of the corrupt lines readEventLog skipped: listed in the report, and the run is not complete. */
  readonly corruptLines?: readonly number[];
  /** Thresholds to evaluate instead of the ones logged in run-start. */
  readonly thresholds?: ThresholdInput;
}

interface MutableSeries extends Series {
  readonly samples: TimedSample[];
}

type Counts = { -readonly [K in 'replicated' | 'timedOut' | 'errored' | 'inconsistent' | 'probes']: number } & {
  noAnswer?: number;
  refused?: number;
  inconsistentBy?: Record<string, number>;
  confirm?: { artifacts: number; requests: number; ms: number };
};

export function foldEvents(logged: readonly ReplEvent[], options: FoldOptions = {}): Report {
  // A replica whose pulled content failed its digest has no lag there (corrupt-content.ts).
  const events = demoteCorruptReplications(logged);
  const start = events.find((e): e is RunStartEvent => e.type === 'run-start');
  const end = events.findLast((e): e is RunEndEvent => e.type === 'run-end');
  const origin = start?.origin ?? '';
  const series = new Map<string, MutableSeries>();
  const outcomes = new Map<string, Counts>();
  const lagSamples = new Map<string, BracketedSample[]>();
  const errorsByCode = new Map<string, number>();
  let lastTUs = 0;

  const record = (metric: MetricName, labels: Labels, tUs: number, valueUs: number): void => {
    const key = seriesKey(labels);
    let s = series.get(`${metric}\u0000${key}`);
    if (s === undefined) {
      s = { metric, key, labels, histogram: createHistogram(), samples: [] };
      series.set(`${metric}\u0000${key}`, s);
    }
    recordUs(s.histogram, valueUs);
    s.samples.push({ tUs, valueUs });
  };
  const countsOf = (region: string): Counts => {
    let c = outcomes.get(region);
    if (c === undefined) {
      c = { replicated: 0, timedOut: 0, errored: 0, inconsistent: 0, probes: 0 };
      outcomes.set(region, c);
    }
    return c;
  };
  const foldReplication = (e: ReplicationEvent): void => {
    const region = e.labels.region;
    const c = countsOf(region);
    c.probes += e.probes;
    if (e.outcome !== 'replicated') {
      if (e.noAnswer === true) c.noAnswer = (c.noAnswer ?? 0) + 1;
      if (e.outcome === 'timed-out') c.timedOut++;
      else if (e.outcome === 'errored') {
        c.errored++;
        if (e.status === 401 || e.status === 403) c.refused = (c.refused ?? 0) + 1;
      } else {
        c.inconsistent++;
        const reason = /^([a-z-]+):/.exec(e.reason)?.[1] ?? 'other';
        c.inconsistentBy ??= {};
        c.inconsistentBy[reason] = (c.inconsistentBy[reason] ?? 0) + 1;
      }
      return;
    }
    c.replicated++;
    if (e.confirm !== undefined) {
      c.confirm ??= { artifacts: 0, requests: 0, ms: 0 };
      c.confirm.artifacts++;
      c.confirm.requests += e.confirm.requests;
      c.confirm.ms = Math.round((c.confirm.ms + e.confirm.us / 1000) * 1000) / 1000;
    }
    record('replication_lag', { region }, e.t, e.valueUs);
    push(lagSamples, region, { valueUs: e.valueUs, uncertaintyUs: e.uncertaintyUs });
  };
  const foldPull = (e: PullEvent): void => {
    const labels = { endpoint: e.labels.endpoint, worker: e.labels.worker };
    record('pull_duration', labels, e.t, e.durationUs);
    record('pull_ttfb', labels, e.t, e.ttfbUs);
  };

  // Every replica is counted, so a run that saw nothing replicated says so — except a log that only pulled
  // (a k6 ingest: a pull or k6 phase, no push, watch or replication record), which has no replication to report.
  const phases = new Set(events.flatMap((e) => (e.type === 'phase' ? [e.phase] : [])));
  const replicationTried = phases.has('push') || phases.has('watch') || events.some((e) => e.type === 'push' || e.type === 'replication');
  const onlyPulled = !replicationTried && (phases.has('pull') || phases.has('k6'));
  if (!onlyPulled) for (const replica of start?.regions ?? []) if (replica !== origin) countsOf(replica);
  for (const e of events) {
    lastTUs = Math.max(lastTUs, e.t);
    switch (e.type) {
      case 'push':
        record('push_duration', { region: e.labels.region ?? origin }, e.t, e.valueUs);
        break;
      case 'replication':
        foldReplication(e);
        break;
      case 'pull':
        foldPull(e);
        break;
      case 'pull-redirect':
        record('pull_redirect', { endpoint: e.labels.endpoint, storage: e.labels.storage, worker: e.labels.worker }, e.t, e.valueUs);
        break;
      case 'error':
        errorsByCode.set(e.code, (errorsByCode.get(e.code) ?? 0) + 1);
        // A watch that ended in an error instead of an outcome (its remote worker was lost) is an errored watch of that region.
        if (e.phase === 'watch' && e.labels?.region !== undefined && e.labels.digest !== undefined) countsOf(e.labels.region).errored++;
        break;
      case 'replication-signal':
        if (e.outcome === 'received') record(signalMetric(e.source), { region: e.labels.region }, e.t, e.valueUs);
        break;
      default:
        break; // run-start, run-end, phase: read above or not needed
    }
  }

  const workers = workersOf(events);
  const sections = foldSections({ events, origin });
  const droppedArrivals = sections.droppedArrivals;
  const lost = (s: Series): Series => {
    const n = droppedArrivals?.[s.labels.worker ?? ''];
    return n !== undefined && (s.metric === 'pull_duration' || s.metric === 'pull_ttfb') ? { ...s, lostArrivals: n } : s;
  };
  const sortedSeries = markPartial([...series.values(), ...workers.loadSeries], workers).map(lost).sort(
    (a, b) => METRICS.indexOf(a.metric) - METRICS.indexOf(b.metric) || compareText(a.key, b.key),
  );
  const startedAt = start?.startedAt ?? new Date(0).toISOString();
  const sortedOutcomes = sortedRecord(outcomes, (c) => ({
    ...c,
    ...(c.inconsistentBy !== undefined ? { inconsistentBy: sortedRecord(new Map(Object.entries(c.inconsistentBy)), (n) => n) } : {}),
  }));
  const thresholdInput = options.thresholds ?? start?.thresholds ?? {};
  const base = {
    runId: start?.runId ?? '',
    scenario: start?.scenario ?? '',
    complete: end?.complete === true && options.truncated !== true && (options.corruptLines?.length ?? 0) === 0,
    truncated: options.truncated === true,
    ...(options.corruptLines !== undefined && options.corruptLines.length > 0 ? { corruptLines: [...options.corruptLines] } : {}),
    startedAt,
    finishedAt: end?.finishedAt ?? addUs(startedAt, lastTUs),
    origin,
    regions: [...(start?.regions ?? [...outcomes.keys()].sort(compareText))],
    series: sortedSeries,
    outcomes: sortedOutcomes,
    artifacts: artifactsOf(events),
    lagUncertainty: sortedRecord(lagSamples, lagUncertaintyMs) as Record<string, LagUncertaintyMs>,
    gains: gainsOf(sortedSeries.filter((s) => s.metric === 'pull_duration')),
    errors: { total: sum(errorsByCode.values()), byCode: sortedRecord(errorsByCode, (n) => n) },
    pullOutcomes: pullOutcomesOf(events),
  };
  const interrupted = end?.interrupted ?? (end === undefined ? 'the log has no run-end record' : undefined);
  return {
    ...base,
    ...(interrupted === undefined ? {} : { interrupted }),
    ...(start?.environment === undefined ? {} : { environment: start.environment }),
    ...(start?.snapshot === undefined ? {} : { scenarioSnapshot: start.snapshot }),
    ...(start?.formats === undefined ? {} : { formats: start.formats }),
    thresholds: evaluateThresholds(defaultThresholds(thresholdInput, { ...base, ...(workers.load === undefined ? {} : { load: workers.load }) }), { ...base, ...(workers.load === undefined ? {} : { load: workers.load }) }),
    ...(workers.offsets === undefined ? {} : { offsets: workers.offsets }),
    ...(workers.workersLost === undefined ? {} : { workersLost: workers.workersLost }),
    ...(workers.load === undefined ? {} : { load: workers.load }),
    ...sections,
  };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** A plain object with keys in code-unit order; entries mapped to undefined are dropped. */
function sortedRecord<T, U>(map: ReadonlyMap<string, T>, f: (value: T) => U | undefined): Record<string, U> {
  const out: Record<string, U> = {};
  for (const key of [...map.keys()].sort(compareText)) {
    const value = f(map.get(key) as T);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function addUs(iso: string, us: number): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms + Math.round(us / 1000)).toISOString();
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
