/**
 * The run's recorder: stamps each record with the run clock (µs since the
 * run started) and appends it to events.jsonl at once, so whatever happens
 * next, every measurement made so far is on disk. Also counts what it wrote,
 * for progress.
 *
 * A write that fails (the disk is full) does not throw into whichever phase
 * made the measurement: the first failure goes to the onWriteFailed listener
 * (the runner stops the run), the record is counted as lost, and every later
 * record is tried again (the log starts it on a fresh line).
 */
import { WriteError } from '../errors.ts';
import { openEventLog, type EventLog } from '../events/log.ts';
import type { ReplEvent } from '../events/index.ts';

/** A record without its time stamp: the recorder adds `t`. */
export type Unstamped<E> = E extends ReplEvent ? Omit<E, 't'> : never;

export class RunRecorder {
  readonly path: string;
  /** ms on the run's clock at t = 0. */
  readonly startMs: number;
  readonly #log: EventLog;
  readonly #now: () => number;
  #written = 0;
  #lost = 0;
  #failure: WriteError | undefined;
  #onWriteFailed: ((err: WriteError) => void) | undefined;

  constructor(path: string, now: () => number, startMs: number = now()) {
    this.path = path;
    this.#now = now;
    this.startMs = startMs;
    this.#log = openEventLog(path);
  }

  /** µs since the run started. */
  tUs(atMs: number = this.#now()): number {
    return Math.max(0, Math.round((atMs - this.startMs) * 1000));
  }

  /** Appends a record stamped now (or at `atMs` on the run's clock); it is in the file when this returns. */
  record(event: Unstamped<ReplEvent>, atMs?: number): void {
    this.append({ ...event, t: this.tUs(atMs) } as ReplEvent);
  }

  /** Appends a record that already carries its `t` (from tUs()). */
  append(event: ReplEvent): void {
    try {
      this.#log.append(event);
      this.#written++;
    } catch (err: unknown) {
      if (!(err instanceof WriteError)) throw err;
      this.#lost++;
      if (this.#failure !== undefined) return;
      this.#failure = err;
      this.#onWriteFailed?.(err);
    }
  }

  /** Called once, on the first record that could not be written. */
  onWriteFailed(listener: ((err: WriteError) => void) | undefined): void {
    this.#onWriteFailed = listener;
    if (listener !== undefined && this.#failure !== undefined) listener(this.#failure);
  }

  /** The first failed write, if any. */
  get failure(): WriteError | undefined {
    return this.#failure;
  }

  /** Records that could not be written. */
  get lost(): number {
    return this.#lost;
  }

  /** Records appended so far. */
  get written(): number {
    return this.#written;
  }

  /** fsync and close; idempotent. */
  close(): Promise<void> {
    return this.#log.close();
  }
}
