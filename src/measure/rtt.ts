/**
 * Round-trip time to an endpoint, measured with a few pings on a warm
 * connection: the first `warmups` pings open the connection (TCP, TLS) and are
 * dropped, the next `samples` are kept. The minimum is the figure the watcher
 * uses: it is the round trip without queueing or scheduling noise, so half of
 * it is a lower bound of the one-way delay (see one-way-delay.ts). The median
 * is kept beside it to show the jitter.
 */
import { UsageError } from '../errors.ts';
import { throwIfAborted } from '../time/clock.ts';

export interface RttEstimate {
  /** The smallest sampled round trip. */
  readonly minMs: number;
  readonly medianMs: number;
  /** The kept samples, in the order measured. */
  readonly samplesMs: readonly number[];
}

/** One round trip: returns request-sent → response-headers in ms. Any HTTP status counts. */
export type PingFn = (signal?: AbortSignal) => Promise<number>;

export interface MeasureRttOptions {
  /** Kept samples (default 5). */
  readonly samples?: number;
  /** Dropped first pings that warm the connection (default 1). */
  readonly warmups?: number;
  readonly signal?: AbortSignal;
}

export const RTT_DEFAULTS = { samples: 5, warmups: 1 } as const;

/** Pings one after another (never in parallel: that would open more connections). */
export async function measureRtt(ping: PingFn, opts: MeasureRttOptions = {}): Promise<RttEstimate> {
  const samples = opts.samples ?? RTT_DEFAULTS.samples;
  const warmups = opts.warmups ?? RTT_DEFAULTS.warmups;
  if (!Number.isSafeInteger(samples) || samples < 1) throw new UsageError(`RTT samples must be an integer ≥ 1, got ${samples}`);
  if (!Number.isSafeInteger(warmups) || warmups < 0) throw new UsageError(`RTT warmups must be an integer ≥ 0, got ${warmups}`);
  const kept: number[] = [];
  for (let i = 0; i < warmups + samples; i++) {
    throwIfAborted(opts.signal, 'measuring the round-trip time');
    const ms = await ping(opts.signal);
    if (i >= warmups) kept.push(Math.max(0, ms));
  }
  return rttOf(kept);
}

/** Summarises round-trip samples (at least one). */
export function rttOf(samplesMs: readonly number[]): RttEstimate {
  if (samplesMs.length === 0) throw new UsageError('an RTT estimate needs at least one sample');
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { minMs: sorted[0] as number, medianMs, samplesMs: [...samplesMs] };
}

/** A PingFn over anything with RegistryClient's ping() (GET /v2/, anonymous, no retries). */
export function pingLatencyOf(client: { ping(opts?: { signal?: AbortSignal }): Promise<{ readonly latencyMs: number }> }): PingFn {
  return async (signal) => (await client.ping(signal ? { signal } : {})).latencyMs;
}
