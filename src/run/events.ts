/**
 * The records of events.jsonl, one JSON object per line: the source of truth every
 * report is folded from. Each record has `type` (the union's tag) and `t`, µs since
 * the run started on the run's own clock. Values are µs (`valueUs`, `durationUs`).
 *
 * Extending: add an interface, add it to ReplEvent and to EVENT_SCHEMAS. Readers
 * skip types they do not know, so older replbench versions can read newer logs.
 */
import { z } from 'zod';

/** Bumped when a record changes incompatibly; written in run-start. */
export const EVENT_LOG_VERSION = 1;

export interface RunEnvironment {
  readonly replbenchVersion: string;
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
}

/** Thresholds as a scenario writes them (the input of report/thresholds.ts parseThresholds). */
export type LoggedThresholds = Readonly<Record<string, string | readonly (string | { readonly threshold: string })[]>>;

export interface RunStartEvent {
  readonly type: 'run-start';
  readonly t: number;
  readonly logVersion: number;
  readonly runId: string;
  /** Scenario name. */
  readonly scenario: string;
  readonly origin: string;
  /** Every region of the run, origin included. */
  readonly regions: readonly string[];
  /** ISO 8601 UTC, the wall-clock time of t = 0. */
  readonly startedAt: string;
  /**
   * t = 0 as epoch ms with sub-ms digits (performance.timeOrigin + the run
   * clock's start), when the run clock is performance.now: lines t up with
   * other processes' and registries' timestamps on this machine.
   */
  readonly epochMs?: number;
  /** The lab thread's clock against the run clock, measured at start (lab-thread.ts): offset ± uncertainty. */
  readonly labClock?: { readonly offsetUs: number; readonly uncertaintyUs: number };
  /** k6-like thresholds as written in the scenario: `{ 'replication_lag{region:x}': ['p(99)<30s'] }`. */
  readonly thresholds?: LoggedThresholds;
  /** The resolved scenario, as the runner saw it (opaque to the report). */
  readonly snapshot?: unknown;
  /** report.formats: the report files this run writes (absent: every format). */
  readonly formats?: readonly string[];
  readonly environment: RunEnvironment;
}

export interface PhaseEvent {
  readonly type: 'phase';
  readonly t: number;
  readonly phase: string;
  readonly state: 'start' | 'end';
}

/** One image pushed to the origin; valueUs = first blob upload to the manifest PUT's 201. */
export interface PushEvent {
  readonly type: 'push';
  readonly t: number;
  /** region defaults to the run's origin. */
  readonly labels: { readonly image: string; readonly repo: string; readonly region?: string };
  readonly valueUs: number;
  readonly digest?: string;
  readonly bytes?: number;
}

export type ReplicationOutcome = 'replicated' | 'timed-out' | 'errored' | 'inconsistent';

export interface ReplicationLabels {
  readonly region: string;
  readonly image: string;
  readonly digest: string;
}

/** The artifact became pullable in a replica: valueUs = lag from the commit point. */
export interface ReplicatedEvent {
  readonly type: 'replication';
  readonly t: number;
  readonly labels: ReplicationLabels;
  readonly outcome: 'replicated';
  /** Midpoint of the (RTT-corrected) bracket between the last miss and the first hit. */
  readonly valueUs: number;
  /** Half the bracket: the true lag lies within valueUs ± uncertaintyUs. */
  readonly uncertaintyUs: number;
  readonly probes: number;
  /** The commit point t0, µs since the run started (absent in logs written before it was recorded). */
  readonly commitUs?: number;
  /** Probes the probe budget (maxProbeRatePerRegion) held back, and their total wait. */
  readonly budgetHeld?: BudgetHeld;
  /** Ground-truth lag (lab runs only), to measure the watcher's accuracy. */
  readonly truthUs?: number;
  /** The confirm step (src/oci/confirm.ts): requests sent and µs spent proving the content is there. */
  readonly confirm?: ConfirmCost;
}

export interface ConfirmCost {
  readonly requests: number;
  readonly us: number;
}

/** The artifact did not become (correctly) pullable; reason says why. */
export interface NotReplicatedEvent {
  readonly type: 'replication';
  readonly t: number;
  readonly labels: ReplicationLabels;
  readonly outcome: 'timed-out' | 'errored' | 'inconsistent';
  /** Starts with the inconsistency's own reason (`head-lies: …`) for inconsistent outcomes. */
  readonly reason: string;
  readonly probes: number;
  readonly commitUs?: number;
  readonly budgetHeld?: BudgetHeld;
  /** errored: HTTP status of the failure that ended it (0: no answer; 401/403: credentials refused). */
  readonly status?: number;
  /** No probe of the watch got an HTTP answer (connection refused, reset, nothing before the timeout). */
  readonly noAnswer?: true;
  readonly confirm?: ConfirmCost;
}

export interface BudgetHeld {
  readonly probes: number;
  readonly waitUs: number;
}

export type ReplicationEvent = ReplicatedEvent | NotReplicatedEvent;

/** One full pull (manifest and every blob) by a worker from an endpoint. */
export interface PullEvent {
  readonly type: 'pull';
  readonly t: number;
  readonly labels: {
    readonly worker: string;
    readonly endpoint: string;
    readonly image: string;
    readonly phase: 'cold' | 'warm';
  };
  readonly durationUs: number;
  readonly ttfbUs: number;
  readonly bytes: number;
}

/**
 * One blob download the registry redirected (ACR: 307 to its storage or data
 * endpoint), logged after its pull: valueUs = the redirect answer(s) from the
 * registry, storageUs = the storage host's time to headers. `storage` is the
 * region the storage host was placed in (src/measure/pull-redirect.ts), or
 * 'unknown'; outOfRegion = placed in another region than the endpoint.
 */
export interface PullRedirectEvent {
  readonly type: 'pull-redirect';
  readonly t: number;
  readonly labels: { readonly worker: string; readonly endpoint: string; readonly storage: string };
  readonly valueUs: number;
  readonly storageUs: number;
  /** host[:port] of the storage host (never its query). */
  readonly host: string;
  readonly outOfRegion: boolean;
  readonly image: string;
}

/** Where a replication signal came from: a registry webhook, or a source blob's x-ms-or-* status (Blob object replication). */
export type SignalSource = 'webhook' | 'or-status';

/**
 * An event source said an artifact arrived in a replica: valueUs =
 * the signal's arrival at the runner − the commit point, on the runner's clock.
 * Recorded beside the probes' `replication` record of the same artifact and region.
 */
export interface SignalReceivedEvent {
  readonly type: 'replication-signal';
  readonly t: number;
  readonly source: SignalSource;
  readonly labels: ReplicationLabels;
  readonly outcome: 'received';
  readonly valueUs: number;
}

/** No signal came within the replication timeout (missing), or the source reported a failure (failed). */
export interface SignalMissingEvent {
  readonly type: 'replication-signal';
  readonly t: number;
  readonly source: SignalSource;
  readonly labels: ReplicationLabels;
  readonly outcome: 'missing' | 'failed';
  readonly reason: string;
}

export type ReplicationSignalEvent = SignalReceivedEvent | SignalMissingEvent;

/** An event source's own counters at the end of the run (webhook receiver: requests, duplicates, refused, …). */
export interface SignalStatsEvent {
  readonly type: 'signal-stats';
  readonly t: number;
  readonly source: SignalSource;
  readonly stats: Readonly<Record<string, number>>;
}

/** The scenario's egress price table, logged once at the start: price per GB (10^9 bytes) by "from->to" or "default". */
export interface EgressPricesEvent {
  readonly type: 'egress-prices';
  readonly t: number;
  readonly currency: string;
  readonly pricePerGB: Readonly<Record<string, number>>;
}

/** A push attempted at a ReadOnly node: `denied` (403 DENIED) is the expected outcome, `accepted` a violation. */
export interface WriteCheckEvent {
  readonly type: 'write-check';
  readonly t: number;
  readonly labels: { readonly region: string; readonly image: string };
  readonly outcome: 'denied' | 'accepted' | 'errored';
  /** HTTP status of the refusal (0: no answer). */
  readonly status: number;
  readonly message?: string;
}

/**
 * A replicated artifact in a region whose sync is gated by a schedule
 * (connected registries): scheduledWaitUs = commit point → the first instant
 * the schedules on its path allowed it to cross; lagUs = the measured lag. The
 * time to sync once allowed is lagUs − scheduledWaitUs.
 */
export interface SyncTimingEvent {
  readonly type: 'sync-timing';
  readonly t: number;
  readonly labels: ReplicationLabels;
  readonly origin: string;
  /** The schedule(s) on the path, as written (e.g. "every 15s, window 5s"). */
  readonly schedule: string;
  readonly scheduledWaitUs: number;
  readonly lagUs: number;
}

/** Something failed that is not a measurement (a push, a pull, a worker); code is the error's stable code. */
export interface ErrorEvent {
  readonly type: 'error';
  readonly t: number;
  readonly code: string;
  readonly message: string;
  readonly phase?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** Labels of a load series: which worker drove which request kind against which endpoint. */
export interface LoadLabels {
  readonly worker: string;
  readonly endpoint: string;
  readonly kind: string;
}

/**
 * One interval of a load series (src/measure/load-run.ts): the latencies of
 * the responses that arrived in it, as compressed-base64 HDR histograms in µs.
 * `histogram` is corrected for coordinated omission (expectedIntervalUs, the
 * planned inter-arrival time per connection); `uncorrected` is not. Flat-out
 * load has no plan: both hold the same values and expectedIntervalUs is absent.
 */
export interface LoadEvent {
  readonly type: 'load';
  readonly t: number;
  readonly labels: LoadLabels;
  /** Interval start, µs since the run started. */
  readonly startUs: number;
  readonly lengthUs: number;
  readonly histogram: string;
  readonly uncorrected: string;
  /** Responses in the interval. */
  readonly requests: number;
  /** Responses by HTTP status ("200": n). */
  readonly status: Readonly<Record<string, number>>;
  /** Connection errors and timeouts (no response). */
  readonly errors: number;
  readonly timeouts: number;
  readonly expectedIntervalUs?: number;
}

/** A load series is over: its totals as the worker counted them (whole-run histograms included, for checking the intervals). */
export interface LoadEndEvent {
  readonly type: 'load-end';
  readonly t: number;
  readonly labels: LoadLabels;
  readonly durationUs: number;
  readonly connections: number;
  /** null = flat out. */
  readonly ratePerSec: number | null;
  readonly requests: number;
  readonly status: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly timeouts: number;
  readonly histogram: string;
  readonly uncorrected: string;
}

/** A remote worker joined the run (src/dist/coordinator.ts). */
export interface WorkerJoinedEvent {
  readonly type: 'worker-joined';
  readonly t: number;
  readonly region: string;
  /** Host name and process id the worker reported (never credentials). */
  readonly host: string;
  readonly pid: number;
  readonly version: string;
}

/** A remote worker was lost mid-run: its series are partial from here on; the run went on. */
export interface WorkerLostEvent {
  readonly type: 'worker-lost';
  readonly t: number;
  readonly region: string;
  readonly reason: string;
}

/**
 * A worker's clock offset (its clock − the coordinator's) from an NTP-style
 * exchange: the sample with the smallest round trip of `rounds`; the true
 * offset lies within offsetUs ± uncertaintyUs (half that round trip).
 */
export interface ClockOffsetEvent {
  readonly type: 'clock-offset';
  readonly t: number;
  readonly worker: string;
  readonly offsetUs: number;
  readonly uncertaintyUs: number;
  readonly rttUs: number;
  readonly rounds: number;
}

/**
 * Pulls a paced load generator was due to start and never did, per worker
 * region (k6's dropped_iterations: every VU was busy, or the time cap ran
 * out): that worker's pull series lost arrivals. t = when the count was taken.
 */
export interface DroppedArrivalsEvent {
  readonly type: 'dropped-arrivals';
  readonly t: number;
  readonly labels: { readonly worker: string };
  readonly count: number;
  /** Which generator dropped them ("k6"). */
  readonly source: string;
}

export interface RunEndEvent {
  readonly type: 'run-end';
  readonly t: number;
  /** ISO 8601 UTC. */
  readonly finishedAt: string;
  /** False when the run was interrupted (SIGINT, a phase aborted). */
  readonly complete: boolean;
  readonly interrupted?: string;
}

export type ReplEvent =
  | RunStartEvent
  | PhaseEvent
  | PushEvent
  | ReplicationEvent
  | PullEvent
  | PullRedirectEvent
  | ErrorEvent
  | LoadEvent
  | LoadEndEvent
  | WorkerJoinedEvent
  | WorkerLostEvent
  | ClockOffsetEvent
  | RunEndEvent
  | ReplicationSignalEvent
  | SignalStatsEvent
  | EgressPricesEvent
  | WriteCheckEvent
  | SyncTimingEvent
  | DroppedArrivalsEvent
  | HealthEvent
  | MachineLoadEvent;

/**
 * The machine's load over one health interval of the runner
 * (src/measure/machine-load.ts): 1-minute load average, and from /proc/stat
 * the busy and stolen shares of the whole machine's CPU. t = the interval's start.
 */
export interface MachineLoadEvent {
  readonly type: 'machine-load';
  readonly t: number;
  readonly lengthUs: number;
  readonly load1: number;
  readonly cpus: number;
  readonly busyPct?: number;
  readonly stealPct?: number;
}

/**
 * One interval (about a second) of a process's own health
 * (src/measure/harness-health.ts): event-loop delay and probe send lateness
 * as compressed HDR histograms in µs, CPU time. t = the interval's start.
 */
export interface HealthEvent {
  readonly type: 'health';
  readonly t: number;
  /** Which process: 'runner' (the process that runs the scenario), 'lab', or 'worker:<region>'. */
  readonly source: string;
  readonly lengthUs: number;
  readonly loopDelay: string;
  readonly loopDelayMaxUs: number;
  /** The thread's event loop busy time (µs). */
  readonly busyUs?: number;
  /** CPU time of the whole process (µs, every thread); only the runner's records carry it. */
  readonly cpuUs?: number;
  /** Region → lateness of the probes of watches that ended in the interval. */
  readonly probeLateness: Readonly<Record<string, string>>;
  /** How late the thread's own timed callbacks ran (the lab's link delays and copies). */
  readonly timerLateness?: string;
}

export type ReplEventType = ReplEvent['type'];

/** Run clock in µs since `startMs` (an injected ms clock such as performance.now). */
export function runClockUs(now: () => number, startMs: number = now()): () => number {
  return () => Math.round((now() - startMs) * 1000);
}

const num = z.number().refine(Number.isFinite, 'expected a finite number');
const nonNeg = num.refine((n) => n >= 0, 'expected a number ≥ 0');
const str = z.string();
const replicationLabels = z.object({ region: str, image: str, digest: str });
const loadLabels = z.object({ worker: str, endpoint: str, kind: str });
const count = z.number().int().min(0);
const statusCounts = z.record(str, count);
const signalSource = z.enum(['webhook', 'or-status']);

type SchemaFor<T extends ReplEventType> = z.ZodType<Extract<ReplEvent, { type: T }>>;

/** One validator per record type; unknown keys are dropped on reading. */
export const EVENT_SCHEMAS: { readonly [T in ReplEventType]: SchemaFor<T> } = {
  'run-start': z.object({
    type: z.literal('run-start'),
    t: nonNeg,
    logVersion: z.number().int(),
    runId: str,
    scenario: str,
    origin: str,
    regions: z.array(str),
    startedAt: z.iso.datetime(),
    epochMs: z.number().positive().optional(),
    labClock: z.object({ offsetUs: num, uncertaintyUs: nonNeg }).optional(),
    thresholds: z.record(str, z.union([str, z.array(z.union([str, z.object({ threshold: str })]))])).optional(),
    snapshot: z.unknown().optional(),
    formats: z.array(str).optional(),
    environment: z.object({ replbenchVersion: str, node: str, platform: str, cpus: z.number().int() }),
  }),
  phase: z.object({ type: z.literal('phase'), t: nonNeg, phase: str, state: z.enum(['start', 'end']) }),
  push: z.object({
    type: z.literal('push'),
    t: nonNeg,
    labels: z.object({ image: str, repo: str, region: str.optional() }),
    valueUs: nonNeg,
    digest: str.optional(),
    bytes: nonNeg.optional(),
  }),
  replication: z.discriminatedUnion('outcome', [
    z.object({
      type: z.literal('replication'),
      t: nonNeg,
      labels: replicationLabels,
      outcome: z.literal('replicated'),
      valueUs: num,
      uncertaintyUs: nonNeg,
      probes: nonNeg,
      commitUs: nonNeg.optional(),
      budgetHeld: z.object({ probes: count, waitUs: nonNeg }).optional(),
      truthUs: num.optional(),
      confirm: z.object({ requests: count, us: nonNeg }).optional(),
    }),
    z.object({
      type: z.literal('replication'),
      t: nonNeg,
      labels: replicationLabels,
      outcome: z.enum(['timed-out', 'errored', 'inconsistent']),
      reason: str,
      probes: nonNeg,
      commitUs: nonNeg.optional(),
      budgetHeld: z.object({ probes: count, waitUs: nonNeg }).optional(),
      status: count.optional(),
      noAnswer: z.literal(true).optional(),
      confirm: z.object({ requests: count, us: nonNeg }).optional(),
    }),
  ]),
  pull: z.object({
    type: z.literal('pull'),
    t: nonNeg,
    labels: z.object({ worker: str, endpoint: str, image: str, phase: z.enum(['cold', 'warm']) }),
    durationUs: nonNeg,
    ttfbUs: nonNeg,
    bytes: nonNeg,
  }),
  'pull-redirect': z.object({
    type: z.literal('pull-redirect'),
    t: nonNeg,
    labels: z.object({ worker: str, endpoint: str, storage: str }),
    valueUs: nonNeg,
    storageUs: nonNeg,
    host: str,
    outOfRegion: z.boolean(),
    image: str,
  }),
  error: z.object({
    type: z.literal('error'),
    t: nonNeg,
    code: str,
    message: str,
    phase: str.optional(),
    labels: z.record(str, str).optional(),
  }),
  load: z.object({
    type: z.literal('load'),
    t: nonNeg,
    labels: loadLabels,
    startUs: nonNeg,
    lengthUs: nonNeg,
    histogram: str,
    uncorrected: str,
    requests: count,
    status: statusCounts,
    errors: count,
    timeouts: count,
    expectedIntervalUs: nonNeg.optional(),
  }),
  'load-end': z.object({
    type: z.literal('load-end'),
    t: nonNeg,
    labels: loadLabels,
    durationUs: nonNeg,
    connections: count,
    ratePerSec: nonNeg.nullable(),
    requests: count,
    status: statusCounts,
    errors: count,
    timeouts: count,
    histogram: str,
    uncorrected: str,
  }),
  'worker-joined': z.object({ type: z.literal('worker-joined'), t: nonNeg, region: str, host: str, pid: count, version: str }),
  'worker-lost': z.object({ type: z.literal('worker-lost'), t: nonNeg, region: str, reason: str }),
  'clock-offset': z.object({
    type: z.literal('clock-offset'),
    t: nonNeg,
    worker: str,
    offsetUs: num,
    uncertaintyUs: nonNeg,
    rttUs: nonNeg,
    rounds: count,
  }),
  'dropped-arrivals': z.object({ type: z.literal('dropped-arrivals'), t: nonNeg, labels: z.object({ worker: str }), count, source: str }),
  'run-end': z.object({
    type: z.literal('run-end'),
    t: nonNeg,
    finishedAt: z.iso.datetime(),
    complete: z.boolean(),
    interrupted: str.optional(),
  }),
  'replication-signal': z.discriminatedUnion('outcome', [
    z.object({ type: z.literal('replication-signal'), t: nonNeg, source: signalSource, labels: replicationLabels, outcome: z.literal('received'), valueUs: num }),
    z.object({ type: z.literal('replication-signal'), t: nonNeg, source: signalSource, labels: replicationLabels, outcome: z.enum(['missing', 'failed']), reason: str }),
  ]),
  'signal-stats': z.object({ type: z.literal('signal-stats'), t: nonNeg, source: signalSource, stats: z.record(str, nonNeg) }),
  'egress-prices': z.object({ type: z.literal('egress-prices'), t: nonNeg, currency: str, pricePerGB: z.record(str, nonNeg) }),
  'write-check': z.object({
    type: z.literal('write-check'),
    t: nonNeg,
    labels: z.object({ region: str, image: str }),
    outcome: z.enum(['denied', 'accepted', 'errored']),
    status: nonNeg,
    message: str.optional(),
  }),
  health: z.object({
    type: z.literal('health'),
    t: nonNeg,
    source: str,
    lengthUs: nonNeg,
    loopDelay: str,
    loopDelayMaxUs: nonNeg,
    busyUs: nonNeg.optional(),
    cpuUs: nonNeg.optional(),
    probeLateness: z.record(str, str),
    timerLateness: str.optional(),
  }),
  'machine-load': z.object({
    type: z.literal('machine-load'),
    t: nonNeg,
    lengthUs: nonNeg,
    load1: nonNeg,
    cpus: nonNeg,
    busyPct: nonNeg.optional(),
    stealPct: nonNeg.optional(),
  }),
  'sync-timing': z.object({
    type: z.literal('sync-timing'),
    t: nonNeg,
    labels: replicationLabels,
    origin: str,
    schedule: str,
    scheduledWaitUs: nonNeg,
    lagUs: num,
  }),
};

export type ParsedEvent =
  | { readonly kind: 'event'; readonly event: ReplEvent }
  | { readonly kind: 'unknown-type'; readonly type: string }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Validates one decoded JSON value as an event record. */
export function parseEvent(value: unknown): ParsedEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: 'expected a JSON object' };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return { kind: 'invalid', reason: 'expected a string field "type"' };
  if (!Object.hasOwn(EVENT_SCHEMAS, type)) return { kind: 'unknown-type', type };
  const result = EVENT_SCHEMAS[type as ReplEventType].safeParse(value);
  if (result.success) return { kind: 'event', event: result.data };
  const issue = result.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(record)';
  return { kind: 'invalid', reason: `${type} event, field ${path}: ${issue?.message ?? 'invalid'}` };
}
