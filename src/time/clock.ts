/**
 * The time everything runs on, as one interface: `now()` in ms on a monotonic
 * clock, an abortable `sleep`, `at()` to run a callback once `now()` reaches an
 * absolute time (the lab's link delays and replication jobs), and `toEpochMs()`
 * for wall-clock stamps and cron schedules. The watcher, the load phase, the
 * push schedule, the blob copier and the lab take a Clock (or the parts of it
 * they use), so that they run on the virtual clock (virtual-clock.ts) in tests
 * and benchmarks and on the real one (real-clock.ts) in runs. Probe
 * timestamps, the commit point and the watcher's deadlines must all be on the
 * same clock.
 * A leaf: imports nothing of replbench but errors.
 */
import { AbortedError } from '../errors.ts';

/** Waits `ms` (≤ 0: yields once); rejects with AbortedError when the signal fires. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Cancels a callback scheduled with `at()` (a no-op once it ran). */
export type CancelTimer = () => void;

export interface Clock {
  /** Monotonic ms. */
  readonly now: () => number;
  readonly sleep: Sleep;
  /** Runs `fn` once `now() >= dueMs`. */
  readonly at: (dueMs: number, fn: () => void) => CancelTimer;
  /** The epoch ms (wall clock) of a `now()` reading. */
  readonly toEpochMs: (nowMs: number) => number;
}

/** Throws AbortedError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what = 'the operation'): void {
  if (signal?.aborted) throw new AbortedError(`${what} was aborted`);
}

/** Run clock in µs since `startMs` (an injected ms clock such as performance.now). */
export function runClockUs(now: () => number, startMs: number = now()): () => number {
  return () => Math.round((now() - startMs) * 1000);
}

/** Lets pending promise chains and I/O callbacks run (a few macrotask turns). */
export async function settleTurns(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
