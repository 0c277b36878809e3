/**
 * Units as people write them in scenarios and flags: sizes ("512KiB", "64MiB",
 * "1.5GB"), durations ("250ms", "2s", "5m", "1h30m") and rates ("20/s", "5/m").
 * Parsers throw ConfigError with the text they could not read; callers add the
 * field path.
 */
import { ConfigError } from './errors.ts';

const SIZE_FACTORS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

const SIZE_RE = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;

/**
 * The written forms the parsers below accept, as JSON Schema patterns (ECMA
 * regex, valid with the `u` flag) for editors: the same grammar, so a file the
 * schema passes parses, and one it flags would be refused (test/units.test.ts).
 */
export const SIZE_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*([bB]|[kKmMgGtT][iI]?[bB])?\\s*$';
export const DURATION_PATTERN = '^\\s*(\\d+(\\.\\d+)?|(\\d+(\\.\\d+)?(us|µs|ms|s|m|h))+)\\s*$';
export const RATE_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*/\\s*(ms|s|m|h)\\s*$';

/** "64MiB" → 67108864. A bare number is bytes. Fractions round to whole bytes. */
export function parseBytes(text: string | number): number {
  if (typeof text === 'number') return checkWhole(text, String(text), 'a size');
  const m = SIZE_RE.exec(text);
  const unit = (m?.[2] ?? '').toLowerCase() || 'b';
  const factor = SIZE_FACTORS[unit];
  if (!m || factor === undefined) {
    throw new ConfigError(`expected a size such as "512KiB" or "64MiB", found "${text}"`);
  }
  return checkWhole(Math.round(Number(m[1]) * factor), text, 'a size');
}

const DURATION_FACTORS_MS: Record<string, number> = {
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1e3,
  m: 60e3,
  h: 3600e3,
};

const DURATION_PART_RE = /(\d+(?:\.\d+)?)(us|µs|ms|s|m|h)/gy;

/** "1h30m" → 5400000, "250ms" → 250, "2.5s" → 2500. A bare number is milliseconds. */
export function parseDurationMs(text: string | number): number {
  if (typeof text === 'number') return checkNonNegative(text, String(text), 'a duration');
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  DURATION_PART_RE.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let m = DURATION_PART_RE.exec(s); m; m = DURATION_PART_RE.exec(s)) {
    total += Number(m[1]) * (DURATION_FACTORS_MS[m[2] as string] ?? NaN);
    consumed = DURATION_PART_RE.lastIndex;
  }
  if (consumed === 0 || consumed !== s.length || !Number.isFinite(total)) {
    throw new ConfigError(`expected a duration such as "250ms", "2s" or "5m", found "${text}"`);
  }
  return total;
}

const RATE_RE = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(ms|s|m|h)\s*$/;
const RATE_PER_S: Record<string, number> = { ms: 1000, s: 1, m: 1 / 60, h: 1 / 3600 };

/** "20/s" → 20, "5/m" → 0.0833… (events per second). */
export function parseRatePerSecond(text: string | number): number {
  if (typeof text === 'number') return checkNonNegative(text, String(text), 'a rate');
  const m = RATE_RE.exec(text);
  if (!m) throw new ConfigError(`expected a rate such as "20/s" or "5/m", found "${text}"`);
  return Number(m[1]) * (RATE_PER_S[m[2] as string] ?? NaN);
}

/** 67108864 → "64MiB"; 1500 → "1.46KiB". Binary units, at most two decimals. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  const text = Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/\.?0+$/, '');
  return `${text}${units[i]}`;
}

/** 1234.5 → "1.23s", 12.3 → "12.3ms", 0.25 → "250µs". */
export function formatDurationMs(ms: number): string {
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(2).replace(/\.?0+$/, '')}m`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2).replace(/\.?0+$/, '')}s`;
  if (ms >= 1) return `${ms.toFixed(1).replace(/\.0$/, '')}ms`;
  return `${Math.round(ms * 1000)}µs`;
}

function checkWhole(n: number, text: string, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new ConfigError(`expected ${what} in whole bytes, found "${text}"`);
  return n;
}

function checkNonNegative(n: number, text: string, what: string): number {
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`expected ${what} ≥ 0, found "${text}"`);
  return n;
}

/** parseBandwidth's written form: a size (SIZE_PATTERN's grammar) per second. */
export const BANDWIDTH_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*([bB]|[kKmMgGtT][iI]?[bB])?\\s*/\\s*s\\s*$';

/** A bandwidth in bytes per second: "50MiB/s", "1GB/s", or a bare number of bytes per second. */
export function parseBandwidth(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text <= 0) throw new ConfigError(`expected a bandwidth > 0, found "${text}"`);
    return text;
  }
  const m = /^\s*(.+?)\s*\/\s*s\s*$/.exec(text);
  let bytes: number;
  try {
    bytes = parseBytes(m?.[1] ?? '');
  } catch {
    bytes = NaN;
  }
  if (!m || !(bytes > 0)) throw new ConfigError(`expected a bandwidth such as "50MiB/s" or "1GB/s", found "${text}"`);
  return bytes;
}
