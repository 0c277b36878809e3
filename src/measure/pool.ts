/**
 * One bounded worker pool for a run's phases: at most `concurrency` tasks run
 * at once, the others wait in FIFO order. Once the signal fires the pool starts
 * nothing new — waiting tasks and later run() calls reject with AbortedError —
 * but tasks already running are left to finish (a grace period, if any, is the
 * caller's business: give the tasks their own signal for that).
 */
import { AbortedError, UsageError } from '../errors.ts';

export interface Pool {
  readonly concurrency: number;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly queued: number;
  /** Runs `task` when a slot is free; its result or error passes through. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Resolves when nothing runs and nothing waits. */
  idle(): Promise<void>;
}

interface Waiting {
  readonly start: () => void;
  readonly cancel: (err: AbortedError) => void;
}

export function createPool(concurrency: number, signal?: AbortSignal): Pool {
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`pool concurrency must be an integer ≥ 1, got ${concurrency}`);
  }
  const waiting: Waiting[] = [];
  const idleWaiters: (() => void)[] = [];
  let active = 0;

  const aborted = (): AbortedError => new AbortedError('the run is stopping: no new task is started');
  const settleIdle = (): void => {
    if (active > 0 || waiting.length > 0) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  };
  const startNext = (): void => {
    while (active < concurrency && waiting.length > 0 && !signal?.aborted) (waiting.shift() as Waiting).start();
    settleIdle();
  };
  signal?.addEventListener(
    'abort',
    () => {
      for (const w of waiting.splice(0)) w.cancel(aborted());
      settleIdle();
    },
    { once: true },
  );

  return {
    concurrency,
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
    run<T>(task: () => Promise<T>): Promise<T> {
      if (signal?.aborted) return Promise.reject(aborted());
      return new Promise<T>((resolve, reject) => {
        const start = (): void => {
          active++;
          let result: Promise<T>;
          try {
            result = task();
          } catch (err) {
            result = Promise.reject(err);
          }
          result.then(resolve, reject).finally(() => {
            active--;
            startNext();
          });
        };
        waiting.push({ start, cancel: reject });
        startNext();
      });
    },
    idle(): Promise<void> {
      if (active === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
