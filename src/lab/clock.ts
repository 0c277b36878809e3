/**
 * The lab's notion of time. Everything delayed in the lab goes through a
 * LabClock: `now()` in ms (performance.now on the real clock, so the harness
 * can share it in-process), `toEpochMs()` for wall-clock stamps and cron
 * schedules, and `at()` to run a callback once `now() >= dueMs`.
 *
 * The real clock is precise to a fraction of a millisecond: one host
 * setTimeout wakes it ~spinMs early and setImmediate turns finish the wait
 * (Node's setTimeout alone fires up to a few ms late, or even slightly early).
 * The fake clock only moves when a test calls advance().
 */
import { performance } from 'node:perf_hooks';
import { TimerQueue } from './timer-queue.ts';

export type CancelTimer = () => void;

export interface LabClock {
  now(): number;
  toEpochMs(nowMs: number): number;
  at(dueMs: number, fn: () => void): CancelTimer;
}

export interface RealClock extends LabClock {
  /** Drops every pending callback and the host timer; later `at()` calls are ignored (now() still works). */
  close(): void;
}

/**
 * `now` may be replaced by any clock that runs at real speed (e.g. the
 * harness's own performance.now-based clock with an offset). `onLate` hears
 * how late (ms) each callback ran against its due time: the lab's own precision.
 */
export function createRealClock(opts: { spinMs?: number; now?: () => number; onLate?: (lateMs: number) => void } = {}): RealClock {
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

export interface FakeClock extends LabClock {
  /** Moves time forward by `ms`, running each due callback at its own due time, letting promises settle between. */
  advance(ms: number): Promise<void>;
  advanceTo(nowMs: number): Promise<void>;
  /** Number of callbacks still waiting. */
  readonly pending: number;
}

/** Lets pending promise chains and I/O callbacks run (a few macrotask turns). */
export async function settleTurns(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export function createFakeClock(opts: { startMs?: number; epochBaseMs?: number } = {}): FakeClock {
  let t = opts.startMs ?? 0;
  const epochBaseMs = opts.epochBaseMs ?? Date.UTC(2025, 0, 1);
  const queue = new TimerQueue();
  const advanceTo = async (targetMs: number): Promise<void> => {
    await settleTurns();
    for (;;) {
      const due = queue.peekDueMs();
      if (due === undefined || due > targetMs) break;
      t = Math.max(t, due);
      const e = queue.popDue(t);
      e?.fn();
      await settleTurns();
    }
    t = Math.max(t, targetMs);
    await settleTurns();
  };
  return {
    now: () => t,
    toEpochMs: (nowMs) => epochBaseMs + nowMs,
    at(dueMs, fn) {
      const entry = queue.push(dueMs, fn);
      return () => queue.cancel(entry);
    },
    advance: (ms) => advanceTo(t + ms),
    advanceTo,
    get pending() {
      return queue.size;
    },
  };
}
