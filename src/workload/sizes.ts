/**
 * Layer size distributions, written with units as in a scenario:
 *
 *   "64MiB"                                          fixed (bare size string or number of bytes)
 *   { kind: fixed,     size: 64MiB }
 *   { kind: uniform,   min: 1MiB, max: 64MiB }        every integer in [min, max] equally likely
 *   { kind: lognormal, median: 8MiB, p99: 256MiB }   heavy right tail, like real registries
 *   { kind: lognormal, median: 8MiB, p99: 256MiB, max: 1GiB }   … with samples capped at max
 *
 * Every size is at most LIMITS.layerSizeBytes (64 GiB); a lognormal without a
 * `max` caps its samples there.
 *
 * `resolveSizeDistribution` validates once and converts to bytes (and, for the
 * lognormal, to mu and sigma); `sampleSize` then draws integers ≥ 1.
 */
import { ConfigError } from '../errors.ts';
import { LIMITS, limitText } from '../limits.ts';
import { Z_P99 } from '../stats/normal-quantile.ts';
import { parseBytes } from '../units.ts';
import type { Prng } from './prng.ts';

type SizeText = string | number;

export type SizeSpec =
  | SizeText
  | { readonly kind: 'fixed'; readonly size: SizeText }
  | { readonly kind: 'uniform'; readonly min: SizeText; readonly max: SizeText }
  | { readonly kind: 'lognormal'; readonly median: SizeText; readonly p99: SizeText; readonly max?: SizeText };

export type SizeDistribution =
  | { readonly kind: 'fixed'; readonly sizeBytes: number }
  | { readonly kind: 'uniform'; readonly minBytes: number; readonly maxBytes: number }
  | {
      readonly kind: 'lognormal';
      readonly medianBytes: number;
      readonly p99Bytes: number;
      /** Samples above this are capped to it; the layer size limit (LIMITS.layerSizeBytes) when no `max` was given. */
      readonly maxBytes: number;
      /** ln(median) */
      readonly mu: number;
      /** (ln(p99) − ln(median)) / z(0.99) */
      readonly sigma: number;
    };

const ALLOWED_KEYS: Record<string, readonly string[]> = {
  fixed: ['kind', 'size'],
  uniform: ['kind', 'min', 'max'],
  lognormal: ['kind', 'median', 'p99', 'max'],
};

/**
 * Validates a size spec and converts it to bytes. `path` names the field in
 * error messages (e.g. "workload.layerSize"). Throws ConfigError.
 */
export function resolveSizeDistribution(spec: SizeSpec, path = 'size'): SizeDistribution {
  if (typeof spec === 'string' || typeof spec === 'number') {
    return { kind: 'fixed', sizeBytes: positiveBytes(spec, path) };
  }
  if (spec === null || typeof spec !== 'object') {
    throw new ConfigError(`${path}: expected a size such as "64MiB" or an object with a kind, found ${describe(spec)}`);
  }
  const kind: unknown = (spec as { kind?: unknown }).kind;
  const allowed = typeof kind === 'string' ? ALLOWED_KEYS[kind] : undefined;
  if (allowed === undefined) {
    throw new ConfigError(`${path}.kind: expected "fixed", "uniform" or "lognormal", found ${describe(kind)}`);
  }
  for (const key of Object.keys(spec)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(`${path}.${key}: unknown field for a ${String(kind)} size (allowed: ${allowed.join(', ')})`);
    }
  }
  switch (spec.kind) {
    case 'fixed':
      return { kind: 'fixed', sizeBytes: positiveBytes(spec.size, `${path}.size`) };
    case 'uniform': {
      const minBytes = positiveBytes(spec.min, `${path}.min`);
      const maxBytes = positiveBytes(spec.max, `${path}.max`);
      if (minBytes > maxBytes) {
        throw new ConfigError(`${path}: min (${String(spec.min)}) must not exceed max (${String(spec.max)})`);
      }
      return { kind: 'uniform', minBytes, maxBytes };
    }
    case 'lognormal': {
      const medianBytes = positiveBytes(spec.median, `${path}.median`);
      const p99Bytes = positiveBytes(spec.p99, `${path}.p99`);
      if (p99Bytes < medianBytes) {
        throw new ConfigError(`${path}: p99 (${String(spec.p99)}) must not be below median (${String(spec.median)})`);
      }
      let maxBytes: number = LIMITS.layerSizeBytes;
      if (spec.max !== undefined) {
        maxBytes = positiveBytes(spec.max, `${path}.max`);
        if (maxBytes < p99Bytes) {
          throw new ConfigError(`${path}: max (${String(spec.max)}) must not be below p99 (${String(spec.p99)})`);
        }
      }
      const mu = Math.log(medianBytes);
      const sigma = (Math.log(p99Bytes) - mu) / Z_P99;
      return { kind: 'lognormal', medianBytes, p99Bytes, maxBytes, mu, sigma };
    }
  }
}

/** Draws one size in whole bytes (≥ 1) from a resolved distribution. */
export function sampleSize(dist: SizeDistribution, prng: Prng): number {
  switch (dist.kind) {
    case 'fixed':
      return dist.sizeBytes;
    case 'uniform':
      return prng.int(dist.minBytes, dist.maxBytes);
    case 'lognormal': {
      const bytes = Math.round(Math.exp(dist.mu + dist.sigma * prng.normal()));
      return Math.min(dist.maxBytes, Math.max(1, bytes));
    }
  }
}

function positiveBytes(text: unknown, path: string): number {
  if (typeof text !== 'string' && typeof text !== 'number') {
    throw new ConfigError(`${path}: expected a size such as "64MiB", found ${describe(text)}`);
  }
  let bytes: number;
  try {
    bytes = parseBytes(text);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${path}: ${err.message}`, { cause: err });
    throw err;
  }
  if (bytes < 1) throw new ConfigError(`${path}: expected a size of at least 1 byte, found "${String(text)}"`);
  if (bytes > LIMITS.layerSizeBytes) {
    throw new ConfigError(`${path}: expected a layer size of at most ${limitText('layerSizeBytes')} (replbench's limit), found "${String(text)}"`);
  }
  return bytes;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
  return typeof value === 'symbol' || typeof value === 'function' ? typeof value : String(value as number | boolean | bigint);
}
