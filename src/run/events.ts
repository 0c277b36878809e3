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
  /** k6-like thresholds as written in the scenario: `{ 'replication_lag{region:x}': ['p(99)<30s'] }`. */
  readonly thresholds?: LoggedThresholds;
  /** The resolved scenario, as the runner saw it (opaque to the report). */
  readonly snapshot?: unknown;
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
  /** Ground-truth lag (lab runs only), to measure the watcher's accuracy. */
  readonly truthUs?: number;
}

/** The artifact did not become (correctly) pullable; reason says why. */
export interface NotReplicatedEvent {
  readonly type: 'replication';
  readonly t: number;
  readonly labels: ReplicationLabels;
  readonly outcome: 'timed-out' | 'errored' | 'inconsistent';
  readonly reason: string;
  readonly probes: number;
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
  /** Planned inter-arrival time of an open-loop load phase: enables coordinated-omission correction. */
  readonly expectedIntervalUs?: number;
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
  | ErrorEvent
  | RunEndEvent;

export type ReplEventType = ReplEvent['type'];

/** Run clock in µs since `startMs` (an injected ms clock such as performance.now). */
export function runClockUs(now: () => number, startMs: number = now()): () => number {
  return () => Math.round((now() - startMs) * 1000);
}

const num = z.number().refine(Number.isFinite, 'expected a finite number');
const nonNeg = num.refine((n) => n >= 0, 'expected a number ≥ 0');
const str = z.string();
const replicationLabels = z.object({ region: str, image: str, digest: str });

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
    thresholds: z.record(str, z.union([str, z.array(z.union([str, z.object({ threshold: str })]))])).optional(),
    snapshot: z.unknown().optional(),
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
      truthUs: num.optional(),
    }),
    z.object({
      type: z.literal('replication'),
      t: nonNeg,
      labels: replicationLabels,
      outcome: z.enum(['timed-out', 'errored', 'inconsistent']),
      reason: str,
      probes: nonNeg,
    }),
  ]),
  pull: z.object({
    type: z.literal('pull'),
    t: nonNeg,
    labels: z.object({ worker: str, endpoint: str, image: str, phase: z.enum(['cold', 'warm']) }),
    durationUs: nonNeg,
    ttfbUs: nonNeg,
    bytes: nonNeg,
    expectedIntervalUs: nonNeg.optional(),
  }),
  error: z.object({
    type: z.literal('error'),
    t: nonNeg,
    code: str,
    message: str,
    phase: str.optional(),
    labels: z.record(str, str).optional(),
  }),
  'run-end': z.object({
    type: z.literal('run-end'),
    t: nonNeg,
    finishedAt: z.iso.datetime(),
    complete: z.boolean(),
    interrupted: str.optional(),
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
