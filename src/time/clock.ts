/**
 * The time a measurement runs on: `now()` in ms on a monotonic clock and an
 * abortable `sleep`. Everything in measure/ (and run/, blob/) takes a Clock so that lag logic runs
 * on a virtual clock in tests and benchmarks (see virtual-clock.ts) and on
 * performance.now in real runs. Probe timestamps, the commit point and the
 * watcher's deadlines must all be on the same clock.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { AbortedError } from '../errors.ts';

/** Waits `ms` (≤ 0: yields once); rejects with AbortedError when the signal fires. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface Clock {
  readonly now: () => number;
  readonly sleep: Sleep;
}

export const realSleep: Sleep = async (ms, signal) => {
  if (signal?.aborted) throw new AbortedError();
  try {
    await delay(Math.max(0, ms), undefined, signal ? { signal } : undefined);
  } catch (err) {
    throw new AbortedError('aborted while waiting', { cause: err });
  }
};

export const realClock: Clock = { now: () => performance.now(), sleep: realSleep };

/** Throws AbortedError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what = 'the operation'): void {
  if (signal?.aborted) throw new AbortedError(`${what} was aborted`);
}

/** Run clock in µs since `startMs` (an injected ms clock such as performance.now). */
export function runClockUs(now: () => number, startMs: number = now()): () => number {
  return () => Math.round((now() - startMs) * 1000);
}
