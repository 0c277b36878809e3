/**
 * The scenario's load phase, recorded: picks the artifact (the first image
 * pullable at every endpoint loaded), runs every (worker, endpoint) series
 * (load-phase.ts), and appends a `load` record per interval and a `load-end`
 * record per finished series to events.jsonl as they arrive. A series that
 * fails becomes an `error` record; the others go on.
 */
import { ConfigError } from '../errors.ts';
import { errorRecord } from '../events/index.ts';
import type { ErrorEvent, LoadEndEvent, LoadEvent } from '../events/index.ts';
import { pickLoadTarget, runLoadPhase, type LoadCandidate, type LoadLabels, type LoadPhaseOptions } from './load-phase.ts';
import { expectedIntervalUs, type LoadInterval, type LoadTotals, type LoadWorker } from './load-types.ts';
import { msToUs } from './records.ts';

/** What of the scenario's `load:` section the phase needs (the resolved scenario's load is one). */
export type ScenarioLoad = Pick<LoadPhaseOptions, 'pairs' | 'kind' | 'ratePerSec' | 'connections' | 'durationMs'>;

/** Where the phase's records go, on the run clock (the run's recorder is one). */
export interface LoadRecordSink {
  /** The run-clock time (µs) of `atMs` (default: now). */
  tUs(atMs?: number): number;
  /** Appends a record that already carries its `t`. */
  append(event: LoadEvent | LoadEndEvent): void;
  /** Appends a record stamped now. */
  record(event: Omit<ErrorEvent, 't'>): void;
}

export interface ScenarioLoadInput {
  readonly load: ScenarioLoad;
  readonly loaderFor: (region: string) => LoadWorker;
  /** Images pullable at an endpoint, in push order. */
  readonly imagesAt: (endpoint: string) => readonly LoadCandidate[];
  readonly recorder: LoadRecordSink;
  readonly signal?: AbortSignal;
  /** A series is over (ok = it finished). */
  readonly onSeries?: (ok: boolean) => void;
}

/** A `load` record from an interval whose startMs is on the run clock. */
export function loadIntervalEvent(labels: LoadLabels, interval: LoadInterval, tUs: number, startUs: number, expectedIntervalUs: number | null): LoadEvent {
  return {
    type: 'load',
    t: tUs,
    labels: { worker: labels.worker, endpoint: labels.endpoint, kind: labels.kind },
    startUs,
    lengthUs: msToUs(interval.lengthMs),
    histogram: interval.histogram,
    uncorrected: interval.uncorrected,
    requests: interval.requests,
    status: interval.status,
    errors: interval.errors,
    timeouts: interval.timeouts,
    ...(expectedIntervalUs !== null ? { expectedIntervalUs } : {}),
  };
}

export function loadEndEvent(labels: LoadLabels, totals: LoadTotals, tUs: number): LoadEndEvent {
  return {
    type: 'load-end',
    t: tUs,
    labels: { worker: labels.worker, endpoint: labels.endpoint, kind: labels.kind },
    durationUs: msToUs(totals.durationMs),
    connections: totals.connections,
    ratePerSec: totals.ratePerSec,
    requests: totals.requests,
    status: totals.status,
    errors: totals.errors,
    timeouts: totals.timeouts,
    histogram: totals.histogram,
    uncorrected: totals.uncorrected,
  };
}

export async function runScenarioLoad(input: ScenarioLoadInput): Promise<void> {
  const { load, recorder } = input;
  const error = (err: unknown, labels: Record<string, string>): void => {
    recorder.record(errorRecord(err, 'load', labels));
  };
  const target = pickLoadTarget(load.pairs, input.imagesAt);
  if (target === undefined) {
    const endpoints = [...new Set(load.pairs.map((p) => p.endpoint))].join(', ');
    error(new ConfigError(`no image is pullable at every load endpoint (${endpoints}): the load phase was skipped`), {});
    load.pairs.forEach(() => input.onSeries?.(false));
    return;
  }
  const intervalUs = expectedIntervalUs(load.ratePerSec === null ? null : Math.round(load.ratePerSec), load.connections);
  await runLoadPhase({
    pairs: load.pairs,
    kind: load.kind,
    ratePerSec: load.ratePerSec,
    connections: load.connections,
    durationMs: load.durationMs,
    target,
    loaderFor: input.loaderFor,
    ...(input.signal ? { signal: input.signal } : {}),
    onInterval: (labels, interval) => recorder.append(loadIntervalEvent(labels, interval, recorder.tUs(), recorder.tUs(interval.startMs), intervalUs)),
    onEnd: (labels, totals) => {
      recorder.append(loadEndEvent(labels, totals, recorder.tUs()));
      input.onSeries?.(true);
    },
    onFailed: (labels, err) => {
      error(err, { worker: labels.worker, endpoint: labels.endpoint, kind: labels.kind });
      input.onSeries?.(false);
    },
  });
}
