/**
 * The one place histogram settings live. Every latency replbench records is in
 * microseconds (hdr-histogram-js keeps integers only), from 1 µs to 1 hour, at 3
 * significant digits (0.1% resolution). Displayed values are divided by 1000 (ms).
 *
 * Implementation: the plain JS histogram with 32-bit counts, not the WebAssembly one.
 * Our volumes are thousands to a few hundred thousand samples per run, where the JS
 * version records in well under a millisecond per thousand; WebAssembly histograms
 * need an init step and an explicit destroy() per instance (leaks otherwise), which
 * is a poor trade for a fold that builds and drops histograms freely.
 */
import * as hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

export type { Histogram };

/** Lowest discernible value: 1 µs. */
export const LOWEST_US = 1;
/** Highest trackable value: one hour in µs. Larger values are clamped (see recordUs). */
export const HIGHEST_US = 3_600_000_000;
/** Significant decimal digits kept: 3 → values are exact to within 0.1%. */
export const SIGNIFICANT_DIGITS = 3;
/** Recorded values are µs; reports show ms. */
export const US_PER_MS = 1000;

/** A new empty histogram with the project's settings (fixed range, no auto-resize). */
export function createHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: LOWEST_US,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    useWebAssembly: false,
  });
}

/** Round to whole µs and clamp into [0, HIGHEST_US]; the event log keeps the raw value. */
export function clampUs(valueUs: number): number {
  if (!Number.isFinite(valueUs) || valueUs <= 0) return 0;
  return Math.min(Math.round(valueUs), HIGHEST_US);
}

/** Record one value in µs (rounded, clamped; a negative value records 0). */
export function recordUs(h: Histogram, valueUs: number): void {
  h.recordValue(clampUs(valueUs));
}

/**
 * Record one value with coordinated-omission correction: when the value exceeds the
 * expected interval between samples (the planned inter-arrival time, µs), the
 * requests that should have been sent meanwhile are added as synthetic samples
 * value − interval, value − 2·interval, … down to the interval itself.
 * An interval ≤ 0 records the value alone.
 */
export function recordCorrected(h: Histogram, valueUs: number, expectedIntervalUs: number): void {
  const interval = Number.isFinite(expectedIntervalUs) ? Math.max(0, Math.round(expectedIntervalUs)) : 0;
  h.recordValueWithExpectedInterval(clampUs(valueUs), interval);
}

/** A histogram as compressed base64 (the V2 encoding every HdrHistogram port reads). */
export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

/** The inverse of encodeHistogram, into a histogram with the project's settings. */
export function decodeHistogram(base64: string): Histogram {
  const h = createHistogram();
  addEncoded(h, base64);
  return h;
}

/**
 * Add an encoded histogram's values into `into`. The decoded copy is dropped at
 * once: a fold over thousands of per-second records (health, hlog intervals)
 * then holds one histogram per series, not one per record (each is ~94 KB).
 */
export function addEncoded(into: Histogram, base64: string): void {
  const decoded = hdr.decodeFromCompressedBase64(base64, 32, false);
  into.add(decoded);
  decoded.destroy();
}

/** A new histogram holding every value of every encoded input. */
export function mergeEncoded(encoded: Iterable<string>): Histogram {
  const merged = createHistogram();
  for (const e of encoded) addEncoded(merged, e);
  return merged;
}

/** A new histogram holding every value of every input (inputs are left as they are). */
export function mergeHistograms(histograms: Iterable<Histogram>): Histogram {
  const merged = createHistogram();
  for (const h of histograms) merged.add(h);
  return merged;
}
