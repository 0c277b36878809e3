/**
 * The core of the folded run: the series, outcomes and figures every renderer
 * and every report section (sections/) reads. All `…Ms` values are rounded to
 * whole µs. report.ts adds the sections' own data to make the Report.
 */
import type { RunEnvironment } from '../events/index.ts';
import type { ArtifactRecord } from './artifacts.ts';
import type { OutcomeSeries } from './pull-outcomes.ts';
import type { LoadSeriesStats, WorkerOffset } from './workers.ts';
import type { Series } from './series.ts';

export type { Series, TimedSample } from './series.ts';
export { findSeries, seriesOf } from './series.ts';

export interface OutcomeCounts {
  readonly replicated: number;
  readonly timedOut: number;
  readonly errored: number;
  readonly inconsistent: number;
  /** Probes spent on this region, all outcomes. */
  readonly probes: number;
  /** Inconsistent outcomes by their reason (head-lies, size-mismatch, blob-unreadable, manifest-without-blobs, tag-mismatch); present when any. */
  readonly inconsistentBy?: Readonly<Record<string, number>>;
  /** Watches (not replicated) whose probes never got an HTTP answer (refused, reset, black hole): present when any. */
  readonly noAnswer?: number;
  /** Errored watches whose credentials were refused (401/403): present when any. */
  readonly refused?: number;
  /** The confirm step's cost over the replicated artifacts (requests and ms in total). */
  readonly confirm?: { readonly artifacts: number; readonly requests: number; readonly ms: number };
}

/** ± bound (ms) on each lag percentile from the per-sample brackets; see lag-uncertainty.ts. */
export interface LagUncertaintyMs {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface Gain {
  /** Median pull from the nearest remote endpoint ÷ median pull from the local one. */
  readonly gain: number;
  readonly localP50Ms: number;
  readonly remoteEndpoint: string;
  readonly remoteP50Ms: number;
}

export interface ThresholdResult {
  /** As written: `replication_lag{region:westeurope}: p(99)<30s`. */
  readonly expr: string;
  /** The series it was evaluated on: `region=westeurope`, or `*` for the whole metric. */
  readonly series: string;
  /** ms for durations, a fraction for rates, a number for counts; null when there was no data. */
  readonly actual: number | null;
  readonly ok: boolean;
  /** What `actual` counts (for display; not part of summary.json). */
  readonly unit: 'ms' | 'ratio' | 'count';
}

/** Every figure but the sections' (sections/): what each section may read beside its own data. */
export interface ReportCore {
  readonly runId: string;
  readonly scenario: string;
  /** True only when the log holds a run-end that says so. */
  readonly complete: boolean;
  /** Why the run stopped early, when it did. */
  readonly interrupted?: string;
  /** The event log's last line was cut short (the run crashed mid-write). */
  readonly truncated: boolean;
  /** Lines of the event log that were corrupt and skipped (absent: none). */
  readonly corruptLines?: readonly number[];
  readonly startedAt: string;
  /** From run-end; for a run without one, startedAt + the last event's t. */
  readonly finishedAt: string;
  readonly origin: string;
  readonly regions: readonly string[];
  readonly environment?: RunEnvironment;
  /** The resolved scenario as logged in run-start (opaque; shown at the foot of report.html). */
  readonly scenarioSnapshot?: unknown;
  /** report.formats as logged in run-start: the files written besides summary.json (absent: all). */
  readonly formats?: readonly string[];
  /** Sorted by METRICS order, then series key. */
  readonly series: readonly Series[];
  /** Per replica region (sorted), every outcome counted. */
  readonly outcomes: Readonly<Record<string, OutcomeCounts>>;
  /** Every replication record, per artifact and region (see artifacts.ts): the lag timeline. */
  readonly artifacts: readonly ArtifactRecord[];
  readonly lagUncertainty: Readonly<Record<string, LagUncertaintyMs>>;
  /** Per worker region (sorted); only workers with both a local and a remote endpoint. */
  readonly gains: Readonly<Record<string, Gain>>;
  readonly thresholds: readonly ThresholdResult[];
  readonly errors: { readonly total: number; readonly byCode: Readonly<Record<string, number>> };
  /** Every pull's outcome per worker × endpoint (pull-outcomes.ts), series key `endpoint=…,worker=…`. */
  readonly pullOutcomes: Readonly<Record<string, OutcomeSeries>>;
  /** Remote workers' clock offsets, by region (workers.ts). */
  readonly offsets?: Readonly<Record<string, WorkerOffset>>;
  /** Remote workers lost mid-run: region → why. */
  readonly workersLost?: Readonly<Record<string, string>>;
  /** Load phase counts per series key (endpoint=…,kind=…,worker=…). */
  readonly load?: Readonly<Record<string, LoadSeriesStats>>;
}

/** The report's one line about corrupt event-log lines: "2 corrupt event-log lines skipped (lines 12, 40); every other line is counted". */
export function corruptLinesText(lines: readonly number[]): string {
  const shown = lines.length > 10 ? `${lines.slice(0, 10).join(', ')}, …` : lines.join(', ');
  return `${lines.length} corrupt event-log line${lines.length === 1 ? '' : 's'} skipped (line${lines.length === 1 ? '' : 's'} ${shown}); every other line is counted`;
}
