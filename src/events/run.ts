/**
 * Records of the run itself: its start (scenario snapshot, environment,
 * thresholds), phases, errors that are not measurements, the egress price
 * table, and its end. errorCodeOf and errorRecord are the one way an error
 * becomes an `error` record.
 */
import { z } from 'zod';
import { describeError, ReplbenchError } from '../errors.ts';
import { nonNeg, num, str, type Frozen } from './fields.ts';

const environment = z.object({ replbenchVersion: str, node: str, platform: str, cpus: z.number().int() });
export type RunEnvironment = Frozen<z.infer<typeof environment>>;

/** Thresholds as a scenario writes them (the input of scenario/thresholds.ts parseThresholds). */
export const loggedThresholds = z.record(str, z.union([str, z.array(z.union([str, z.object({ threshold: str })]))]));
export type LoggedThresholds = Frozen<z.infer<typeof loggedThresholds>>;

export const runStartSchema = z.object({
  type: z.literal('run-start'),
  t: nonNeg,
  logVersion: z.number().int(),
  runId: str,
  /** Scenario name. */
  scenario: str,
  origin: str,
  /** Every region of the run, origin included. */
  regions: z.array(str),
  /** ISO 8601 UTC, the wall-clock time of t = 0. */
  startedAt: z.iso.datetime(),
  /**
   * t = 0 as epoch ms with sub-ms digits (performance.timeOrigin + the run
   * clock's start), when the run clock is performance.now: lines t up with
   * other processes' and registries' timestamps on this machine.
   */
  epochMs: z.number().positive().optional(),
  /** The lab thread's clock against the run clock, measured at start (lab-thread.ts): offset ± uncertainty. */
  labClock: z.object({ offsetUs: num, uncertaintyUs: nonNeg }).optional(),
  /** k6-like thresholds as written in the scenario: `{ 'replication_lag{region:x}': ['p(99)<30s'] }`. */
  thresholds: loggedThresholds.optional(),
  /** The resolved scenario, as the runner saw it (opaque to the report). */
  snapshot: z.unknown().optional(),
  /** report.formats: the report files this run writes (absent: every format). */
  formats: z.array(str).optional(),
  environment,
});
export type RunStartEvent = Frozen<z.infer<typeof runStartSchema>>;

export const phaseSchema = z.object({ type: z.literal('phase'), t: nonNeg, phase: str, state: z.enum(['start', 'end']) });
export type PhaseEvent = Frozen<z.infer<typeof phaseSchema>>;

/** Something failed that is not a measurement (a push, a pull, a worker); code is the error's stable code. */
export const errorSchema = z.object({
  type: z.literal('error'),
  t: nonNeg,
  code: str,
  message: str,
  phase: str.optional(),
  labels: z.record(str, str).optional(),
});
export type ErrorEvent = Frozen<z.infer<typeof errorSchema>>;

/** The scenario's egress price table, logged once at the start: price per GB (10^9 bytes) by "from->to" or "default". */
export const egressPricesSchema = z.object({ type: z.literal('egress-prices'), t: nonNeg, currency: str, pricePerGB: z.record(str, nonNeg) });
export type EgressPricesEvent = Frozen<z.infer<typeof egressPricesSchema>>;

export const runEndSchema = z.object({
  type: z.literal('run-end'),
  t: nonNeg,
  /** ISO 8601 UTC. */
  finishedAt: z.iso.datetime(),
  /** False when the run was interrupted (SIGINT, a phase aborted). */
  complete: z.boolean(),
  interrupted: str.optional(),
});
export type RunEndEvent = Frozen<z.infer<typeof runEndSchema>>;

/** The stable code an error is logged under: a ReplbenchError's own, E_UNEXPECTED for anything else. */
export function errorCodeOf(err: unknown): string {
  return err instanceof ReplbenchError ? err.code : 'E_UNEXPECTED';
}

/** The `error` record of `err` (the recorder stamps t): its code and its one-line description. */
export function errorRecord(err: unknown, phase: string, labels: Readonly<Record<string, string>>): Omit<ErrorEvent, 't'> {
  return { type: 'error', code: errorCodeOf(err), message: describeError(err), phase, labels };
}
