/**
 * A worker's pulls of one image, one after another, whatever the target: the
 * first pull a worker ever makes of an image from an endpoint is 'cold', every
 * later one 'warm'; each is labelled and started on the worker's clock, a
 * failure is recorded with its code (and HTTP status, where the worker knows
 * one), and an abort ends the series. The registry and the Blob workers run
 * their pulls through it, each with its own way to pull once.
 */
import { AbortedError, describeError } from '../errors.ts';
import { errorCodeOf } from '../events/index.ts';
import type { PullPhase, PullResult, PullSample, PullTask } from './worker.ts';

/** What one successful pull reports beyond its labels. */
export type PulledImage = Pick<PullSample, 'durationMs' | 'ttfbMs' | 'bytes' | 'redirects'>;

export interface PullSeriesOptions {
  /** The worker's region (the `worker` label). */
  readonly worker: string;
  readonly now: () => number;
  /** The HTTP status behind a failure, when there was one (default: none). */
  readonly statusOf?: (err: unknown) => number | undefined;
}

export class PullSeries {
  readonly #o: PullSeriesOptions;
  /** endpoint, repo, reference of every image pulled successfully: later pulls are warm. */
  readonly #pulled = new Set<string>();

  constructor(opts: PullSeriesOptions) {
    this.#o = opts;
  }

  /** `task.pulls` (default 1) pulls through `pullOnce`, until one is aborted. */
  async run(task: PullTask, pullOnce: () => Promise<PulledImage>, signal?: AbortSignal): Promise<PullResult[]> {
    const pulls = task.pulls ?? 1;
    const results: PullResult[] = [];
    const key = `${task.endpoint}\u0000${task.repo}\u0000${task.reference}`;
    for (let i = 0; i < pulls && !signal?.aborted; i++) {
      const phase: PullPhase = this.#pulled.has(key) ? 'warm' : 'cold';
      const labels = { worker: this.#o.worker, endpoint: task.endpoint, image: task.image, phase, startedAtMs: this.#o.now() };
      try {
        const pulled = await pullOnce();
        this.#pulled.add(key);
        results.push({ outcome: 'pulled', ...labels, ...pulled });
      } catch (err: unknown) {
        if (err instanceof AbortedError || signal?.aborted) break;
        const status = this.#o.statusOf?.(err);
        results.push({ outcome: 'failed', ...labels, code: errorCodeOf(err), message: describeError(err), ...(status !== undefined ? { status } : {}) });
      }
    }
    return results;
  }
}
