/**
 * How a run stops early. Two signals:
 *
 * - `stop`: start nothing new (the caller's first SIGINT, or a fatal error).
 *   Work in flight may finish for `graceMs`;
 * - `abort`: cancel what is still in flight (grace over, a second SIGINT, or
 *   the caller's abort signal). Aborting implies stopping.
 *
 * The first reason given is kept: it becomes run-end's `interrupted`.
 */
import { setMaxListeners } from 'node:events';

export const DEFAULT_GRACE_MS = 5_000;

export interface StopControlOptions {
  /** Fires: stop gracefully. */
  readonly signal?: AbortSignal;
  /** Fires: abort at once. */
  readonly abortSignal?: AbortSignal;
  /** Time in-flight work gets after a stop before it is aborted (default 5 s). */
  readonly graceMs?: number;
}

export class StopControl {
  readonly graceMs: number;
  readonly #stop = new AbortController();
  readonly #abort = new AbortController();
  readonly #cleanups: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #reason: string | undefined;

  constructor(opts: StopControlOptions = {}) {
    this.graceMs = Math.max(0, opts.graceMs ?? DEFAULT_GRACE_MS);
    // Every watch, push and pull of the run listens to these two signals.
    setMaxListeners(0, this.#stop.signal, this.#abort.signal);
    this.#follow(opts.signal, () => this.requestStop(reasonOf(opts.signal, 'stopped')));
    this.#follow(opts.abortSignal, () => this.abortNow(reasonOf(opts.abortSignal, 'aborted')));
  }

  /** Fires when no new work may start. */
  get stop(): AbortSignal {
    return this.#stop.signal;
  }

  /** Fires when work in flight must end now. */
  get abort(): AbortSignal {
    return this.#abort.signal;
  }

  /** Why the run stopped early; undefined while it has not. */
  get reason(): string | undefined {
    return this.#reason;
  }

  /** Stop starting work; abort what is in flight after the grace period. */
  requestStop(reason: string): void {
    if (this.#stop.signal.aborted) return;
    this.#reason ??= reason;
    this.#stop.abort(reason);
    if (this.#abort.signal.aborted) return;
    this.#timer = setTimeout(() => this.abortNow(`${reason}; work still in flight after the ${this.graceMs} ms grace period was cancelled`), this.graceMs);
    this.#timer.unref?.();
  }

  /** Stop and cancel everything in flight now. */
  abortNow(reason: string): void {
    this.#reason ??= reason;
    if (!this.#stop.signal.aborted) this.#stop.abort(reason);
    if (this.#abort.signal.aborted) return;
    this.#clearTimer();
    this.#abort.abort(reason);
  }

  /** Removes listeners and the grace timer. */
  dispose(): void {
    this.#clearTimer();
    for (const c of this.#cleanups.splice(0)) c();
  }

  #follow(signal: AbortSignal | undefined, onFire: () => void): void {
    if (signal === undefined) return;
    if (signal.aborted) return onFire();
    signal.addEventListener('abort', onFire, { once: true });
    this.#cleanups.push(() => signal.removeEventListener('abort', onFire));
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function reasonOf(signal: AbortSignal | undefined, fallback: string): string {
  const r: unknown = signal?.reason;
  if (typeof r === 'string' && r !== '') return r;
  if (r instanceof Error && !(r.name === 'AbortError')) return r.message;
  return fallback;
}
