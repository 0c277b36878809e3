/**
 * A named optional feature of a run (webhook signals, connected registries,
 * egress prices): a few optional hooks the run calls at fixed points, each
 * doing nothing for a scenario that does not use the feature. A feature sees
 * the run through FeatureRun, a narrow view of the run context.
 *
 * Calls, in order: start (before the target opens; a feature may change the
 * scenario the target opens with) → begin after run-start → beside (inside the
 * watch phase, beside the origin's pushes) / onPushed / replication → settled
 * (end of the watch phase) → finish before run-end → close.
 */
import type { RttEstimate } from '../../measure/rtt.ts';
import type { Worker } from '../../measure/worker.ts';
import type { Env } from '../../scenario/credentials.ts';
import type { ResolvedScenario } from '../../scenario/resolved.ts';
import type { ReplicationEvent } from '../../events/index.ts';
import type { OpenTarget } from '../driver.ts';
import type { RunPlan } from '../plan.ts';
import type { PushedImage } from '../push-phase.ts';
import type { RunRecorder } from '../recorder.ts';

/** What a feature sees of the run once it has begun. */
export interface FeatureRun {
  readonly scenario: ResolvedScenario;
  readonly plan: RunPlan;
  readonly target: OpenTarget;
  readonly recorder: RunRecorder;
  readonly now: () => number;
  /** Stop starting work (a stop or a fatal error). */
  readonly stop: AbortSignal;
  /** Abort work in flight. */
  readonly abort: AbortSignal;
  /** The origin pusher's round trip (the preflight's). */
  readonly commitRtt: RttEstimate;
  /** One-way delay to each origin's commit point (ms): the origin's from the preflight; a feature that pushes elsewhere adds its origins. */
  readonly commitOneWayDelayMs: Map<string, number>;
  workerFor(region: string): Worker;
  /** One-way delay from the worker in a region to that region's endpoint (ms), from the rtt phase. */
  oneWayDelayMs(region: string): number;
  logError(phase: string, err: unknown, labels: Record<string, string>): void;
  /** An image committed at `origin` (every feature's onPushed). */
  pushed(image: PushedImage, origin: string): void;
  /** Appends a watch result's record, through every feature's replication hook. */
  replicated(origin: string, region: string, image: PushedImage, event: ReplicationEvent): void;
}

export interface RunFeature {
  /** The scenario the target opens with (the webhook receiver points the lab's webhooks at itself). */
  readonly scenario?: ResolvedScenario;
  begin?(run: FeatureRun): void;
  /** Runs inside the watch phase, beside the origin's pushes. */
  beside?(run: FeatureRun): Promise<void>;
  onPushed?(image: PushedImage, origin: string): void;
  /** The record to append for a watch result (a reason filled in); may log more records. */
  replication?(origin: string, region: string, image: PushedImage, event: ReplicationEvent): ReplicationEvent;
  /** Resolves when what the feature waits for is in or timed out (at once after `abort`). */
  settled?(abort: AbortSignal): Promise<void>;
  /** Logs the feature's own counters; called before run-end. */
  finish?(): void;
  close?(): Promise<void>;
}

export interface FeatureOptions {
  readonly now: () => number;
  readonly env?: Env;
}

/** Starts a feature for a scenario; undefined when the scenario does not use it. */
export type StartFeature = (scenario: ResolvedScenario, plan: RunPlan, opts: FeatureOptions) => Promise<RunFeature | undefined>;
