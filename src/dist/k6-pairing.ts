/**
 * Pairs k6 samples back into pulls. k6 writes every sample as its own line,
 * so one pull (duration, TTFB, bytes) is spread over several lines, mixed with
 * other VUs' samples. Samples are queued per series — (worker, endpoint,
 * image, phase) — and matched first-in, first-out; a VU writes its samples in
 * order, so a pull's samples meet, and whichever way concurrent pulls of one
 * series interleave, every duration lands in the duration histogram and every
 * TTFB in the TTFB histogram: the merged histograms are exact either way.
 *
 * Memory is bounded: a queue holding more than `maxPending` samples (a file
 * with durations but no TTFBs, say) drops its oldest, counted as unpaired.
 */

export interface PullLabels {
  readonly worker: string;
  readonly endpoint: string;
  readonly image: string;
  readonly phase: 'cold' | 'warm';
}

export interface PairedPull extends PullLabels {
  /** When the duration sample was taken, µs since the epoch. */
  readonly timeUs: number;
  readonly durationUs: number;
  readonly ttfbUs: number;
  readonly bytes: number;
}

export interface PairingCounts {
  readonly paired: number;
  /** Samples left without a partner at the end, or dropped from a full queue. */
  readonly unpairedDurations: number;
  readonly unpairedTtfbs: number;
}

export const DEFAULT_MAX_PENDING = 100_000;

/** A FIFO with an amortised O(1) shift. */
class Queue<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

interface SeriesQueues {
  readonly labels: PullLabels;
  readonly durations: Queue<{ timeUs: number; valueUs: number }>;
  readonly ttfbs: Queue<number>;
  readonly bytes: Queue<number>;
}

export class PullPairer {
  private readonly series = new Map<string, SeriesQueues>();
  private paired = 0;
  private droppedDurations = 0;
  private droppedTtfbs = 0;

  constructor(
    private readonly onPull: (pull: PairedPull) => void,
    private readonly maxPending: number = DEFAULT_MAX_PENDING,
  ) {}

  duration(labels: PullLabels, timeUs: number, valueUs: number): void {
    const q = this.queuesOf(labels);
    q.durations.push({ timeUs, valueUs });
    if (q.durations.length > this.maxPending) {
      q.durations.shift();
      this.droppedDurations++;
    }
    this.match(q);
  }

  ttfb(labels: PullLabels, valueUs: number): void {
    const q = this.queuesOf(labels);
    q.ttfbs.push(valueUs);
    if (q.ttfbs.length > this.maxPending) {
      q.ttfbs.shift();
      this.droppedTtfbs++;
    }
    this.match(q);
  }

  /** Bytes of a pull (optional: a pull without one counts 0 bytes). */
  bytes(labels: PullLabels, bytes: number): void {
    const q = this.queuesOf(labels);
    q.bytes.push(bytes);
    if (q.bytes.length > this.maxPending) q.bytes.shift();
  }

  counts(): PairingCounts {
    let durations = this.droppedDurations;
    let ttfbs = this.droppedTtfbs;
    for (const q of this.series.values()) {
      durations += q.durations.length;
      ttfbs += q.ttfbs.length;
    }
    return { paired: this.paired, unpairedDurations: durations, unpairedTtfbs: ttfbs };
  }

  private match(q: SeriesQueues): void {
    while (q.durations.length > 0 && q.ttfbs.length > 0) {
      const d = q.durations.shift() as { timeUs: number; valueUs: number };
      const ttfbUs = q.ttfbs.shift() as number;
      this.paired++;
      this.onPull({ ...q.labels, timeUs: d.timeUs, durationUs: d.valueUs, ttfbUs, bytes: q.bytes.shift() ?? 0 });
    }
  }

  private queuesOf(labels: PullLabels): SeriesQueues {
    const key = `${labels.worker}\u0000${labels.endpoint}\u0000${labels.image}\u0000${labels.phase}`;
    let q = this.series.get(key);
    if (q === undefined) {
      q = { labels: { worker: labels.worker, endpoint: labels.endpoint, image: labels.image, phase: labels.phase }, durations: new Queue(), ttfbs: new Queue(), bytes: new Queue() };
      this.series.set(key, q);
    }
    return q;
  }
}
