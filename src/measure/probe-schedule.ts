/**
 * When to probe a replica: pure functions from the previous probe's offset to
 * the next one's. Offsets are evaluation times in ms since the commit point
 * (the watcher sends each probe one one-way delay early).
 *
 * The adaptive schedule follows from the accuracy goal. A probe interval g
 * leaves the arrival bracketed within g, so the error is at most g/2; the goal
 * |error| ≤ 10 ms + 2% of the lag needs g ≤ 20 ms + 4% of the elapsed time.
 * Not all of that is the schedule's: a real bracket also holds the commit
 * window (the manifest PUT's time at the origin), the blobs' round after the
 * manifest's hit and the probes' send lateness — a few ms whatever the lag
 * (~5–8 ms on a loaded 2-core machine: probe traces; BENCHMARKS.md,
 * "Precision under load"). Hence g(t) = floorMs + fraction × t with
 * 14 ms + 3.9%: half of it is 7 ms + 1.95%, which leaves those absolute
 * 3 ms of the goal. (19 ms + 3.9%, which left none, kept 96–97% of samples
 * within the goal at 1000 images × 5 replicas × 50 pushes/s, p99 at
 * 1.2–1.3× the goal; 14 ms + 3.9%: 98.4–98.9%, p99 at 1.0–1.2× on a
 * saturated machine, 24 probes instead of 21. 14 ms + 3%, with proportional headroom too, bought nothing more
 * for 37 instead of 31 probes at 2 s lags.) A cold watch (no prior) costs
 * ln(1 + fraction·L/floor) / fraction probes: about 48 for a 2 s lag, 131 for 60 s.
 *
 * Once a region's recent lags are known (a LagPriorSnapshot), the schedule
 * skips what the prior says is very unlikely: below lowMs (≈ the 0.5% quantile)
 * it probes only at lowMs/2 and lowMs, and between lowMs and highMs the interval
 * stops growing at the median's, which keeps the absolute error of slow
 * outliers as small as that of typical lags. Beyond highMs it grows again, so a
 * stalled replica is not hammered until the timeout. An arrival that does land
 * in the sparse zone is still bracketed, only more widely — and its reported
 * uncertainty says so.
 *
 * The fixed schedule probes every intervalMs from the commit point, for
 * comparison (bench/watch.bench.ts).
 */
import { UsageError } from '../errors.ts';
import type { LagPriorSnapshot } from './lag-prior.ts';

export interface FixedSchedule {
  readonly kind: 'fixed';
  readonly intervalMs: number;
}

export interface AdaptiveSchedule {
  readonly kind: 'adaptive';
  /** Interval at the commit point, and the smallest interval ever. */
  readonly floorMs: number;
  /** Interval growth per ms since the commit point. */
  readonly fraction: number;
  /** The interval never exceeds this. */
  readonly maxIntervalMs: number;
  /** Recent lags of the region; undefined = nothing known (cold). */
  readonly prior?: LagPriorSnapshot;
}

export type ProbeSchedule = FixedSchedule | AdaptiveSchedule;

export const ADAPTIVE_DEFAULTS = { floorMs: 14, fraction: 0.039, maxIntervalMs: 30_000 } as const;

/** The default: adaptive (bench/watch.bench.ts compares it with fixed polling at the same probe budget). */
export const DEFAULT_SCHEDULE: AdaptiveSchedule = { kind: 'adaptive', ...ADAPTIVE_DEFAULTS };

export interface ScheduleState {
  /** Evaluation offset of the previous probe since the commit point; undefined before the first. */
  readonly lastOffsetMs: number | undefined;
}

/** Evaluation offset of the next probe since the commit point. */
export function nextProbeOffsetMs(schedule: ProbeSchedule, lastOffsetMs: number | undefined): number {
  const last = Math.max(0, lastOffsetMs ?? 0);
  if (schedule.kind === 'fixed') return last + schedule.intervalMs;
  const { floorMs, fraction, maxIntervalMs, prior } = schedule;
  if (prior !== undefined && prior.lowMs / 2 >= floorMs && last < prior.lowMs) {
    return last < prior.lowMs / 2 ? prior.lowMs / 2 : prior.lowMs;
  }
  let intervalMs = floorMs + fraction * last;
  if (prior !== undefined && last < prior.highMs) intervalMs = Math.min(intervalMs, floorMs + fraction * prior.medianMs);
  return last + Math.max(floorMs, Math.min(intervalMs, maxIntervalMs));
}

/** Ms from the previous probe's evaluation to the next one's (from the commit point for the first). */
export function nextProbeDelayMs(schedule: ProbeSchedule, state: ScheduleState): number {
  return nextProbeOffsetMs(schedule, state.lastOffsetMs) - Math.max(0, state.lastOffsetMs ?? 0);
}

/** The same schedule with a region's prior (adaptive only; fixed ignores it). */
export function withPrior(schedule: ProbeSchedule, prior: LagPriorSnapshot | undefined): ProbeSchedule {
  if (schedule.kind !== 'adaptive') return schedule;
  const { prior: _old, ...rest } = schedule;
  return prior === undefined ? rest : { ...rest, prior };
}

/** Checks a schedule; UsageError naming the field otherwise. Returns it unchanged. */
export function checkSchedule(schedule: ProbeSchedule): ProbeSchedule {
  const positive = (name: string, v: number): void => {
    if (!Number.isFinite(v) || v <= 0) throw new UsageError(`probe schedule ${name} must be a number > 0 (ms), got ${v}`);
  };
  if (schedule.kind === 'fixed') {
    positive('intervalMs', schedule.intervalMs);
    return schedule;
  }
  positive('floorMs', schedule.floorMs);
  positive('maxIntervalMs', schedule.maxIntervalMs);
  if (!Number.isFinite(schedule.fraction) || schedule.fraction < 0 || schedule.fraction >= 1) {
    throw new UsageError(`probe schedule fraction must be in [0, 1), got ${schedule.fraction}`);
  }
  if (schedule.maxIntervalMs < schedule.floorMs) {
    throw new UsageError(`probe schedule maxIntervalMs (${schedule.maxIntervalMs}) must not be below floorMs (${schedule.floorMs})`);
  }
  return schedule;
}
