/**
 * The run's recorder: stamps each record with the run clock (µs since the
 * run started) and appends it to events.jsonl at once, so whatever happens
 * next, every measurement made so far is on disk. Also counts what it wrote,
 * for progress.
 */
import { openEventLog, type EventLog } from './event-log.ts';
import type { ReplEvent } from './events.ts';

/** A record without its time stamp: the recorder adds `t`. */
export type Unstamped<E> = E extends ReplEvent ? Omit<E, 't'> : never;

export class RunRecorder {
  readonly path: string;
  /** ms on the run's clock at t = 0. */
  readonly startMs: number;
  readonly #log: EventLog;
  readonly #now: () => number;
  #written = 0;

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
    this.#log.append({ ...event, t: this.tUs(atMs) } as ReplEvent);
    this.#written++;
  }

  /** Appends a record that already carries its `t` (from tUs()). */
  append(event: ReplEvent): void {
    this.#log.append(event);
    this.#written++;
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
