/**
 * The pull phase: for each (worker region, endpoint) pair of the scenario,
 * full pulls of every image replicated at that endpoint — by digest, so the
 * bytes pulled are the bytes measured — first cold (the worker's first pull
 * of it from there), then warm. Each worker has its own pool of
 * `concurrency` pulls, as a machine in that region would.
 *
 * A cold pull is by definition the first, so there is one per chain;
 * `iterations` is the number of warm pulls after it. Without the cold phase,
 * the first pull still happens (to warm up) but is not reported; without the
 * warm phase, only the cold one is made.
 */
import { runPullMatrix, type PullImageSpec } from '../measure/pull-matrix.ts';
import { createPool, type Pool } from '../measure/pool.ts';
import type { PullResult, Worker } from '../measure/worker.ts';
import type { PullPair, PullPhase } from '../scenario/resolved.ts';

export interface PullPhaseOptions {
  readonly pairs: readonly PullPair[];
  readonly workerFor: (region: string) => Worker;
  /** The images to pull from an endpoint (those replicated there). */
  readonly imagesAt: (endpoint: string) => readonly PullImageSpec[];
  readonly iterations: number;
  /** Pulls in flight per worker. */
  readonly concurrency: number;
  readonly phases: readonly PullPhase[];
  readonly blobConcurrency?: number;
  /** No new pull starts once it fires. */
  readonly stop?: AbortSignal;
  /** Pulls in flight are cancelled when it fires. */
  readonly abort?: AbortSignal;
  /** Each reported pull (success or failure), as it ends. */
  readonly onResult?: (result: PullResult) => void;
}

export interface PullPhaseResult {
  /** Reported pulls, in completion order. */
  readonly results: readonly PullResult[];
  readonly complete: boolean;
}

/** Pulls after the first in each (worker, endpoint, image) chain. */
function warmPullsOf(opts: Pick<PullPhaseOptions, 'phases' | 'iterations'>): number {
  return opts.phases.includes('warm') ? opts.iterations : 0;
}

/** How many pulls the phase will report. */
export function plannedPulls(opts: Pick<PullPhaseOptions, 'pairs' | 'imagesAt' | 'phases' | 'iterations'>): number {
  const perChain = (opts.phases.includes('cold') ? 1 : 0) + warmPullsOf(opts);
  return opts.pairs.reduce((sum, p) => sum + opts.imagesAt(p.endpoint).length * perChain, 0);
}

export async function runPullPhase(opts: PullPhaseOptions): Promise<PullPhaseResult> {
  const pools = new Map<string, Pool>();
  const poolOf = (worker: string): Pool => {
    let pool = pools.get(worker);
    if (pool === undefined) {
      pool = createPool(opts.concurrency, opts.stop);
      pools.set(worker, pool);
    }
    return pool;
  };
  const reportCold = opts.phases.includes('cold');
  const results: PullResult[] = [];
  const matrices = opts.pairs
    .filter((pair) => opts.imagesAt(pair.endpoint).length > 0)
    .map((pair) =>
      runPullMatrix({
        workers: [opts.workerFor(pair.worker)],
        endpoints: [pair.endpoint],
        images: opts.imagesAt(pair.endpoint),
        warmPulls: warmPullsOf(opts),
        pool: poolOf(pair.worker),
        ...(opts.abort ? { taskSignal: opts.abort } : {}),
        ...(opts.blobConcurrency !== undefined ? { blobConcurrency: opts.blobConcurrency } : {}),
        onResult: (r) => {
          if (r.phase === 'cold' && !reportCold) return;
          results.push(r);
          opts.onResult?.(r);
        },
      }),
    );
  const done = await Promise.all(matrices);
  const complete = done.every((m) => m.complete);
  return { results, complete };
}
