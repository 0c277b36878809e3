/**
 * The run context: what every phase of a run works over — the scenario, the
 * opened target and its workers, the recorder, the stop control, progress —
 * and the few things phases hand on to later ones (the round trips, the
 * untrusted replicas, the pushed images and who has them). Phases are units
 * `(ctx, plan) => Promise<void>` (phases/); the context is their one shared
 * state, and FeatureRun is the part of it the features see.
 */
import { describeError } from '../errors.ts';
import { errorRecord, type ReplicationEvent } from '../events/index.ts';
import type { HealthMonitor } from '../measure/harness-health.ts';
import { oneWayDelayMs } from '../measure/one-way-delay.ts';
import type { RttEstimate } from '../measure/rtt.ts';
import type { Worker } from '../measure/worker.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import type { OpenTarget, SignalSource } from './driver.ts';
import type { RunFeatures } from './features/index.ts';
import type { FeatureRun } from './features/feature.ts';
import type { RunPlan } from './plan.ts';
import type { ProbeTraceLog } from './probe-trace-log.ts';
import { ProgressTracker, type ProgressListener, type RunPhase } from './progress.ts';
import type { PushedImage } from './push-phase.ts';
import type { RunRecorder } from './recorder.ts';
import { RttTable } from './rtt-phase.ts';
import type { StopControl } from './stop-control.ts';
import type { RunWorkers } from './workers.ts';

export interface RunContextInput {
  readonly scenario: ResolvedScenario;
  readonly plan: RunPlan;
  readonly target: OpenTarget;
  readonly workers: RunWorkers;
  readonly recorder: RunRecorder;
  readonly control: StopControl;
  /** The pusher's round trip to the origin (from the preflight). */
  readonly commitRtt: RttEstimate;
  readonly now: () => number;
  readonly features?: RunFeatures;
  /** The target's own replication signal (the blob source's x-ms-or-* status). */
  readonly signal?: SignalSource;
  readonly onProgress?: ProgressListener;
  /** Takes each watch's probe send lateness (harness health). */
  readonly health?: HealthMonitor;
  /** Where each watch's probe trace goes (`--probe-trace`). */
  readonly probeTrace?: ProbeTraceLog;
}

export class RunContext implements FeatureRun {
  readonly scenario: ResolvedScenario;
  readonly plan: RunPlan;
  readonly target: OpenTarget;
  readonly workers: RunWorkers;
  readonly recorder: RunRecorder;
  readonly control: StopControl;
  readonly commitRtt: RttEstimate;
  readonly now: () => number;
  readonly features: RunFeatures | undefined;
  readonly signal: SignalSource | undefined;
  readonly health: HealthMonitor | undefined;
  readonly probeTrace: ProbeTraceLog | undefined;
  readonly tracker: ProgressTracker;
  readonly commitOneWayDelayMs = new Map<string, number>();
  /** From the rtt phase on: every measured round trip. */
  rtts = new RttTable();
  /** From the canary on: replicas that answer present for a digest never pushed, and why. */
  untrusted = new Map<string, string>();
  /** The origin's images as they were pushed. */
  readonly pushedImages: PushedImage[] = [];
  /** From the watch phase on: the origin's images replicated in a region. */
  replicatedIn: (region: string) => readonly PushedImage[] = () => [];
  /** From the watch phase on: resolves when every watch of the origin's images is over. */
  watchSettled: () => Promise<void> = async () => undefined;
  /** The first fatal error. */
  fatal: unknown;
  #current: RunPhase = 'rtt';
  readonly #onProgress: ProgressListener | undefined;

  constructor(input: RunContextInput) {
    this.scenario = input.scenario;
    this.plan = input.plan;
    this.target = input.target;
    this.workers = input.workers;
    this.recorder = input.recorder;
    this.control = input.control;
    this.commitRtt = input.commitRtt;
    this.now = input.now;
    this.features = input.features;
    this.signal = input.signal;
    this.health = input.health;
    this.probeTrace = input.probeTrace;
    this.#onProgress = input.onProgress;
    this.tracker = new ProgressTracker(input.plan.watchRegions);
    this.commitOneWayDelayMs.set(input.scenario.origin, oneWayDelayMs(input.commitRtt));
  }

  get stop(): AbortSignal {
    return this.control.stop;
  }

  get abort(): AbortSignal {
    return this.control.abort;
  }

  progress(event: Parameters<ProgressListener>[0]): void {
    this.#onProgress?.(event);
  }

  /** Tells the progress listener where the run is. */
  update(): void {
    this.#onProgress?.({ kind: 'update', phase: this.#current, snapshot: this.tracker.snapshot() });
  }

  logError(phase: string, err: unknown, labels: Record<string, string>): void {
    this.recorder.record(errorRecord(err, phase, labels));
  }

  /** Ends the run: the first fatal error is kept, work in flight is aborted now. */
  fail(err: unknown, why: string): void {
    this.fatal ??= err;
    this.control.abortNow(`${why}: ${describeError(err)}`);
  }

  /** Runs `body` as the phase `name`: its phase records and progress around it. */
  async phase<T>(name: RunPhase, body: () => Promise<T>): Promise<T> {
    const startedMs = this.now();
    const previous = this.#current;
    this.#current = name;
    this.recorder.record({ type: 'phase', phase: name, state: 'start' });
    this.#onProgress?.({ kind: 'phase-start', phase: name, snapshot: this.tracker.snapshot() });
    try {
      return await body();
    } finally {
      this.recorder.record({ type: 'phase', phase: name, state: 'end' });
      this.#onProgress?.({ kind: 'phase-end', phase: name, elapsedMs: this.now() - startedMs, snapshot: this.tracker.snapshot() });
      this.#current = previous;
    }
  }

  workerFor(region: string): Worker {
    return this.workers.workerFor(region);
  }

  /** Who watches a replica region (the coordinator, in remote runs that watch from there). */
  watcherFor(region: string): Worker {
    return this.workers.watcherFor?.(region) ?? this.workers.workerFor(region);
  }

  oneWayDelayMs(region: string): number {
    return this.rtts.oneWayDelayMs(region, region);
  }

  pushed(image: PushedImage, origin: string): void {
    this.features?.onPushed(image, origin);
  }

  replicated(origin: string, region: string, image: PushedImage, event: ReplicationEvent): void {
    this.recorder.append(this.features?.replication(origin, region, image, event) ?? event);
  }
}
