/**
 * The inputs and outcomes of one replication watch (watcher.ts). Times are ms
 * on the watch's clock: the same clock as the prober's timestamps and the
 * commit point.
 */
import type { ConfirmOptions, ConfirmResult, InconsistencyReason } from '../oci/confirm.ts';
import type { ProbeResult } from '../oci/probe.ts';
import type { Sleep } from '../time/clock.ts';
import type { ProbeSchedule } from './probe-schedule.ts';

/** What the watcher needs of a registry client (RegistryClient has both). */
export interface Prober {
  probeManifest(repo: string, ref: string, opts?: { signal?: AbortSignal }): Promise<ProbeResult>;
  probeBlob(repo: string, digest: string, opts?: { signal?: AbortSignal }): Promise<ProbeResult>;
  /**
   * Once the probes say present: proves the content is there (src/oci/confirm.ts).
   * A prober without it (a simulation, Blob object replication) is taken at its HEADs' word.
   */
  confirmArtifact?(repo: string, digest: string, opts?: ConfirmOptions): Promise<ConfirmResult>;
}

/** A shared probe budget (rate-limiter.ts); acquire() resolves when one probe may be sent. */
export interface ProbeLimiter {
  acquire(signal?: AbortSignal): Promise<void>;
}

/** 'manifest': the manifest (by tag when given) only; 'manifest+blobs': and then every blob (pullable). */
export type ProbeMode = 'manifest' | 'manifest+blobs';

export interface WatchOptions {
  readonly client: Prober;
  readonly repo: string;
  readonly digest: string;
  /** When given, probe by tag: it must point at `digest`. */
  readonly tag?: string;
  /** Config and layer digests (duplicates ignored); used in 'manifest+blobs' mode. */
  readonly blobs?: readonly string[];
  /** When the origin's 201 to the manifest PUT arrived. */
  readonly commitAtMs: number;
  /** One-way delay to the origin: the origin committed this long before commitAtMs (default 0). */
  readonly commitOneWayDelayMs?: number;
  /** One-way delay to the replica probed (half its minimum RTT). */
  readonly oneWayDelayMs: number;
  /** Default DEFAULT_SCHEDULE (adaptive, cold). */
  readonly schedule?: ProbeSchedule;
  /** No probe is evaluated later than this after the commit point. */
  readonly timeoutMs: number;
  /** Default 'manifest+blobs'. */
  readonly probe?: ProbeMode;
  readonly now?: () => number;
  readonly sleep?: Sleep;
  /** Aborting stops the watch: in-flight probes are cancelled and watchReplication throws AbortedError. */
  readonly signal?: AbortSignal;
  /** Probe rounds in flight at once, so probing keeps its pace on a long RTT (default 8). */
  readonly maxInFlight?: number;
  readonly limiter?: ProbeLimiter;
  /** A watch ending with this many inconclusive probes in a row is 'errored' (default 3). */
  readonly errorStreak?: number;
  /** Keep every probe's times in the result's `trace` (default false). */
  readonly trace?: boolean;
}

/** One probe of a watch, for diagnosis: when it was planned, let go, sent and answered, and what it said. */
export interface ProbeTraceEntry {
  /** 'manifest', or the blob's digest. */
  readonly component: string;
  /** The schedule's send time. */
  readonly plannedAtMs: number;
  /** When the watcher started the round (its timer fired late by launchedAtMs − plannedAtMs). */
  readonly launchedAtMs: number;
  /** When the probe budget let it go (= launchedAtMs without a budget). */
  readonly releasedAtMs: number;
  readonly sentAtMs: number;
  readonly atMs: number;
  readonly result: ProbeResult['kind'];
  readonly status: number;
}

export interface ProbeCounts {
  /** Every HEAD sent: manifest, tag and blob probes. */
  readonly probes: number;
  /** Answers 429. */
  readonly throttled: number;
  /** Answers that were errors (no answer, 5xx, refused). */
  readonly failed: number;
  /**
   * Per probe, ms it left later than planned through the harness's own fault:
   * timer lateness (a busy event loop) plus the time from its release to its
   * request's sending. Waits for the probe budget are not in it.
   */
  readonly latenessMs?: readonly number[];
  /** Probes the budget (limiter) held back, and their total wait in ms. */
  readonly budgetHeld?: { readonly probes: number; readonly waitMs: number };
  /** With WatchOptions.trace: every probe, in answer order. */
  readonly trace?: readonly ProbeTraceEntry[];
  /** Probes still in flight when the watch reached its timeout: aborted, no answer. */
  readonly abortedAtTimeout?: number;
  /** Set when probes were sent and not one got an HTTP answer (refused, reset, black hole). */
  readonly noAnswer?: true;
  /** The confirm step (confirm.ts): requests sent and ms spent, over every attempt. */
  readonly confirm?: { readonly attempts: number; readonly requests: number; readonly elapsedMs: number };
}

export interface ReplicatedResult extends ProbeCounts {
  readonly outcome: 'replicated';
  /** Midpoint of the bracket minus the commit point. */
  readonly lagMs: number;
  /** Half the bracket: the true lag is within lagMs ± uncertaintyMs. */
  readonly uncertaintyMs: number;
  /** Lower end of the bracket (the last miss, corrected; the commit point when nothing was missed). */
  readonly lastMissAtMs: number;
  /** Upper end of the bracket (the first hit, corrected). */
  readonly firstHitAtMs: number;
}

export interface TimedOutResult extends ProbeCounts {
  readonly outcome: 'timed-out';
  /** Evaluation time of the last probe since the commit point. */
  readonly waitedMs: number;
}

export interface ErroredResult extends ProbeCounts {
  readonly outcome: 'errored';
  /** One line, no secrets (the last error's description). */
  readonly reason: string;
  /** HTTP status of the last failed probe (0: no answer). */
  readonly lastStatus: number;
}

export interface InconsistentResult extends ProbeCounts {
  readonly outcome: 'inconsistent';
  /**
   * tag-mismatch, manifest-without-blobs: what the probes saw. head-lies, size-mismatch,
   * blob-unreadable: the probes said present and the confirm step found otherwise.
   */
  readonly reason: 'tag-mismatch' | 'manifest-without-blobs' | InconsistencyReason;
  /** The digest the tag pointed at, or the blobs still missing. */
  readonly detail: string;
  readonly waitedMs: number;
}

export type WatchResult = ReplicatedResult | TimedOutResult | ErroredResult | InconsistentResult;
