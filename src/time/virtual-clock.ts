/**
 * The virtual clock for tests and benchmarks: time stands still until the test
 * moves it, so a minute of probing costs milliseconds and every timing is
 * exact and repeatable. Sleeps and `at()` callbacks wait in one TimerQueue.
 *
 * Two ways to drive it:
 * - `run(work)`, a discrete-event loop for work that waits on nothing but this
 *   clock (watchers, pools, simulated replicas): it advances to the next
 *   pending timer whenever every promise continuation due at the current
 *   instant has run, and throws when nothing is pending (the work waits on
 *   real I/O or a real timer, and would hang). Drive one `run()` at a time.
 * - `advance(ms)` / `advanceTo(ms)`, for work that mixes this clock with real
 *   I/O (the lab's replicator, the blob copier): time moves to each due timer in
 *   turn, with a few event-loop turns between, so I/O callbacks and promise
 *   chains triggered by one callback can run before the next.
 */
import { AbortedError } from '../errors.ts';
import { settleTurns, type CancelTimer, type Clock, type Sleep } from './clock.ts';
import { TimerQueue } from './timer-queue.ts';

export interface VirtualClockOptions {
  /** now() before anything moves it. Default 0. */
  readonly startMs?: number;
  /** toEpochMs(0). Default 2025-01-01T00:00:00Z. */
  readonly epochBaseMs?: number;
}

export interface RunOptions {
  /** Upper bound on clock advances (a runaway loop fails instead of hanging). Default 10 million. */
  readonly maxSteps?: number;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class VirtualClock implements Clock {
  #nowMs: number;
  readonly #epochBaseMs: number;
  readonly #queue = new TimerQueue();

  constructor(opts: VirtualClockOptions = {}) {
    this.#nowMs = opts.startMs ?? 0;
    this.#epochBaseMs = opts.epochBaseMs ?? Date.UTC(2025, 0, 1);
  }

  readonly now = (): number => this.#nowMs;

  readonly toEpochMs = (nowMs: number): number => this.#epochBaseMs + nowMs;

  readonly at = (dueMs: number, fn: () => void): CancelTimer => {
    const entry = this.#queue.push(dueMs, fn);
    return () => this.#queue.cancel(entry);
  };

  readonly sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortedError('aborted while waiting'));
      const onAbort = (): void => {
        cancel();
        reject(new AbortedError('aborted while waiting'));
      };
      const cancel = this.at(this.#nowMs + Math.max(0, Number.isFinite(ms) ? ms : 0), () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  /** Sleeps and callbacks still waiting (cancelled ones excluded). */
  get pending(): number {
    return this.#queue.size;
  }

  /** Advances virtual time until `work` settles, and returns (or throws) its result. */
  async run<T>(work: Promise<T> | (() => Promise<T>), opts: RunOptions = {}): Promise<T> {
    const maxSteps = opts.maxSteps ?? 10_000_000;
    const promise = typeof work === 'function' ? work() : work;
    let settled = false;
    promise.then(
      () => void (settled = true),
      () => void (settled = true),
    );
    for (let step = 0; ; step++) {
      await turn();
      if (settled) return promise;
      if (step >= maxSteps) throw new Error(`virtual clock: still running after ${maxSteps} steps`);
      const due = this.#queue.peekDueMs();
      if (due === undefined) throw new Error('virtual clock: the work waits on something other than this clock (no timer pending)');
      this.#nowMs = Math.max(this.#nowMs, due);
      // Everything due at this instant fires in the same step.
      for (let e = this.#queue.popDue(this.#nowMs); e !== undefined; e = this.#queue.popDue(this.#nowMs)) e.fn();
    }
  }

  /** Moves time forward by `ms`, running each due callback at its own due time, letting promises settle between. */
  advance(ms: number): Promise<void> {
    return this.advanceTo(this.#nowMs + ms);
  }

  async advanceTo(targetMs: number): Promise<void> {
    await settleTurns();
    for (;;) {
      const due = this.#queue.peekDueMs();
      if (due === undefined || due > targetMs) break;
      this.#nowMs = Math.max(this.#nowMs, due);
      this.#queue.popDue(this.#nowMs)?.fn();
      await settleTurns();
    }
    this.#nowMs = Math.max(this.#nowMs, targetMs);
    await settleTurns();
  }
}
