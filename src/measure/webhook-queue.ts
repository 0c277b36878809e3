/**
 * Bounded memory for the webhook receiver:
 *
 * - RecentIds: the last `max` event ids seen, for deduplication (a sender
 *   retries, ACR may post an event twice). The oldest id is forgotten first.
 * - EventQueue: events waiting for their consumer. Full → the oldest waiting
 *   event is dropped and counted (a consumer that stopped reading must not
 *   make the receiver grow without limit). Read it with `for await` or
 *   `next()`; each event goes to one reader. close() ends every reader once
 *   what is queued has been read.
 */
import { AbortedError } from '../errors.ts';

export class RecentIds {
  readonly #max: number;
  readonly #ids = new Set<string>();

  constructor(max: number) {
    this.#max = Math.max(1, Math.floor(max));
  }

  /** True the first time an id is seen (and remembers it); false for a repeat. */
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.#max) {
      const oldest = this.#ids.values().next().value as string;
      this.#ids.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.#ids.size;
  }
}

export class EventQueue<T> implements AsyncIterable<T> {
  readonly #max: number;
  #items: T[] = [];
  #head = 0;
  #closed = false;
  readonly #waiters: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }[] = [];
  /** Events dropped because the queue was full. */
  dropped = 0;

  constructor(max: number) {
    this.#max = Math.max(1, Math.floor(max));
  }

  get length(): number {
    return this.#items.length - this.#head;
  }

  get closed(): boolean {
    return this.#closed;
  }

  push(item: T): void {
    if (this.#closed) return;
    const waiter = this.#waiters.shift();
    if (waiter) return waiter.resolve({ value: item, done: false });
    if (this.length >= this.#max) {
      this.#head++;
      this.dropped++;
    }
    this.#items.push(item);
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  /** The next event; done when closed and drained; AbortedError when the signal fires first. */
  next(signal?: AbortSignal): Promise<IteratorResult<T>> {
    if (this.length > 0) {
      const value = this.#items[this.#head] as T;
      this.#head++;
      return Promise.resolve({ value, done: false });
    }
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    if (signal?.aborted) return Promise.reject(new AbortedError('stopped waiting for webhook events'));
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (r: IteratorResult<T>) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
        reject,
      };
      const onAbort = (): void => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(new AbortedError('stopped waiting for webhook events'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  close(): void {
    this.#closed = true;
    for (const w of this.#waiters.splice(0)) w.resolve({ value: undefined, done: true });
  }

  /** Reads until closed; `signal` stops the loop with AbortedError. */
  async *iterate(signal?: AbortSignal): AsyncGenerator<T, void, undefined> {
    for (;;) {
      const r = await this.next(signal);
      if (r.done) return;
      yield r.value;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.iterate();
  }
}
