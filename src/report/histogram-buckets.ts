/**
 * Cumulative bucket counts of a µs histogram at fixed upper bounds, for exporters
 * that want Prometheus-style `le` buckets. Reads the recorded values through
 * hdr-histogram-js' own iterator (the project's histograms are its JS
 * implementation); a value counts in a bucket when the lowest value equivalent to
 * it (at the histogram's 0.1% precision) is at or below the bound.
 */
import * as hdr from 'hdr-histogram-js';
import type { Histogram } from '../stats/histogram-factory.ts';

export interface RecordedValue {
  /** Lowest value equivalent to the recorded ones, µs. */
  readonly valueUs: number;
  readonly count: number;
}

/** Every distinct recorded value (at histogram precision) with its count, ascending. */
export function recordedValues(h: Histogram): RecordedValue[] {
  if (!(h instanceof hdr.JsHistogram)) throw new TypeError('expected a JS histogram from createHistogram()');
  const out: RecordedValue[] = [];
  const it = h.recordedValuesIterator;
  it.reset();
  while (it.hasNext()) {
    const v = it.next();
    out.push({ valueUs: h.lowestEquivalentValue(v.valueIteratedTo), count: v.countAtValueIteratedTo });
  }
  return out;
}

/** For each bound (µs, ascending), how many recorded values are ≤ it. */
export function cumulativeCounts(h: Histogram, boundsUs: readonly number[]): number[] {
  const values = recordedValues(h);
  const counts: number[] = [];
  let i = 0;
  let running = 0;
  for (const bound of boundsUs) {
    while (i < values.length && (values[i] as RecordedValue).valueUs <= bound) running += (values[i++] as RecordedValue).count;
    counts.push(running);
  }
  return counts;
}
