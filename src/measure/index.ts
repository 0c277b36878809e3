/** The public API of the measuring core: replication watches, pulls, workers, schedules. */
export { realClock, realSleep, throwIfAborted, type Clock, type Sleep } from './clock.ts';
export { VirtualClock, type RunOptions } from './virtual-clock.ts';
export { createPool, type Pool } from './pool.ts';
export { measureRtt, rttOf, pingLatencyOf, RTT_DEFAULTS, type RttEstimate, type PingFn, type MeasureRttOptions } from './rtt.ts';
export { oneWayDelayMs, evaluationWindow, type EvaluationWindow, type ProbeTimes } from './one-way-delay.ts';
export { LagPrior, fitLagPrior, isPrecise, studentT, LAG_PRIOR_DEFAULTS, type LagPriorSnapshot, type LagPriorOptions, type LagObservation } from './lag-prior.ts';
export {
  nextProbeOffsetMs,
  nextProbeDelayMs,
  withPrior,
  checkSchedule,
  ADAPTIVE_DEFAULTS,
  DEFAULT_SCHEDULE,
  type ProbeSchedule,
  type FixedSchedule,
  type AdaptiveSchedule,
  type ScheduleState,
} from './probe-schedule.ts';
export { verdictOf, type ProbeVerdict } from './probe-verdict.ts';
export { ComponentBracket, arrivalBracket, type Bracket } from './bracket.ts';
export { watchReplication, backoffMs } from './watcher.ts';
export type {
  Prober,
  ProbeLimiter,
  ProbeMode,
  WatchOptions,
  WatchResult,
  ReplicatedResult,
  TimedOutResult,
  ErroredResult,
  InconsistentResult,
  ProbeCounts,
} from './watch-types.ts';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from './rate-limiter.ts';
export { SimulatedReplica, fixedLink, type SimulatedLink, type SimulatedArtifact, type SimulatedFault, type SimulatedRequest } from './simulated-replica.ts';
export type { Worker, PullTask, PullSample, PullFailure, PullResult, PullPhase, WatchTask } from './worker.ts';
export { InProcessWorker, type InProcessWorkerOptions, type WorkerClient } from './in-process-worker.ts';
export { runPullMatrix, type PullMatrixOptions, type PullMatrixResult, type PullImageSpec } from './pull-matrix.ts';
export { replicationEvent, pullEvent, pullErrorEvent, msToUs, type ReplicationContext } from './records.ts';
export { startWebhookReceiver, type WebhookEvent, type WebhookReceiver, type WebhookReceiverOptions } from './webhook-receiver.ts';
export { classifyStorageHost, pullRedirectSample, pullRedirectPoint, tallyPullRedirects } from './pull-redirect.ts';
export { LOAD_KINDS, expectedIntervalUs, type LoadKind, type LoadTask, type LoadTarget, type LoadInterval, type LoadTotals, type LoadWorker, type LoadRunOptions } from './load-types.ts';
export { runLoad, checkLoadTask, type RunLoadOptions } from './load-run.ts';
export { InProcessLoadWorker, loadEndpointOf, type LoadEndpoint } from './load-worker.ts';
export { runLoadPhase, pickLoadTarget, type LoadLabels, type LoadPhaseOptions } from './load-phase.ts';
