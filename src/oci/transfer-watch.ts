/**
 * The budget of one registry request, enforced while it runs. `--timeout` (an
 * inactivity limit, undici's) cannot catch a registry that trickles one byte
 * a second or answers slowly but steadily forever; this does:
 *
 * - a total deadline: from the request's first attempt to the last byte of
 *   its response body, 401 answers and 429/503 retry waits included;
 * - a minimum rate while a body moves (request body being sent, or response
 *   body being received): fewer than minRate × stallWindow bytes in a whole
 *   stall window is a stall. Waiting for response headers is not a stall (the
 *   server may be verifying an upload); it is bounded by the inactivity limit
 *   and the deadline.
 *
 * On either, the watch aborts its signal with a TimeoutError (deadline) or a
 * StalledError (rate) as the reason: undici then rejects the request, or
 * destroys the response body, with exactly that error, so every reader of the
 * body sees a message naming the request. Timers are unref'd and cleared when
 * the body ends, so a finished request holds nothing.
 */
import { performance } from 'node:perf_hooks';
import { StalledError, TimeoutError, type ReplbenchError } from '../errors.ts';

export interface TransferLimits {
  /** Total time per request, first attempt to last body byte. */
  readonly deadlineMs: number;
  /** Bytes per second a moving body must average over each stall window; 0 = no rate check. */
  readonly minRateBytesPerSec: number;
  /** The window the rate is measured over. */
  readonly stallWindowMs: number;
}

/** The defaults every command and run uses unless a flag or the scenario's `requests` section says otherwise. */
export const TRANSFER_DEFAULTS: TransferLimits = { deadlineMs: 10 * 60_000, minRateBytesPerSec: 1024, stallWindowMs: 30_000 };

type Phase = 'idle' | 'waiting' | 'sending' | 'receiving' | 'done';

/** The part of undici's response body the watch hooks into (a Node Readable). */
export interface WatchedBody {
  push(chunk: unknown, encoding?: BufferEncoding): boolean;
  once(event: 'close', listener: () => void): unknown;
  readonly destroyed: boolean;
}

export class TransferWatch {
  readonly limits: TransferLimits;
  /** Aborts on the caller's signal or on the watch's own verdict. */
  readonly signal: AbortSignal;
  #what: string;
  #peer: string;
  readonly #controller = new AbortController();
  readonly #startedMs: number;
  readonly #clock: () => number;
  #phase: Phase = 'waiting';
  #failure: ReplbenchError | undefined;
  #sent = 0;
  #received = 0;
  #expectedBytes: number | undefined;
  #bodyOpen = false;
  #settled = false;
  #windowStartBytes = 0;
  #deadlineTimer: NodeJS.Timeout | undefined;
  #windowTimer: NodeJS.Timeout | undefined;
  #unlink: (() => void) | undefined;

  constructor(limits: TransferLimits, init: { what: string; peer: string; signal?: AbortSignal | undefined; clock?: () => number }) {
    this.limits = limits;
    this.#what = init.what;
    this.#peer = init.peer;
    this.#clock = init.clock ?? (() => performance.now());
    this.#startedMs = this.#clock();
    // Chained by hand, not AbortSignal.any: a run-long caller signal must not collect one dependant per request.
    this.signal = this.#controller.signal;
    const caller = init.signal;
    if (caller?.aborted === true) this.#controller.abort(caller.reason);
    else if (caller !== undefined) {
      const onAbort = (): void => this.#controller.abort(caller.reason);
      caller.addEventListener('abort', onAbort, { once: true });
      this.#unlink = () => caller.removeEventListener('abort', onAbort);
    }
    this.#deadlineTimer = setTimeout(() => this.#fail(this.#deadlineError()), limits.deadlineMs);
    this.#deadlineTimer.unref();
  }

  /** The error the watch ended the request with, if it did. */
  get failure(): ReplbenchError | undefined {
    return this.#failure;
  }

  /** Response body bytes received so far (of the current attempt). */
  get receivedBytes(): number {
    return this.#received;
  }

  /** Content-Length of the current response, when it had one. */
  get expectedBytes(): number | undefined {
    return this.#expectedBytes;
  }

  /** Time left of the deadline (never negative). */
  remainingMs(): number {
    return Math.max(0, this.limits.deadlineMs - (this.#clock() - this.#startedMs));
  }

  /** A new attempt (a retry, or the retry after a 401) of the same request; counts restart, the deadline does not. */
  attempt(what: string, peer: string): void {
    this.#what = what;
    this.#peer = peer;
    this.#sent = 0;
    this.#received = 0;
    this.#expectedBytes = undefined;
    this.#enter('waiting');
  }

  /** Wraps a request body so the bytes undici pulls from it count as progress. */
  body(body: Uint8Array | AsyncIterable<Uint8Array>): Uint8Array | AsyncIterable<Uint8Array> {
    if (body instanceof Uint8Array) {
      this.#sent += body.byteLength;
      return body;
    }
    return this.#counted(body);
  }

  /** Watches a response body from its headers on: every chunk undici pushes into it counts as progress. */
  receive(body: WatchedBody, contentLength: string | undefined): void {
    const length = Number(contentLength);
    this.#expectedBytes = contentLength !== undefined && Number.isSafeInteger(length) && length >= 0 ? length : undefined;
    this.#bodyOpen = true;
    const ended = (): void => {
      if (!this.#bodyOpen) return;
      this.#bodyOpen = false;
      if (this.#settled) this.finish();
      else this.#enter('idle');
    };
    const push = body.push.bind(body);
    body.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
      if (chunk === null) ended();
      else if (chunk instanceof Uint8Array) this.#received += chunk.byteLength;
      return push(chunk, encoding);
    };
    body.once('close', ended);
    if (body.destroyed) ended();
    else this.#enter('receiving');
  }

  /** The current attempt's response goes to the caller: the watch ends with its body. */
  settle(): void {
    this.#settled = true;
    if (!this.#bodyOpen) this.finish();
  }

  /** The request is over (its body ended or was dropped, or it failed): clears the timers. */
  finish(): void {
    this.#enter('done');
    clearTimeout(this.#deadlineTimer);
    this.#deadlineTimer = undefined;
    this.#unlink?.();
    this.#unlink = undefined;
  }

  async *#counted(body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    this.#enter('sending');
    for await (const chunk of body) {
      this.#sent += chunk.byteLength;
      yield chunk;
    }
    if (this.#phase === 'sending') this.#enter('waiting');
  }

  #enter(phase: Phase): void {
    if (this.#phase === 'done') return;
    this.#phase = phase;
    clearInterval(this.#windowTimer);
    this.#windowTimer = undefined;
    if ((phase === 'sending' || phase === 'receiving') && this.limits.minRateBytesPerSec > 0) {
      this.#windowStartBytes = this.#sent + this.#received;
      this.#windowTimer = setInterval(() => this.#checkWindow(), this.limits.stallWindowMs);
      this.#windowTimer.unref();
    }
  }

  #checkWindow(): void {
    const moved = this.#sent + this.#received - this.#windowStartBytes;
    const needed = (this.limits.minRateBytesPerSec * this.limits.stallWindowMs) / 1000;
    if (moved < needed) this.#fail(this.#stallError(moved));
    else this.#windowStartBytes += moved;
  }

  #fail(err: ReplbenchError): void {
    if (this.#phase === 'done' || this.#failure !== undefined) return;
    this.#failure = err;
    this.finish();
    this.#controller.abort(err);
  }

  #progress(): string {
    if (this.#phase === 'idle') return 'authenticating, or waiting to retry';
    if (this.#phase === 'sending') return `${this.#sent} bytes sent`;
    if (this.#phase === 'waiting') return this.#sent > 0 ? `${this.#sent} bytes sent, waiting for the response headers` : 'waiting for the response headers';
    return this.#expectedBytes === undefined ? `${this.#received} bytes received` : `${this.#received} of ${this.#expectedBytes} bytes received`;
  }

  #deadlineError(): TimeoutError {
    const ms = this.limits.deadlineMs;
    return new TimeoutError(`${this.#what}: no complete answer from ${this.#peer} within the ${formatMs(ms)} request deadline (${this.#progress()})`, ms);
  }

  #stallError(moved: number): StalledError {
    const { minRateBytesPerSec, stallWindowMs } = this.limits;
    const body = this.#phase === 'sending' ? `sending the request body to ${this.#peer}` : `receiving the response body from ${this.#peer}`;
    return new StalledError(
      `${this.#what}: stalled ${body}: ${moved} bytes in ${formatMs(stallWindowMs)}, below the minimum rate of ${formatRate(minRateBytesPerSec)} (${this.#progress()})`,
      { windowBytes: moved, stallWindowMs, minRateBytesPerSec },
    );
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(3))} s` : `${Number(ms.toFixed(3))} ms`;
}

function formatRate(bytesPerSec: number): string {
  if (bytesPerSec >= 1024 * 1024) return `${Number((bytesPerSec / (1024 * 1024)).toFixed(2))} MiB/s`;
  if (bytesPerSec >= 1024) return `${Number((bytesPerSec / 1024).toFixed(2))} KiB/s`;
  return `${bytesPerSec} B/s`;
}
