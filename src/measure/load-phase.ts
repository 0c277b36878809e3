/**
 * The load phase: every (worker, endpoint) pair of the scenario's `load:`
 * runs one load series at the same time, for the same bounded duration —
 * local and remote endpoints side by side, from every worker region — all
 * naming one artifact that is pullable at every endpoint loaded. Intervals
 * and totals are handed to the caller as they arrive; a series that fails (an
 * endpoint down, a worker lost) is reported and the others go on.
 */
import { AbortedError } from '../errors.ts';
import type { LoadInterval, LoadKind, LoadTarget, LoadTotals, LoadWorker } from './load-types.ts';

export interface LoadLabels {
  readonly worker: string;
  readonly endpoint: string;
  readonly kind: LoadKind;
}

export interface LoadPhaseOptions {
  readonly pairs: readonly { readonly worker: string; readonly endpoint: string }[];
  readonly kind: LoadKind;
  readonly ratePerSec: number | null;
  readonly connections: number;
  readonly durationMs: number;
  readonly target: LoadTarget;
  readonly loaderFor: (region: string) => LoadWorker;
  /** Aborts every series in flight. */
  readonly signal?: AbortSignal;
  readonly onInterval?: (labels: LoadLabels, interval: LoadInterval) => void;
  readonly onEnd?: (labels: LoadLabels, totals: LoadTotals) => void;
  /** A series that failed (aborts included, when the phase was aborted). */
  readonly onFailed?: (labels: LoadLabels, err: unknown) => void;
}

export interface LoadPhaseResult {
  readonly completed: number;
  readonly failed: number;
}

export async function runLoadPhase(opts: LoadPhaseOptions): Promise<LoadPhaseResult> {
  let completed = 0;
  let failed = 0;
  await Promise.all(
    opts.pairs.map(async ({ worker, endpoint }) => {
      const labels: LoadLabels = { worker, endpoint, kind: opts.kind };
      try {
        if (opts.signal?.aborted) throw new AbortedError('the load phase was aborted');
        const totals = await opts.loaderFor(worker).load(
          { endpoint, kind: opts.kind, target: opts.target, ratePerSec: opts.ratePerSec, connections: opts.connections, durationMs: opts.durationMs },
          { ...(opts.signal ? { signal: opts.signal } : {}), onInterval: (i) => opts.onInterval?.(labels, i) },
        );
        completed++;
        opts.onEnd?.(labels, totals);
      } catch (err: unknown) {
        failed++;
        opts.onFailed?.(labels, err);
      }
    }),
  );
  return { completed, failed };
}

export interface LoadCandidate extends LoadTarget {
  /** Image label, for messages. */
  readonly image: string;
}

/**
 * The artifact to load: the first candidate (in the caller's order) present
 * at every endpoint the pairs name; undefined when there is none.
 */
export function pickLoadTarget(
  pairs: readonly { readonly endpoint: string }[],
  imagesAt: (endpoint: string) => readonly LoadCandidate[],
): LoadCandidate | undefined {
  const endpoints = [...new Set(pairs.map((p) => p.endpoint))];
  const [first, ...rest] = endpoints;
  if (first === undefined) return undefined;
  const present = rest.map((e) => new Set(imagesAt(e).map((c) => `${c.repo}@${c.manifestDigest}`)));
  return imagesAt(first).find((c) => present.every((s) => s.has(`${c.repo}@${c.manifestDigest}`)));
}
