/**
 * A discrete-event clock for simulations: time stands still until `run()`
 * advances it to the next pending sleep, and every promise continuation due at
 * one instant runs before time moves again. Tests and benchmarks run watchers,
 * pools and simulated replicas on it, so a minute of probing costs
 * milliseconds and every timing is exact and repeatable.
 *
 * Drive one `run()` at a time. Work that waits on anything but this clock
 * (real I/O, a real timer) cannot make progress and makes run() throw.
 */
import { AbortedError } from '../errors.ts';
import type { Clock, Sleep } from '../time/clock.ts';

interface Timer {
  readonly atMs: number;
  readonly seq: number;
  readonly fire: () => void;
  cancelled: boolean;
}

export interface RunOptions {
  /** Upper bound on clock advances (a runaway loop fails instead of hanging). Default 10 million. */
  readonly maxSteps?: number;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class VirtualClock implements Clock {
  #nowMs: number;
  #seq = 0;
  readonly #heap: Timer[] = [];

  constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  readonly now = (): number => this.#nowMs;

  readonly sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortedError('aborted while waiting'));
      const onAbort = (): void => {
        timer.cancelled = true;
        reject(new AbortedError('aborted while waiting'));
      };
      const timer: Timer = {
        atMs: this.#nowMs + Math.max(0, Number.isFinite(ms) ? ms : 0),
        seq: this.#seq++,
        cancelled: false,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#push(timer);
    });

  /** Sleeps that have not fired (cancelled ones excluded). */
  get pendingTimers(): number {
    return this.#heap.filter((t) => !t.cancelled).length;
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
      const next = this.#pop();
      if (next === undefined) throw new Error('virtual clock: the work waits on something other than this clock (no timer pending)');
      this.#nowMs = Math.max(this.#nowMs, next.atMs);
      next.fire();
      // Everything else due at the same instant fires in the same step.
      while (this.#peek() !== undefined && (this.#peek() as Timer).atMs <= this.#nowMs) (this.#pop() as Timer).fire();
    }
  }

  #before(a: Timer, b: Timer): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
  }

  #push(timer: Timer): void {
    const h = this.#heap;
    h.push(timer);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.#before(h[i] as Timer, h[parent] as Timer)) break;
      [h[i], h[parent]] = [h[parent] as Timer, h[i] as Timer];
      i = parent;
    }
  }

  #peek(): Timer | undefined {
    while (this.#heap.length > 0 && (this.#heap[0] as Timer).cancelled) this.#removeTop();
    return this.#heap[0];
  }

  #pop(): Timer | undefined {
    const top = this.#peek();
    if (top !== undefined) this.#removeTop();
    return top;
  }

  #removeTop(): void {
    const h = this.#heap;
    const last = h.pop() as Timer;
    if (h.length === 0) return;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.#before(h[l] as Timer, h[m] as Timer)) m = l;
      if (r < h.length && this.#before(h[r] as Timer, h[m] as Timer)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m] as Timer, h[i] as Timer];
      i = m;
    }
  }
}
