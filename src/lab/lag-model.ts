/**
 * Replication lag models for one region pair: constant, uniform between two
 * bounds, or lognormal given its median and 99th percentile (the way people
 * describe observed lag). Samples come from an injected seeded generator.
 */
import { formatDurationMs } from '../units.ts';
import type { Prng } from './prng.ts';

export type LagSpec =
  | { readonly model: 'constant'; readonly lagMs: number }
  | { readonly model: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly model: 'lognormal'; readonly medianMs: number; readonly p99Ms: number };

export interface LagModel {
  readonly spec: LagSpec;
  /** One lag sample in ms (≥ 0). */
  sample(): number;
  /** The model's exact quantile q ∈ (0, 1), for tests and reports. */
  quantile(q: number): number;
}

/** z such that Φ(z) = 0.99. */
export const Z_P99 = 2.3263478740408408;

export function createLagModel(spec: LagSpec, prng: Prng): LagModel {
  switch (spec.model) {
    case 'constant':
      return { spec, sample: () => spec.lagMs, quantile: () => spec.lagMs };
    case 'uniform': {
      const width = spec.maxMs - spec.minMs;
      return {
        spec,
        sample: () => spec.minMs + prng.next() * width,
        quantile: (q) => spec.minMs + q * width,
      };
    }
    case 'lognormal': {
      const mu = Math.log(spec.medianMs);
      const sigma = (Math.log(spec.p99Ms) - mu) / Z_P99;
      return {
        spec,
        sample: () => Math.exp(mu + sigma * prng.normal()),
        quantile: (q) => Math.exp(mu + sigma * normalQuantile(q)),
      };
    }
  }
}

export function describeLag(spec: LagSpec): string {
  switch (spec.model) {
    case 'constant':
      return `constant ${formatDurationMs(spec.lagMs)}`;
    case 'uniform':
      return `uniform ${formatDurationMs(spec.minMs)}–${formatDurationMs(spec.maxMs)}`;
    case 'lognormal':
      return `lognormal median ${formatDurationMs(spec.medianMs)}, p99 ${formatDurationMs(spec.p99Ms)}`;
  }
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(q: number): number {
  if (q <= 0) return -Infinity;
  if (q >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (q < low) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (((((c0 * r + c1) * r + c2) * r + c3) * r + c4) * r + c5) / ((((d0 * r + d1) * r + d2) * r + d3) * r + 1);
  }
  if (q > 1 - low) {
    const r = Math.sqrt(-2 * Math.log(1 - q));
    return -(((((c0 * r + c1) * r + c2) * r + c3) * r + c4) * r + c5) / ((((d0 * r + d1) * r + d2) * r + d3) * r + 1);
  }
  const s = q - 0.5;
  const r = s * s;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * s) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}
