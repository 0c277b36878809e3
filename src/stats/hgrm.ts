/**
 * The HdrHistogram percentile-distribution text (`.hgrm`), the format the
 * HdrHistogram plotter and the Java/Go/Rust tools read: columns Value, Percentile,
 * TotalCount, 1/(1-Percentile), then `#[Mean …]`, `#[Max …]`, `#[Buckets …]`.
 * Histograms hold µs; the file shows ms (scaling ratio 1000).
 */
import type { Histogram } from './histogram-factory.ts';
import { US_PER_MS } from './histogram-factory.ts';

/** Percentile reporting ticks per half distance, as the reference tools use. */
export const HGRM_TICKS_PER_HALF_DISTANCE = 5;

/** The .hgrm text of a µs histogram, values in ms. */
export function renderHgrm(h: Histogram): string {
  return h.outputPercentileDistribution(HGRM_TICKS_PER_HALF_DISTANCE, US_PER_MS);
}
