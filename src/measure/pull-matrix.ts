/**
 * The pull matrix: every worker region × every endpoint it is given × every
 * image, one cold pull and then `warmPulls` warm ones, through one bounded
 * pool. Each (worker, endpoint, image) is a chain — its pulls run one after
 * another, so the cold pull always comes first — while chains run side by
 * side; the pool's FIFO order starts every chain's cold pull before any warm
 * one. When the pool's signal fires no new pull starts, pulls in flight finish
 * (or stop on `taskSignal`), and what was measured is returned with
 * complete = false.
 */
import { AbortedError, UsageError } from '../errors.ts';
import { createPool, type Pool } from './pool.ts';
import type { PullResult, Worker } from './worker.ts';

export interface PullImageSpec {
  /** Label in reports. */
  readonly image: string;
  readonly repo: string;
  /** Tag or digest. */
  readonly reference: string;
}

export interface PullMatrixOptions {
  readonly workers: readonly Worker[];
  /** The endpoints every worker pulls from, or per worker region (local, all, a list: the caller's choice). */
  readonly endpoints: readonly string[] | ((workerRegion: string) => readonly string[]);
  readonly images: readonly PullImageSpec[];
  /** Warm pulls after the cold one, per chain (default 1). */
  readonly warmPulls?: number;
  /** A shared pool (the runner's); otherwise one of `concurrency` slots is made on `signal`. */
  readonly pool?: Pool;
  /** Pulls at once when no pool is given (default 4). */
  readonly concurrency?: number;
  /** Stops starting pulls (when no pool is given; a given pool has its own). */
  readonly signal?: AbortSignal;
  /** Passed to the workers: cancels pulls in flight. */
  readonly taskSignal?: AbortSignal;
  readonly blobConcurrency?: number;
  /** Called as each pull finishes, in completion order. */
  readonly onResult?: (result: PullResult) => void;
}

export interface PullMatrixResult {
  /** In completion order. */
  readonly results: readonly PullResult[];
  /** False when a stop left pulls unmade. */
  readonly complete: boolean;
}

export async function runPullMatrix(opts: PullMatrixOptions): Promise<PullMatrixResult> {
  const warmPulls = opts.warmPulls ?? 1;
  if (!Number.isSafeInteger(warmPulls) || warmPulls < 0) throw new UsageError(`warm pulls must be an integer ≥ 0, got ${warmPulls}`);
  const pool = opts.pool ?? createPool(opts.concurrency ?? 4, opts.signal);
  const results: PullResult[] = [];
  let complete = true;
  const chain = async (worker: Worker, endpoint: string, spec: PullImageSpec): Promise<void> => {
    for (let i = 0; i <= warmPulls; i++) {
      let batch: PullResult[];
      try {
        batch = await pool.run(() =>
          worker.pull({ endpoint, image: spec.image, repo: spec.repo, reference: spec.reference, pulls: 1, ...blobOpt(opts) }, opts.taskSignal),
        );
      } catch (err) {
        if (err instanceof AbortedError) return void (complete = false);
        throw err;
      }
      for (const r of batch) {
        results.push(r);
        opts.onResult?.(r);
      }
      if (batch.length === 0 || opts.taskSignal?.aborted) return void (complete = false);
    }
  };
  const chains: Promise<void>[] = [];
  for (const worker of opts.workers) {
    const endpoints = typeof opts.endpoints === 'function' ? opts.endpoints(worker.region) : opts.endpoints;
    for (const endpoint of endpoints) for (const spec of opts.images) chains.push(chain(worker, endpoint, spec));
  }
  const settled = await Promise.allSettled(chains);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return { results, complete };
}

function blobOpt(opts: PullMatrixOptions): { blobConcurrency?: number } {
  return opts.blobConcurrency !== undefined ? { blobConcurrency: opts.blobConcurrency } : {};
}
