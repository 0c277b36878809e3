/**
 * Replication lag models for one region pair: constant, uniform between two
 * bounds, or lognormal given its median and 99th percentile (the way people
 * describe observed lag). Samples come from an injected seeded generator.
 */
import type { SeededRandom } from '../random.ts';
import { normalQuantile, Z_P99 } from '../stats/normal-quantile.ts';
import { formatDurationMs } from '../units.ts';

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

export function createLagModel(spec: LagSpec, prng: SeededRandom): LagModel {
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
