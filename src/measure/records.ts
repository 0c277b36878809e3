/**
 * From measurements to event records (src/events/): the watcher's
 * outcome becomes a `replication` record, a pull sample a `pull` record.
 * Values go from ms to whole µs. Pull failures are not measurements: the
 * runner logs them as `error` records (pullErrorEvent).
 */
import type { ErrorEvent, PullEvent, PullRedirectEvent, ReplicationEvent, ReplicationLabels } from '../events/index.ts';
import { classifyRedirect, type RedirectContext } from './pull-redirect.ts';
import type { WatchResult } from './watch-types.ts';
import type { PullFailure, PullSample } from './worker.ts';

/** ms → whole µs, never negative. */
export function msToUs(ms: number): number {
  return Math.max(0, Math.round(ms * 1000));
}

export interface ReplicationContext {
  /** µs since the run started. */
  readonly t: number;
  readonly labels: ReplicationLabels;
  /** The commit point t0 of this lag, µs since the run started (aligns the lag with other clocks through run-start's epochMs). */
  readonly commitUs?: number;
  /** The lab's ground-truth lag in ms, when known. */
  readonly truthMs?: number;
}

export function replicationEvent(result: WatchResult, ctx: ReplicationContext): ReplicationEvent {
  const held = result.budgetHeld;
  const base = {
    type: 'replication',
    t: ctx.t,
    labels: ctx.labels,
    probes: result.probes,
    ...(ctx.commitUs !== undefined ? { commitUs: ctx.commitUs } : {}),
    ...(held !== undefined ? { budgetHeld: { probes: held.probes, waitUs: msToUs(held.waitMs) } } : {}),
    ...(result.outcome !== 'replicated' && result.noAnswer === true ? { noAnswer: true as const } : {}),
    ...(result.confirm !== undefined ? { confirm: { requests: result.confirm.requests, us: msToUs(result.confirm.elapsedMs) } } : {}),
  } as const;
  switch (result.outcome) {
    case 'replicated':
      return {
        ...base,
        outcome: 'replicated',
        valueUs: msToUs(result.lagMs),
        uncertaintyUs: msToUs(result.uncertaintyMs),
        ...(ctx.truthMs !== undefined ? { truthUs: msToUs(ctx.truthMs) } : {}),
      };
    case 'timed-out':
      return { ...base, outcome: 'timed-out', reason: `not pullable ${Math.round(result.waitedMs)} ms after the commit point${unanswered(result.abortedAtTimeout)}` };
    case 'errored':
      return { ...base, outcome: 'errored', reason: `${result.reason}${unanswered(result.abortedAtTimeout)}`, status: result.lastStatus };
    case 'inconsistent':
      return { ...base, outcome: 'inconsistent', reason: `${result.reason}: ${result.detail}` };
  }
}

function unanswered(n: number | undefined): string {
  return n === undefined || n === 0 ? '' : `; ${n} probe${n === 1 ? '' : 's'} still unanswered at the timeout (aborted)`;
}

export function pullEvent(sample: PullSample, t: number): PullEvent {
  return {
    type: 'pull',
    t,
    labels: { worker: sample.worker, endpoint: sample.endpoint, image: sample.image, phase: sample.phase },
    durationUs: msToUs(sample.durationMs),
    ttfbUs: msToUs(sample.ttfbMs),
    bytes: sample.bytes,
  };
}

/** One `pull-redirect` record per redirected blob of a pull, placed against the endpoint it was pulled from. */
export function pullRedirectEvents(sample: PullSample, t: number, ctx: Omit<RedirectContext, 'region'>): PullRedirectEvent[] {
  return (sample.redirects ?? []).map((r) => {
    const placed = classifyRedirect(r, { ...ctx, region: sample.endpoint });
    return {
      type: 'pull-redirect',
      t,
      labels: { worker: sample.worker, endpoint: sample.endpoint, storage: placed.location.storageRegion ?? 'unknown' },
      valueUs: msToUs(r.redirectMs),
      storageUs: msToUs(r.storageMs),
      host: r.storageHost,
      outOfRegion: placed.outOfRegion,
      image: sample.image,
    };
  });
}

export function pullErrorEvent(failure: PullFailure, t: number): ErrorEvent {
  return {
    type: 'error',
    t,
    code: failure.code,
    message: failure.message,
    phase: 'pull',
    labels: {
      worker: failure.worker,
      endpoint: failure.endpoint,
      image: failure.image,
      phase: failure.phase,
      ...(failure.status !== undefined ? { status: String(failure.status) } : {}),
    },
  };
}
