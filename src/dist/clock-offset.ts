/**
 * A remote worker's clock offset, NTP-style. The coordinator sends a request
 * at t0 (its clock), the worker stamps its arrival t1 and its reply t2 (the
 * worker's clock), the reply arrives at t3 (coordinator clock):
 *
 *   round trip  δ = (t3 − t0) − (t2 − t1)
 *   offset      θ = ((t1 − t0) + (t2 − t3)) / 2      (worker clock − coordinator clock)
 *
 * Whatever the split of δ between the two directions, the true offset lies
 * within θ ± δ/2. Of several rounds, the sample with the smallest δ has the
 * tightest bound (least queueing), so it is the one kept.
 */
import { AbortedError, UsageError } from '../errors.ts';

export interface TimeSample {
  /** Request sent (coordinator clock, ms). */
  readonly t0: number;
  /** Request received (worker clock, ms). */
  readonly t1: number;
  /** Reply sent (worker clock, ms). */
  readonly t2: number;
  /** Reply received (coordinator clock, ms). */
  readonly t3: number;
}

export interface ClockOffset {
  /** Worker clock − coordinator clock (ms). */
  readonly offsetMs: number;
  /** The true offset lies within offsetMs ± uncertaintyMs: half the kept round trip. */
  readonly uncertaintyMs: number;
  /** The kept sample's round trip, the worker's time excluded (ms). */
  readonly rttMs: number;
  /** Samples taken. */
  readonly rounds: number;
}

/** Offset and round trip of one sample. */
export function offsetOf(s: TimeSample): { readonly offsetMs: number; readonly rttMs: number } {
  const rttMs = Math.max(0, s.t3 - s.t0 - (s.t2 - s.t1));
  return { offsetMs: (s.t1 - s.t0 + (s.t2 - s.t3)) / 2, rttMs };
}

/** The estimate from the sample with the smallest round trip (the first of equals). */
export function bestOffset(samples: readonly TimeSample[]): ClockOffset {
  let best: { offsetMs: number; rttMs: number } | undefined;
  for (const s of samples) {
    const o = offsetOf(s);
    if (best === undefined || o.rttMs < best.rttMs) best = o;
  }
  if (best === undefined) throw new UsageError('a clock offset needs at least one time sample');
  return { offsetMs: best.offsetMs, uncertaintyMs: best.rttMs / 2, rttMs: best.rttMs, rounds: samples.length };
}

export interface EstimateOptions {
  /** Exchanges (default 8). */
  readonly rounds?: number;
  readonly signal?: AbortSignal;
}

export const CLOCK_ROUNDS = 8;

/** Runs `rounds` exchanges one after another and keeps the minimum-round-trip sample. */
export async function estimateClockOffset(exchange: () => Promise<TimeSample>, opts: EstimateOptions = {}): Promise<ClockOffset> {
  const rounds = opts.rounds ?? CLOCK_ROUNDS;
  if (!Number.isSafeInteger(rounds) || rounds < 1) throw new UsageError(`clock offset rounds must be a whole number ≥ 1, got ${rounds}`);
  const samples: TimeSample[] = [];
  for (let i = 0; i < rounds; i++) {
    if (opts.signal?.aborted) throw new AbortedError('the clock offset exchange was aborted');
    samples.push(await exchange());
  }
  return bestOffset(samples);
}

/** A time on the worker's clock, on the coordinator's. */
export function toCoordinatorMs(workerMs: number, offset: Pick<ClockOffset, 'offsetMs'>): number {
  return workerMs - offset.offsetMs;
}

/** A time on the coordinator's clock, on the worker's. */
export function toWorkerMs(coordinatorMs: number, offset: Pick<ClockOffset, 'offsetMs'>): number {
  return coordinatorMs + offset.offsetMs;
}
