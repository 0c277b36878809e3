/**
 * What earlier replications to a region say about the next one. Replication
 * lags are continuous and roughly lognormal, so a log-normal fit of the recent
 * lags predicts where the next arrival will fall: below `lowMs` only rarely
 * (≈ 0.5% with the default z, widened for small samples with a Student-t
 * prediction interval), around `medianMs` typically, above `highMs` rarely.
 * The adaptive probe schedule spends few probes below lowMs and keeps its
 * interval near the median's above it (see probe-schedule.ts).
 *
 * lowMs is also never above the smallest precisely measured lag: a sample
 * below the fit's bound means the distribution is not lognormal-shaped there.
 * Imprecise samples (uncertainty above 10 ms + 5% of the lag: arrivals in the
 * schedule's sparse zone) do not lower it, or each would shrink the sparse zone
 * for good on the strength of a wide bracket's midpoint.
 */
import { UsageError } from '../errors.ts';

export interface LagPriorSnapshot {
  readonly lowMs: number;
  readonly medianMs: number;
  readonly highMs: number;
  /** How many lags the fit used. */
  readonly samples: number;
}

export interface LagPriorOptions {
  /** Most recent lags kept (default 200). */
  readonly window?: number;
  /** No prior below this many lags (default 5). */
  readonly minSamples?: number;
  /** Standard-normal quantile of lowMs/highMs (default 2.576: 0.5% / 99.5%). */
  readonly z?: number;
}

export const LAG_PRIOR_DEFAULTS = { window: 200, minSamples: 5, z: 2.576 } as const;

const MIN_LAG_MS = 0.001;

/** A measured lag; a plain number is a precise one. */
export type LagObservation = number | { readonly lagMs: number; readonly uncertaintyMs: number };

/** Precise enough to bound the lower tail: uncertainty ≤ 10 ms + 5% of the lag. */
export function isPrecise(o: LagObservation): boolean {
  return typeof o === 'number' || o.uncertaintyMs <= 10 + 0.05 * o.lagMs;
}

/** Fits the prior to measured lags (ms); undefined when there are fewer than minSamples. */
export function fitLagPrior(observations: readonly LagObservation[], opts: LagPriorOptions = {}): LagPriorSnapshot | undefined {
  const minSamples = Math.max(2, opts.minSamples ?? LAG_PRIOR_DEFAULTS.minSamples);
  const z = opts.z ?? LAG_PRIOR_DEFAULTS.z;
  const n = observations.length;
  if (n < minSamples) return undefined;
  const lagsMs = observations.map((o) => (typeof o === 'number' ? o : o.lagMs));
  const logs = lagsMs.map((l) => Math.log(Math.max(MIN_LAG_MS, l)));
  const mean = logs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const spread = studentT(z, n - 1) * sd * Math.sqrt(1 + 1 / n);
  const smallestPreciseMs = Math.min(...lagsMs.filter((_l, i) => isPrecise(observations[i] as LagObservation)));
  return {
    lowMs: Math.max(0, Math.min(Math.exp(mean - spread), smallestPreciseMs)),
    medianMs: Math.exp(mean),
    highMs: Math.exp(mean + spread),
    samples: n,
  };
}

/** Student-t quantile from the normal one (Cornish–Fisher, two terms); accurate to a few % for ν ≥ 4. */
export function studentT(z: number, dof: number): number {
  if (!(dof > 0)) return Number.POSITIVE_INFINITY;
  const z3 = z ** 3;
  const z5 = z ** 5;
  return z + (z3 + z) / (4 * dof) + (5 * z5 + 16 * z3 + 3 * z) / (96 * dof * dof);
}

/** A sliding window of one region's replicated lags. */
export class LagPrior {
  readonly window: number;
  readonly minSamples: number;
  readonly z: number;
  readonly #observations: LagObservation[] = [];

  constructor(opts: LagPriorOptions = {}) {
    this.window = opts.window ?? LAG_PRIOR_DEFAULTS.window;
    this.minSamples = opts.minSamples ?? LAG_PRIOR_DEFAULTS.minSamples;
    this.z = opts.z ?? LAG_PRIOR_DEFAULTS.z;
    if (!Number.isSafeInteger(this.window) || this.window < 2) throw new UsageError(`lag prior window must be an integer ≥ 2, got ${this.window}`);
    if (!(this.z > 0)) throw new UsageError(`lag prior z must be > 0, got ${this.z}`);
  }

  get count(): number {
    return this.#observations.length;
  }

  /** Adds a replicated lag and its uncertainty (non-finite lags are ignored). */
  observe(lagMs: number, uncertaintyMs = 0): void {
    if (!Number.isFinite(lagMs)) return;
    this.#observations.push({ lagMs, uncertaintyMs });
    if (this.#observations.length > this.window) this.#observations.shift();
  }

  snapshot(): LagPriorSnapshot | undefined {
    return fitLagPrior(this.#observations, { minSamples: this.minSamples, z: this.z });
  }
}
