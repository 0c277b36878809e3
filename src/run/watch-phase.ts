/**
 * The watch phase: from each image's commit point, one replication watch per
 * replica region, run by the worker in that region against its own endpoint
 * (the shortest path, so the tightest brackets). Watches start as images
 * commit — concurrently with later pushes — and are not pooled: a watch must
 * start at its commit point, and it spends its time waiting.
 *
 * The commit point t0 is the 201's arrival less the one-way delay to the
 * origin. The origin committed no later than that, but possibly earlier — as
 * early as the PUT's sending plus a one-way delay — when the 201 was slow to
 * come back or to be read (a busy client). That window can only make the
 * measured lag too short, so it is added to the sample's uncertainty
 * (withCommitWindow): the true lag stays within lag ± uncertainty.
 *
 * Adaptive schedules learn per region: each replicated lag feeds the region's
 * LagPrior, and later watches there start from its snapshot (cold until a few
 * lags are known). In lab runs each replicated outcome is paired with the
 * lab's ground-truth lag for the same artifact and region.
 */
import { LagPrior } from '../measure/lag-prior.ts';
import { ADAPTIVE_DEFAULTS, withPrior, type ProbeSchedule } from '../measure/probe-schedule.ts';
import type { WatchResult } from '../measure/watch-types.ts';
import type { Worker } from '../measure/worker.ts';
import type { ResolvedReplication } from '../scenario/resolved.ts';
import type { PushedImage } from './push-phase.ts';

export interface WatchCounts {
  /** Watches started. */
  readonly started: number;
  /** Watches over (any outcome, or cancelled). */
  readonly settled: number;
  readonly replicated: number;
}

export interface WatchPhaseOptions {
  readonly replication: ResolvedReplication;
  /** The worker that watches a region's endpoint (normally the worker in that region). */
  readonly workerFor: (region: string) => Worker;
  /** One-way delay from that worker to the region's endpoint (ms). */
  readonly oneWayDelayMs: (region: string) => number;
  /** One-way delay from the pusher to the origin: the origin committed this long before the 201 arrived. */
  readonly commitOneWayDelayMs: number;
  /** Cancels watches in flight. */
  readonly abort?: AbortSignal;
  /** Ask every watch for its probe trace (WatchResult.trace). */
  readonly trace?: boolean;
  /** Lab runs: the true lag (ms) of an artifact in a region, once pullable there. */
  readonly truthLagMs?: (repo: string, digest: string, region: string) => number | undefined | Promise<number | undefined>;
  readonly onResult?: (region: string, image: PushedImage, result: WatchResult, truthMs: number | undefined) => void;
  /**
   * Regions whose HEADs the preflight canary caught lying (head-canary.ts) → why: their
   * artifacts are not probed, each is recorded inconsistent (head-lies) at once.
   */
  readonly untrusted?: ReadonlyMap<string, string>;
  /** A watch cancelled by `abort`, or one that threw. */
  readonly onFailed?: (region: string, image: PushedImage, err: unknown) => void;
}

/** How much earlier than t0 the origin may have committed (ms): the PUT's round trip beyond two one-way delays. */
export function commitWindowMs(image: Pick<PushedImage, 'commitAtMs' | 'commitSentAtMs'>, commitOneWayDelayMs: number): number {
  return Math.max(0, image.commitAtMs - image.commitSentAtMs - 2 * commitOneWayDelayMs);
}

/** A replicated result whose uncertainty also covers the commit window; other outcomes unchanged. */
export function withCommitWindow(result: WatchResult, windowMs: number): WatchResult {
  return result.outcome === 'replicated' && windowMs > 0 ? { ...result, uncertaintyMs: result.uncertaintyMs + windowMs } : result;
}

/** The scenario's schedule for the measure layer (the adaptive floor is the scenario's interval). */
export function scheduleOf(r: ResolvedReplication): ProbeSchedule {
  return r.schedule === 'fixed'
    ? { kind: 'fixed', intervalMs: r.intervalMs }
    : { kind: 'adaptive', floorMs: r.intervalMs, fraction: ADAPTIVE_DEFAULTS.fraction, maxIntervalMs: Math.max(r.intervalMs, ADAPTIVE_DEFAULTS.maxIntervalMs) };
}

export class WatchPhase {
  readonly #o: WatchPhaseOptions;
  readonly #schedule: ProbeSchedule;
  readonly #priors = new Map<string, LagPrior>();
  readonly #replicated = new Map<string, PushedImage[]>();
  readonly #counts = new Map<string, { started: number; settled: number; replicated: number }>();
  readonly #inFlight = new Set<Promise<void>>();
  /** The first error thrown by a callback (a failed write of the log): settled() rethrows it. */
  #callbackError: { error: unknown } | undefined;

  constructor(opts: WatchPhaseOptions) {
    this.#o = opts;
    this.#schedule = scheduleOf(opts.replication);
    for (const region of opts.replication.regions) {
      this.#priors.set(region, new LagPrior());
      this.#replicated.set(region, []);
      this.#counts.set(region, { started: 0, settled: 0, replicated: 0 });
    }
  }

  get regions(): readonly string[] {
    return this.#o.replication.regions;
  }

  /** Starts a watch of `image` in every replica region. */
  start(image: PushedImage): void {
    for (const region of this.regions) {
      const p = this.#watch(region, image).finally(() => this.#inFlight.delete(p));
      this.#inFlight.add(p);
    }
  }

  /** Resolves when every watch started so far is over; rejects when a callback threw. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
    if (this.#callbackError !== undefined) throw this.#callbackError.error;
  }

  /** Images seen replicated in `region`, in the order their watches ended. */
  replicatedIn(region: string): readonly PushedImage[] {
    return this.#replicated.get(region) ?? [];
  }

  counts(region: string): WatchCounts {
    return { ...(this.#counts.get(region) ?? { started: 0, settled: 0, replicated: 0 }) };
  }

  /** Never rejects: watch failures go to onFailed, callback failures to settled(). */
  async #watch(region: string, image: PushedImage): Promise<void> {
    const r = this.#o.replication;
    const counts = this.#counts.get(region) as { started: number; settled: number; replicated: number };
    const prior = this.#priors.get(region) as LagPrior;
    counts.started++;
    let result: WatchResult;
    const lie = this.#o.untrusted?.get(region);
    if (lie !== undefined) {
      counts.settled++;
      const skipped: WatchResult = { outcome: 'inconsistent', reason: 'head-lies', detail: lie, waitedMs: 0, probes: 0, throttled: 0, failed: 0 };
      this.#callback(() => this.#o.onResult?.(region, image, skipped, undefined));
      return;
    }
    try {
      const watched = await this.#o.workerFor(region).watch(
        {
          endpoint: region,
          repo: image.repo,
          digest: image.digest,
          tag: image.tag,
          blobs: image.blobs,
          commitAtMs: image.commitAtMs,
          commitOneWayDelayMs: this.#o.commitOneWayDelayMs,
          oneWayDelayMs: this.#o.oneWayDelayMs(region),
          schedule: withPrior(this.#schedule, prior.snapshot()),
          timeoutMs: r.timeoutMs,
          probe: r.probe,
          ...(this.#o.trace === true ? { trace: true } : {}),
        },
        this.#o.abort,
      );
      result = withCommitWindow(watched, commitWindowMs(image, this.#o.commitOneWayDelayMs));
    } catch (err: unknown) {
      counts.settled++;
      this.#callback(() => this.#o.onFailed?.(region, image, err));
      return;
    }
    let truthMs: number | undefined;
    if (result.outcome === 'replicated') {
      prior.observe(result.lagMs);
      counts.replicated++;
      this.#replicated.get(region)?.push(image);
      truthMs = await this.#o.truthLagMs?.(image.repo, image.digest, region);
    }
    counts.settled++;
    this.#callback(() => this.#o.onResult?.(region, image, result, truthMs));
  }

  #callback(fn: () => void): void {
    try {
      fn();
    } catch (err: unknown) {
      this.#callbackError ??= { error: err };
    }
  }
}
