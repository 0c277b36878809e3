/**
 * A min-heap of callbacks keyed by absolute due time (ms on some clock),
 * behind both clocks: the real clock drains it with a single host timer
 * (every delayed thing of the lab — socket chunks, replication jobs — instead
 * of one setTimeout per chunk: fewer timers, no drift), the virtual clock
 * pops it as it advances. Callbacks come in due order, ties in insertion order.
 */
export interface TimerEntry {
  readonly dueMs: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

export class TimerQueue {
  private readonly heap: TimerEntry[] = [];
  private seq = 0;
  private live = 0;

  get size(): number {
    return this.live;
  }

  push(dueMs: number, fn: () => void): TimerEntry {
    const entry: TimerEntry = { dueMs, seq: this.seq++, fn, cancelled: false };
    this.heap.push(entry);
    this.live++;
    this.up(this.heap.length - 1);
    return entry;
  }

  cancel(entry: TimerEntry): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    this.live--;
  }

  /** Due time of the earliest live entry, or undefined when empty. */
  peekDueMs(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.dueMs;
  }

  /** Removes and returns the earliest live entry if it is due at `nowMs`. */
  popDue(nowMs: number): TimerEntry | undefined {
    this.dropCancelled();
    const head = this.heap[0];
    if (head === undefined || head.dueMs > nowMs) return undefined;
    this.removeHead();
    head.cancelled = true;
    this.live--;
    return head;
  }

  clear(): void {
    for (const e of this.heap) e.cancelled = true;
    this.heap.length = 0;
    this.live = 0;
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && (this.heap[0] as TimerEntry).cancelled) this.removeHead();
  }

  private removeHead(): void {
    const last = this.heap.pop() as TimerEntry;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i] as TimerEntry;
    const b = this.heap[j] as TimerEntry;
    return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i] as TimerEntry;
    this.heap[i] = this.heap[j] as TimerEntry;
    this.heap[j] = t;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
