/**
 * The real clock: `now()` on performance.now (or any clock that runs at real
 * speed, such as the harness's own with an offset), `sleep` on a host timer,
 * and `at()` precise to a fraction of a millisecond: one host setTimeout wakes
 * it ~spinMs early and setImmediate turns finish the wait (Node's setTimeout
 * alone fires up to a few ms late, or even slightly early). Every `at()`
 * callback waits in one TimerQueue drained by a single host timer.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { AbortedError } from '../errors.ts';
import type { Clock, Sleep } from './clock.ts';
import { TimerQueue } from './timer-queue.ts';

export const realSleep: Sleep = async (ms, signal) => {
  if (signal?.aborted) throw new AbortedError();
  try {
    await delay(Math.max(0, ms), undefined, signal ? { signal } : undefined);
  } catch (err) {
    throw new AbortedError('aborted while waiting', { cause: err });
  }
};

export interface RealClock extends Clock {
  /** Drops every pending `at()` callback and the host timer; later `at()` calls are ignored (now() and sleep still work). */
  close(): void;
}

export interface RealClockOptions {
  /** Default: performance.now. */
  readonly now?: () => number;
  /** How early (ms) the host timer wakes before a due time, to finish the wait in setImmediate turns. Default 1. */
  readonly spinMs?: number;
  /** Hears how late (ms) each `at()` callback ran against its due time: the lab's own precision. */
  readonly onLate?: (lateMs: number) => void;
}

export function createRealClock(opts: RealClockOptions = {}): RealClock {
  const spinMs = opts.spinMs ?? 1;
  const queue = new TimerQueue();
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let armedForMs = Infinity;
  let closed = false;
  const now = opts.now ?? ((): number => performance.now());
  const epochOffsetMs = performance.timeOrigin + performance.now() - now();

  const disarm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    if (immediate !== undefined) clearImmediate(immediate);
    timer = undefined;
    immediate = undefined;
    armedForMs = Infinity;
  };

  const arm = (): void => {
    const due = queue.peekDueMs();
    if (due === undefined) return disarm();
    if (due >= armedForMs && (timer !== undefined || immediate !== undefined)) return;
    disarm();
    armedForMs = due;
    const waitMs = due - now() - spinMs;
    if (waitMs > 0) timer = setTimeout(drain, waitMs);
    else immediate = setImmediate(drain);
  };

  const drain = (): void => {
    timer = undefined;
    immediate = undefined;
    armedForMs = Infinity;
    const t = now();
    const onLate = opts.onLate;
    for (let e = queue.popDue(t); e !== undefined; e = queue.popDue(t)) {
      onLate?.(t - e.dueMs);
      try {
        e.fn();
      } catch (err: unknown) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
    arm();
  };

  return {
    now,
    sleep: realSleep,
    toEpochMs: (nowMs) => epochOffsetMs + nowMs,
    at(dueMs, fn) {
      if (closed) return () => undefined;
      const entry = queue.push(dueMs, fn);
      arm();
      return () => queue.cancel(entry);
    },
    close() {
      closed = true;
      queue.clear();
      disarm();
    },
  };
}

/** The process's real clock on performance.now (nothing to close: it holds a host timer only while an `at()` callback waits). */
export const realClock: Clock = createRealClock();
