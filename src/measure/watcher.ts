/**
 * Watches one artifact become pullable in one replica, from the commit point:
 * probes on a schedule (probe-schedule.ts), brackets the arrival between the
 * last miss and the first hit, each corrected by the one-way delay
 * (bracket.ts), and reports lag = bracket midpoint − commit point ± half the
 * bracket.
 *
 * Probes are sent at their scheduled times whether or not the previous answer
 * is back (up to maxInFlight rounds), so a long RTT does not stretch the
 * schedule. Once the manifest (by tag when given) is present, every blob is
 * HEADed at once; a blob still missing keeps the bracket open and is probed
 * again on the schedule. 429 waits for Retry-After, errors back off
 * exponentially after the first; neither moves the bracket. The last probe is
 * evaluated at the timeout; a probe still in flight a moment after it (the
 * deadline: timeout + 2 one-way delays + DEADLINE_SLACK_MS) is aborted and
 * counted, so a black-hole replica cannot hold a watch past its timeout.
 *
 * When every component answered present, the client's confirm step (when it
 * has one: src/oci/confirm.ts) proves the content is there — the manifest by
 * digest, a byte of every blob, the HEAD sizes against the descriptors. Only
 * a confirmed artifact is 'replicated'; a replica whose HEAD lied is
 * 'inconsistent' with the confirm's reason, and one that never let the
 * confirm through (429, 5xx) is 'errored'. The confirm does not move the
 * bracket: the first hit stays the arrival.
 */
import { AbortedError, UsageError } from '../errors.ts';
import { realClock } from '../time/real-clock.ts';
import { arrivalBracket, ComponentBracket } from './bracket.ts';
import { checkSchedule, DEFAULT_SCHEDULE, nextProbeOffsetMs, type ProbeSchedule } from './probe-schedule.ts';
import { verdictOf } from './probe-verdict.ts';
import type { InconsistencyReason } from '../oci/confirm.ts';
import type { ProbeResult } from '../oci/probe.ts';
import type { ProbeCounts, ProbeTraceEntry, WatchOptions, WatchResult } from './watch-types.ts';

const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 5_000;
const THROTTLE_BASE_MS = 250;
/** How long past the last probe's evaluation a probe may still be answered before it is aborted. */
export const DEADLINE_SLACK_MS = 1_000;

/** Backoff after the n-th inconclusive answer in a row: none after the first (a lone 5xx is retried on schedule). */
export function backoffMs(streak: number, baseMs = BACKOFF_BASE_MS): number {
  return streak <= 1 ? 0 : Math.min(BACKOFF_MAX_MS, baseMs * 2 ** (streak - 2));
}

export async function watchReplication(opts: WatchOptions): Promise<WatchResult> {
  return new Watch(opts).run();
}

class Watch {
  readonly #o: WatchOptions;
  readonly #schedule: ProbeSchedule;
  readonly #now: () => number;
  readonly #commitPointMs: number;
  readonly #owd: number;
  readonly #manifest = new ComponentBracket();
  readonly #blobs = new Map<string, ComponentBracket>();
  readonly #blobsInFlight = new Set<string>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #maxInFlight: number;
  #probes = 0;
  readonly #lateness: number[] = [];
  #budgetProbes = 0;
  #budgetWaitMs = 0;
  readonly #trace: ProbeTraceEntry[] | undefined;
  #throttled = 0;
  #failed = 0;
  #streak = 0;
  #conclusive = 0;
  #lastFailure: { status: number; reason: string } | undefined;
  #fatal: { status: number; reason: string } | undefined;
  #bug: { error: unknown } | undefined;
  #otherTagDigest: string | undefined;
  #notBeforeMs = Number.NEGATIVE_INFINITY;
  #lastOffsetMs: number | undefined;
  #blobsChecked = false;
  /** Content-Length of each component's HEAD hit, by digest (the manifest's under the watched digest). */
  readonly #headSizes = new Map<string, number>();
  /** Aborted at the deadline: probes and confirms in flight then are cut. */
  readonly #deadline = new AbortController();
  #abortedAtTimeout = 0;
  #combined: AbortSignal | undefined;
  /** Probes that got an HTTP answer (any status). */
  #answered = 0;
  #confirmRunning = false;
  #confirmAttempts = 0;
  #confirmRequests = 0;
  #confirmMs = 0;
  #confirmed: 'yes' | { reason: InconsistencyReason; detail: string } | undefined;
  #confirmFailure: { status: number; reason: string } | undefined;
  #wake: (() => void) | undefined;
  /** The pending wait for a planned send time, reused while the plan stands. */
  #timer: { atMs: number; done: Promise<void>; fired: boolean } | undefined;
  /** Cancels pending waits when the watch ends. */
  readonly #stop = new AbortController();

  constructor(o: WatchOptions) {
    this.#o = o;
    this.#schedule = checkSchedule(o.schedule ?? DEFAULT_SCHEDULE);
    this.#now = o.now ?? realClock.now;
    if (!Number.isFinite(o.commitAtMs)) throw new UsageError(`commitAtMs must be a finite time, got ${o.commitAtMs}`);
    if (!(o.timeoutMs > 0)) throw new UsageError(`watch timeoutMs must be > 0, got ${o.timeoutMs}`);
    if (!(o.oneWayDelayMs >= 0)) throw new UsageError(`oneWayDelayMs must be ≥ 0, got ${o.oneWayDelayMs}`);
    this.#commitPointMs = o.commitAtMs - Math.max(0, o.commitOneWayDelayMs ?? 0);
    this.#owd = o.oneWayDelayMs;
    this.#maxInFlight = Math.max(1, Math.floor(o.maxInFlight ?? 8));
    this.#trace = o.trace === true ? [] : undefined;
    if ((o.probe ?? 'manifest+blobs') === 'manifest+blobs') for (const d of o.blobs ?? []) this.#blobs.set(d, new ComponentBracket());
  }

  async run(): Promise<WatchResult> {
    const signal = this.#o.signal;
    const onAbort = (): void => this.#notify();
    signal?.addEventListener('abort', onAbort, { once: true });
    const deadlineMs = this.#commitPointMs + this.#o.timeoutMs + 2 * this.#owd + DEADLINE_SLACK_MS;
    const sleep = this.#o.sleep ?? realClock.sleep;
    sleep(Math.max(0, deadlineMs - this.#now()), this.#stop.signal).then(
      () => {
        this.#deadline.abort(new AbortedError('the replication watch reached its timeout'));
        this.#notify();
      },
      () => undefined,
    );
    try {
      for (;;) {
        if (signal?.aborted || this.#bug !== undefined) break;
        const next = this.#plan();
        if (next === 'stop') {
          if (this.#inFlight.size === 0) break;
          await this.#waitForChange(undefined);
        } else if (next === 'wait' || this.#inFlight.size >= this.#maxInFlight) {
          await this.#waitForChange(undefined);
        } else if (next.atMs > this.#now() && !this.#timerFiredFor(next.atMs)) {
          await this.#waitForChange(next.atMs);
        } else {
          if (next.confirm === true) this.#launchConfirm();
          else this.#launch(next.blobs, next.atMs);
        }
      }
      await Promise.allSettled(this.#inFlight);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#stop.abort();
    }
    if (this.#bug !== undefined) throw this.#bug.error;
    if (signal?.aborted) throw new AbortedError('the replication watch was aborted');
    return this.#result();
  }

  /** The next round: when, and whether it probes blobs; 'wait' for answers; 'stop' when done. */
  #plan(): { atMs: number; blobs: boolean; confirm?: true } | 'wait' | 'stop' {
    if (this.#fatal !== undefined || this.#deadline.signal.aborted) return 'stop';
    if (this.#allConfirmed()) {
      if (this.#o.client.confirmArtifact === undefined || this.#confirmed !== undefined) return 'stop';
      if (this.#confirmRunning) return 'wait';
      const atMs = Math.max(this.#now(), this.#notBeforeMs);
      // The first confirm goes whenever the last hit came; retries only within the timeout.
      if (this.#confirmAttempts > 0 && atMs > this.#commitPointMs + this.#o.timeoutMs - this.#owd) return 'stop';
      return { atMs, blobs: false, confirm: true };
    }
    const blobs = this.#manifest.confirmed;
    if (blobs && [...this.#blobs].every(([d, b]) => b.confirmed || this.#blobsInFlight.has(d))) return 'wait';
    if (blobs && !this.#blobsChecked) return { atMs: Math.max(this.#now(), this.#notBeforeMs), blobs };
    const timeoutMs = this.#o.timeoutMs;
    if (this.#lastOffsetMs !== undefined && this.#lastOffsetMs >= timeoutMs) return 'stop';
    const offsetMs = Math.min(nextProbeOffsetMs(this.#schedule, this.#lastOffsetMs), timeoutMs);
    const atMs = Math.max(this.#commitPointMs + offsetMs - this.#owd, this.#notBeforeMs);
    if (atMs > this.#commitPointMs + timeoutMs - this.#owd) return 'stop';
    return { atMs, blobs };
  }

  #launch(blobs: boolean, plannedAtMs: number): void {
    const launchedAtMs = this.#now();
    const nowOffsetMs = launchedAtMs - this.#commitPointMs + this.#owd;
    const planned = blobs && !this.#blobsChecked ? nowOffsetMs : nextProbeOffsetMs(this.#schedule, this.#lastOffsetMs);
    this.#lastOffsetMs = Math.max(this.#lastOffsetMs ?? 0, Math.min(planned, this.#o.timeoutMs), nowOffsetMs);
    if (blobs) this.#blobsChecked = true;
    const targets = blobs ? [...this.#blobs].filter(([d, b]) => !b.confirmed && !this.#blobsInFlight.has(d)).map(([d]) => d) : [];
    for (const d of targets) this.#blobsInFlight.add(d);
    const round = this.#round(targets, blobs, plannedAtMs, launchedAtMs)
      .catch((err: unknown) => {
        if (!(err instanceof AbortedError)) this.#bug ??= { error: err };
      })
      .finally(() => {
        for (const d of targets) this.#blobsInFlight.delete(d);
        this.#inFlight.delete(round);
        this.#notify();
      });
    this.#inFlight.add(round);
  }

  #launchConfirm(): void {
    this.#confirmRunning = true;
    const round = this.#confirmOnce()
      .catch((err: unknown) => {
        if (!(err instanceof AbortedError)) this.#bug ??= { error: err };
        else if (this.#deadline.signal.aborted && this.#o.signal?.aborted !== true) {
          this.#confirmFailure = { status: 0, reason: 'the confirm was still in flight at the timeout' };
        }
      })
      .finally(() => {
        this.#confirmRunning = false;
        this.#inFlight.delete(round);
        this.#notify();
      });
    this.#inFlight.add(round);
  }

  async #confirmOnce(): Promise<void> {
    const { client, repo, digest } = this.#o;
    const confirm = client.confirmArtifact;
    if (confirm === undefined) return;
    const signal = this.#probeSignal();
    const manifestOnly = (this.#o.probe ?? 'manifest+blobs') === 'manifest';
    // The probe budget pays for every request of the confirm: the manifest GET and a Range GET per blob.
    const limiter = this.#o.limiter;
    if (limiter !== undefined) for (let i = 0; i < 1 + (manifestOnly ? 0 : this.#blobs.size); i++) await limiter.acquire(signal);
    this.#confirmAttempts++;
    const r = await confirm.call(client, repo, digest, { signal, headSizes: this.#headSizes, manifestOnly, ...(manifestOnly ? {} : { blobs: [...this.#blobs.keys()] }) });
    this.#confirmRequests += r.requests;
    this.#confirmMs += r.elapsedMs;
    if (r.kind === 'confirmed') this.#confirmed = 'yes';
    else if (r.kind === 'inconsistent') this.#confirmed = { reason: r.reason, detail: r.detail };
    else {
      this.#confirmFailure = { status: r.status, reason: r.detail };
      const waitMs = r.retryAfterMs ?? Math.max(THROTTLE_BASE_MS, backoffMs(this.#confirmAttempts + 1));
      this.#notBeforeMs = Math.max(this.#notBeforeMs, this.#now() + waitMs);
    }
  }

  /** The watch's signal and the deadline's, for every request (combined once per watch). */
  #probeSignal(): AbortSignal {
    const user = this.#o.signal;
    this.#combined ??= user === undefined ? this.#deadline.signal : AbortSignal.any([user, this.#deadline.signal]);
    return this.#combined;
  }

  async #round(targets: readonly string[], blobs: boolean, plannedAtMs: number, launchedAtMs: number): Promise<void> {
    const { client, repo, digest, tag } = this.#o;
    const signal = this.#probeSignal();
    const opts = { signal };
    const one = async (component: string, probe: () => Promise<ProbeResult>): Promise<ProbeResult | undefined> => {
      try {
        const limiter = this.#o.limiter;
        if (limiter !== undefined) await limiter.acquire(signal);
        const releasedAtMs = limiter !== undefined ? this.#now() : launchedAtMs;
        this.#probes++;
        const result = await probe();
        if (result.status !== 0) this.#answered++;
        this.#account({ component, plannedAtMs, launchedAtMs, releasedAtMs, sentAtMs: result.sentAtMs, atMs: result.atMs, result: result.kind, status: result.status });
        return result;
      } catch (err) {
        // Cut at the deadline: no answer, counted; the watch's own abort still throws.
        if (err instanceof AbortedError && this.#deadline.signal.aborted && this.#o.signal?.aborted !== true) {
          this.#abortedAtTimeout++;
          return undefined;
        }
        throw err;
      }
    };
    if (!blobs) {
      const r = await one('manifest', () => client.probeManifest(repo, tag ?? digest, opts));
      if (r !== undefined) this.#handle(this.#manifest, r, tag !== undefined, digest);
      return;
    }
    await Promise.all(
      targets.map(async (d) => {
        const r = await one(d, () => client.probeBlob(repo, d, opts));
        if (r !== undefined) this.#handle(this.#blobs.get(d) as ComponentBracket, r, false, d);
      }),
    );
  }

  /** Lateness of the harness, the budget's hold, and the trace entry of one answered probe. */
  #account(e: ProbeTraceEntry): void {
    this.#lateness.push(Math.max(0, e.launchedAtMs - e.plannedAtMs) + Math.max(0, e.sentAtMs - e.releasedAtMs));
    const heldMs = e.releasedAtMs - e.launchedAtMs;
    if (heldMs > 1) {
      this.#budgetProbes++;
      this.#budgetWaitMs += heldMs;
    }
    this.#trace?.push(e);
  }

  #handle(component: ComponentBracket, result: ProbeResult, byTag: boolean, digest: string): void {
    const v = verdictOf(result, byTag ? this.#o.digest : undefined);
    if (v.kind === 'hit' && result.kind === 'present' && result.sizeBytes !== undefined) this.#headSizes.set(digest, result.sizeBytes);
    if (v.kind === 'hit' || v.kind === 'miss') {
      this.#streak = 0;
      this.#conclusive++;
      if (v.kind === 'hit') component.recordHit(result, this.#owd);
      else component.recordMiss(result, this.#owd);
      if (byTag && component.lastObservedMiss !== (v.kind === 'miss')) return;
      if (byTag) this.#otherTagDigest = v.kind === 'miss' ? v.otherDigest : undefined;
      return;
    }
    this.#streak++;
    if (v.kind === 'throttled') {
      this.#throttled++;
      this.#lastFailure = { status: 429, reason: 'throttled (HTTP 429)' };
      this.#notBeforeMs = Math.max(this.#notBeforeMs, result.atMs + (v.retryAfterMs ?? Math.max(THROTTLE_BASE_MS, backoffMs(this.#streak, THROTTLE_BASE_MS))));
      return;
    }
    this.#failed++;
    this.#lastFailure = { status: v.status, reason: v.reason };
    if (v.kind === 'fatal') this.#fatal = this.#lastFailure;
    else this.#notBeforeMs = Math.max(this.#notBeforeMs, result.atMs + backoffMs(this.#streak));
  }

  #allConfirmed(): boolean {
    return this.#manifest.confirmed && [...this.#blobs.values()].every((b) => b.confirmed);
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /**
   * The wait for `atMs` is over. A host timer may fire a fraction of a
   * millisecond before performance.now() reaches its time; waiting again for
   * that fraction would spin (the same fired timer, again and again), so the
   * probe goes now — its own send time is what the bracket uses.
   */
  #timerFiredFor(atMs: number): boolean {
    return this.#timer?.atMs === atMs && this.#timer.fired;
  }

  /** Until an answer arrives, the signal fires, or the clock reaches `atMs` (undefined: no time limit). */
  async #waitForChange(atMs: number | undefined): Promise<void> {
    const changed = new Promise<void>((resolve) => (this.#wake = resolve));
    if (atMs === undefined) return changed;
    if (this.#timer?.atMs !== atMs) {
      const sleep = this.#o.sleep ?? realClock.sleep;
      const timer = { atMs, fired: false, done: Promise.resolve() };
      timer.done = sleep(atMs - this.#now(), this.#stop.signal).then(
        () => void (timer.fired = true),
        () => undefined,
      );
      this.#timer = timer;
    }
    await Promise.race([changed, this.#timer.done]);
    this.#wake = undefined;
  }

  #result(): WatchResult {
    const counts: ProbeCounts = {
      probes: this.#probes,
      throttled: this.#throttled,
      failed: this.#failed,
      latenessMs: this.#lateness,
      ...(this.#budgetProbes > 0 ? { budgetHeld: { probes: this.#budgetProbes, waitMs: this.#budgetWaitMs } } : {}),
      ...(this.#trace !== undefined ? { trace: this.#trace } : {}),
      ...(this.#abortedAtTimeout > 0 ? { abortedAtTimeout: this.#abortedAtTimeout } : {}),
      ...(this.#answered === 0 && this.#probes > 0 ? { noAnswer: true as const } : {}),
      ...(this.#confirmAttempts > 0 ? { confirm: { attempts: this.#confirmAttempts, requests: this.#confirmRequests, elapsedMs: this.#confirmMs } } : {}),
    };
    const waitedMs = this.#lastOffsetMs ?? 0;
    if (this.#fatal !== undefined) return { outcome: 'errored', reason: this.#fatal.reason, lastStatus: this.#fatal.status, ...counts };
    const bracket = arrivalBracket([this.#manifest, ...this.#blobs.values()], this.#commitPointMs);
    const confirmed = this.#confirmed;
    if (bracket !== undefined && confirmed !== undefined && confirmed !== 'yes') {
      return { outcome: 'inconsistent', reason: confirmed.reason, detail: confirmed.detail, waitedMs, ...counts };
    }
    if (bracket !== undefined && confirmed === undefined && this.#o.client.confirmArtifact !== undefined) {
      const f = this.#confirmFailure;
      return { outcome: 'errored', reason: `the probes said present but the content could not be confirmed: ${f?.reason ?? 'no confirm answer'}`, lastStatus: f?.status ?? 0, ...counts };
    }
    if (bracket !== undefined) {
      const midMs = (bracket.fromMs + bracket.toMs) / 2;
      return {
        outcome: 'replicated',
        lagMs: midMs - this.#commitPointMs,
        uncertaintyMs: (bracket.toMs - bracket.fromMs) / 2,
        lastMissAtMs: bracket.fromMs,
        firstHitAtMs: bracket.toMs,
        ...counts,
      };
    }
    const failure = this.#lastFailure;
    if (failure !== undefined && (this.#streak >= (this.#o.errorStreak ?? 3) || this.#conclusive === 0)) {
      return { outcome: 'errored', reason: `${failure.reason} (${this.#streak} inconclusive probes in a row)`, lastStatus: failure.status, ...counts };
    }
    if (this.#manifest.confirmed) {
      const missing = [...this.#blobs].filter(([, b]) => !b.confirmed).map(([d]) => d);
      return { outcome: 'inconsistent', reason: 'manifest-without-blobs', detail: `missing blobs: ${missing.join(', ')}`, waitedMs, ...counts };
    }
    if (this.#otherTagDigest !== undefined) {
      return { outcome: 'inconsistent', reason: 'tag-mismatch', detail: `tag ${this.#o.tag ?? ''} points at ${this.#otherTagDigest}`, waitedMs, ...counts };
    }
    return { outcome: 'timed-out', waitedMs, ...counts };
  }
}
