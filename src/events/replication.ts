/**
 * Records of replication: each artifact's outcome per replica (the lag, or
 * why there is none), what event sources (webhooks, Blob object replication
 * status) said, their counters, and the schedule-gated sync timings of
 * connected registries.
 */
import { z } from 'zod';
import { count, nonNeg, num, replicationLabels, signalSource, str, type Frozen } from './fields.ts';

const budgetHeld = z.object({ probes: count, waitUs: nonNeg });
/** Probes the probe budget (maxProbeRatePerRegion) held back, and their total wait. */
export type BudgetHeld = Frozen<z.infer<typeof budgetHeld>>;

const confirmCost = z.object({ requests: count, us: nonNeg });
/** The confirm step (src/oci/confirm.ts): requests sent and µs spent proving the content is there. */
export type ConfirmCost = Frozen<z.infer<typeof confirmCost>>;

/** The artifact became pullable in a replica: valueUs = lag from the commit point. */
const replicatedSchema = z.object({
  type: z.literal('replication'),
  t: nonNeg,
  labels: replicationLabels,
  outcome: z.literal('replicated'),
  /** Midpoint of the (RTT-corrected) bracket between the last miss and the first hit. */
  valueUs: num,
  /** Half the bracket: the true lag lies within valueUs ± uncertaintyUs. */
  uncertaintyUs: nonNeg,
  probes: nonNeg,
  /** The commit point t0, µs since the run started (absent in logs written before it was recorded). */
  commitUs: nonNeg.optional(),
  budgetHeld: budgetHeld.optional(),
  /** Ground-truth lag (lab runs only), to measure the watcher's accuracy. */
  truthUs: num.optional(),
  confirm: confirmCost.optional(),
});
export type ReplicatedEvent = Frozen<z.infer<typeof replicatedSchema>>;

/** The artifact did not become (correctly) pullable; reason says why. */
const notReplicatedSchema = z.object({
  type: z.literal('replication'),
  t: nonNeg,
  labels: replicationLabels,
  outcome: z.enum(['timed-out', 'errored', 'inconsistent']),
  /** Starts with the inconsistency's own reason (`head-lies: …`) for inconsistent outcomes. */
  reason: str,
  probes: nonNeg,
  commitUs: nonNeg.optional(),
  budgetHeld: budgetHeld.optional(),
  /** errored: HTTP status of the failure that ended it (0: no answer; 401/403: credentials refused). */
  status: count.optional(),
  /** No probe of the watch got an HTTP answer (connection refused, reset, nothing before the timeout). */
  noAnswer: z.literal(true).optional(),
  confirm: confirmCost.optional(),
});
export type NotReplicatedEvent = Frozen<z.infer<typeof notReplicatedSchema>>;

export const replicationSchema = z.discriminatedUnion('outcome', [replicatedSchema, notReplicatedSchema]);
export type ReplicationEvent = ReplicatedEvent | NotReplicatedEvent;
export type ReplicationOutcome = ReplicationEvent['outcome'];

/**
 * An event source said an artifact arrived in a replica: valueUs =
 * the signal's arrival at the runner − the commit point, on the runner's clock.
 * Recorded beside the probes' `replication` record of the same artifact and region.
 */
const signalReceivedSchema = z.object({
  type: z.literal('replication-signal'),
  t: nonNeg,
  source: signalSource,
  labels: replicationLabels,
  outcome: z.literal('received'),
  valueUs: num,
});
export type SignalReceivedEvent = Frozen<z.infer<typeof signalReceivedSchema>>;

/** No signal came within the replication timeout (missing), or the source reported a failure (failed). */
const signalMissingSchema = z.object({
  type: z.literal('replication-signal'),
  t: nonNeg,
  source: signalSource,
  labels: replicationLabels,
  outcome: z.enum(['missing', 'failed']),
  reason: str,
});
export type SignalMissingEvent = Frozen<z.infer<typeof signalMissingSchema>>;

export const replicationSignalSchema = z.discriminatedUnion('outcome', [signalReceivedSchema, signalMissingSchema]);
export type ReplicationSignalEvent = SignalReceivedEvent | SignalMissingEvent;

/** An event source's own counters at the end of the run (webhook receiver: requests, duplicates, refused, …). */
export const signalStatsSchema = z.object({ type: z.literal('signal-stats'), t: nonNeg, source: signalSource, stats: z.record(str, nonNeg) });
export type SignalStatsEvent = Frozen<z.infer<typeof signalStatsSchema>>;

/**
 * A replicated artifact in a region whose sync is gated by a schedule
 * (connected registries): scheduledWaitUs = commit point → the first instant
 * the schedules on its path allowed it to cross; lagUs = the measured lag. The
 * time to sync once allowed is lagUs − scheduledWaitUs.
 */
export const syncTimingSchema = z.object({
  type: z.literal('sync-timing'),
  t: nonNeg,
  labels: replicationLabels,
  origin: str,
  /** The schedule(s) on the path, as written (e.g. "every 15s, window 5s"). */
  schedule: str,
  scheduledWaitUs: nonNeg,
  lagUs: num,
});
export type SyncTimingEvent = Frozen<z.infer<typeof syncTimingSchema>>;
