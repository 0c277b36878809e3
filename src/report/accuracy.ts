/**
 * The watcher's accuracy against the lab's ground truth: absolute error of each
 * measured lag (|measured − true|), by exact nearest-rank percentiles, and the mean
 * number of probes each of those replications took.
 */
import { quantileOfSorted, sortedCopy } from '../stats/exact-quantile.ts';
import { usToMs } from '../stats/percentiles.ts';
import type { Accuracy } from './report.ts';

export interface TruthSample {
  readonly valueUs: number;
  readonly truthUs: number;
  readonly probes: number;
}

/** Undefined when there is no sample with ground truth. */
export function accuracyOf(samples: readonly TruthSample[]): Accuracy | undefined {
  if (samples.length === 0) return undefined;
  const errors = sortedCopy(samples.map((s) => Math.abs(s.valueUs - s.truthUs)));
  const probes = samples.reduce((sum, s) => sum + s.probes, 0);
  return {
    samples: samples.length,
    absErrMsP50: usToMs(quantileOfSorted(errors, 50) ?? 0),
    absErrMsP99: usToMs(quantileOfSorted(errors, 99) ?? 0),
    absErrMsMax: usToMs(errors[errors.length - 1] ?? 0),
    meanProbes: Math.round((probes / samples.length) * 100) / 100,
  };
}
