/**
 * The histograms of one load series. Every response's latency is recorded
 * twice, in µs: as measured (`uncorrected`), and with coordinated-omission
 * correction (`corrected`): when a response took longer than the planned
 * inter-arrival time of its connection, the requests that connection should
 * have sent meanwhile — and could not, because it was waiting — are added as
 * the latencies they would have seen (recordCorrected). Flat-out load has no
 * plan, so both histograms get the same values.
 *
 * Values go into the current interval and into the whole-run totals; cut()
 * closes the interval and starts the next.
 */
import {
  createHistogram,
  encodeHistogram,
  recordCorrected,
  recordUs,
  type Histogram,
} from '../stats/histogram-factory.ts';
import type { LoadCounts, LoadInterval } from './load-types.ts';

class Counts {
  requests = 0;
  errors = 0;
  timeouts = 0;
  readonly status = new Map<number, number>();

  snapshot(): LoadCounts {
    const status: Record<string, number> = {};
    for (const code of [...this.status.keys()].sort((a, b) => a - b)) status[String(code)] = this.status.get(code) as number;
    return { requests: this.requests, status, errors: this.errors, timeouts: this.timeouts };
  }
}

interface Pair {
  readonly corrected: Histogram;
  readonly uncorrected: Histogram;
  readonly counts: Counts;
}

const newPair = (): Pair => ({ corrected: createHistogram(), uncorrected: createHistogram(), counts: new Counts() });

export class LoadRecorder {
  /** The planned inter-arrival time per connection in µs; null = flat out. */
  readonly expectedIntervalUs: number | null;
  readonly #now: () => number;
  readonly #total = newPair();
  #current = newPair();
  #startMs: number;

  constructor(expectedIntervalUs: number | null, now: () => number) {
    this.expectedIntervalUs = expectedIntervalUs;
    this.#now = now;
    this.#startMs = now();
  }

  /** One response: its status and latency in ms (fractions kept: recorded in µs). */
  response(status: number, latencyMs: number): void {
    const us = latencyMs * 1000;
    for (const p of [this.#current, this.#total]) {
      recordUs(p.uncorrected, us);
      if (this.expectedIntervalUs === null) recordUs(p.corrected, us);
      else recordCorrected(p.corrected, us, this.expectedIntervalUs);
      p.counts.requests++;
      p.counts.status.set(status, (p.counts.status.get(status) ?? 0) + 1);
    }
  }

  /** A request that got no response. */
  failure(timeout: boolean): void {
    for (const p of [this.#current, this.#total]) {
      if (timeout) p.counts.timeouts++;
      else p.counts.errors++;
    }
  }

  /** True when the open interval holds anything. */
  get pending(): boolean {
    const c = this.#current.counts;
    return c.requests + c.errors + c.timeouts > 0;
  }

  /** Closes the open interval (now) and returns it; the next one starts now. */
  cut(): LoadInterval {
    const endMs = this.#now();
    const p = this.#current;
    const interval: LoadInterval = {
      startMs: this.#startMs,
      lengthMs: Math.max(0, endMs - this.#startMs),
      histogram: encodeHistogram(p.corrected),
      uncorrected: encodeHistogram(p.uncorrected),
      ...p.counts.snapshot(),
    };
    this.#current = newPair();
    this.#startMs = endMs;
    return interval;
  }

  /** Whole-run counts and histograms so far. */
  totals(): LoadCounts & { readonly histogram: string; readonly uncorrected: string } {
    return { ...this.#total.counts.snapshot(), histogram: encodeHistogram(this.#total.corrected), uncorrected: encodeHistogram(this.#total.uncorrected) };
  }
}
