/**
 * The records of events.jsonl, one JSON object per line: the source of truth every
 * report is folded from. Each record has `type` (the union's tag) and `t`, µs since
 * the run started on the run's own clock. Values are µs (`valueUs`, `durationUs`).
 * Each record is stated once, as a zod schema in the file of its domain; its
 * type is derived from the schema.
 *
 * Extending: add a schema (and its type) to the domain's file, and add it to
 * EVENT_SCHEMAS and ReplEvent here. Readers skip types they do not know, so older
 * replbench versions can read newer logs.
 * A leaf: imports only src/errors.ts of replbench.
 */
import type { z } from 'zod';
import { loadEndSchema, loadSchema, type LoadEndEvent, type LoadEvent } from './load.ts';
import {
  clockOffsetSchema,
  healthSchema,
  machineLoadSchema,
  workerJoinedSchema,
  workerLostSchema,
  type ClockOffsetEvent,
  type HealthEvent,
  type MachineLoadEvent,
  type WorkerJoinedEvent,
  type WorkerLostEvent,
} from './processes.ts';
import {
  replicationSchema,
  replicationSignalSchema,
  signalStatsSchema,
  syncTimingSchema,
  type ReplicationEvent,
  type ReplicationSignalEvent,
  type SignalStatsEvent,
  type SyncTimingEvent,
} from './replication.ts';
import {
  egressPricesSchema,
  errorSchema,
  phaseSchema,
  runEndSchema,
  runStartSchema,
  type EgressPricesEvent,
  type ErrorEvent,
  type PhaseEvent,
  type RunEndEvent,
  type RunStartEvent,
} from './run.ts';
import {
  droppedArrivalsSchema,
  pullRedirectSchema,
  pullSchema,
  pushSchema,
  writeCheckSchema,
  type DroppedArrivalsEvent,
  type PullEvent,
  type PullRedirectEvent,
  type PushEvent,
  type WriteCheckEvent,
} from './transfer.ts';

export type { Frozen, ReplicationLabels, SignalSource } from './fields.ts';
export type { LoadEndEvent, LoadEvent, LoadLabels } from './load.ts';
export type { ClockOffsetEvent, HealthEvent, MachineLoadEvent, WorkerJoinedEvent, WorkerLostEvent } from './processes.ts';
export type {
  BudgetHeld,
  ConfirmCost,
  NotReplicatedEvent,
  ReplicatedEvent,
  ReplicationEvent,
  ReplicationOutcome,
  ReplicationSignalEvent,
  SignalMissingEvent,
  SignalReceivedEvent,
  SignalStatsEvent,
  SyncTimingEvent,
} from './replication.ts';
export { errorCodeOf, errorRecord } from './run.ts';
export type { EgressPricesEvent, ErrorEvent, LoggedThresholds, PhaseEvent, RunEndEvent, RunEnvironment, RunStartEvent } from './run.ts';
export type { DroppedArrivalsEvent, PullEvent, PullRedirectEvent, PushEvent, WriteCheckEvent } from './transfer.ts';

/** Bumped when a record changes incompatibly; written in run-start. */
export const EVENT_LOG_VERSION = 1;

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

export type ReplEventType = ReplEvent['type'];

/** One validator per record type; unknown keys are dropped on reading. */
export const EVENT_SCHEMAS = {
  'run-start': runStartSchema,
  phase: phaseSchema,
  push: pushSchema,
  replication: replicationSchema,
  pull: pullSchema,
  'pull-redirect': pullRedirectSchema,
  error: errorSchema,
  load: loadSchema,
  'load-end': loadEndSchema,
  'worker-joined': workerJoinedSchema,
  'worker-lost': workerLostSchema,
  'clock-offset': clockOffsetSchema,
  'dropped-arrivals': droppedArrivalsSchema,
  'run-end': runEndSchema,
  'replication-signal': replicationSignalSchema,
  'signal-stats': signalStatsSchema,
  'egress-prices': egressPricesSchema,
  'write-check': writeCheckSchema,
  health: healthSchema,
  'machine-load': machineLoadSchema,
  'sync-timing': syncTimingSchema,
} as const satisfies { readonly [T in ReplEventType]: z.ZodType };

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
  if (result.success) return { kind: 'event', event: result.data as ReplEvent };
  const issue = result.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : '(record)';
  return { kind: 'invalid', reason: `${type} event, field ${path}: ${issue?.message ?? 'invalid'}` };
}
