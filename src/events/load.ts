/**
 * Records of a load phase (src/measure/load-run.ts): one per interval of each
 * series, as compressed-base64 HDR histograms in µs, and one at its end.
 */
import { z } from 'zod';
import { count, nonNeg, statusCounts, str, type Frozen } from './fields.ts';

const loadLabels = z.object({ worker: str, endpoint: str, kind: str });
/** Labels of a load series: which worker drove which request kind against which endpoint. */
export type LoadLabels = Frozen<z.infer<typeof loadLabels>>;

/**
 * One interval of a load series: the latencies of the responses that arrived
 * in it. `histogram` is corrected for coordinated omission
 * (expectedIntervalUs, the planned inter-arrival time per connection);
 * `uncorrected` is not. Flat-out load has no plan: both hold the same values
 * and expectedIntervalUs is absent.
 */
export const loadSchema = z.object({
  type: z.literal('load'),
  t: nonNeg,
  labels: loadLabels,
  /** Interval start, µs since the run started. */
  startUs: nonNeg,
  lengthUs: nonNeg,
  histogram: str,
  uncorrected: str,
  /** Responses in the interval. */
  requests: count,
  /** Responses by HTTP status ("200": n). */
  status: statusCounts,
  /** Connection errors and timeouts (no response). */
  errors: count,
  timeouts: count,
  expectedIntervalUs: nonNeg.optional(),
});
export type LoadEvent = Frozen<z.infer<typeof loadSchema>>;

/** A load series is over: its totals as the worker counted them (whole-run histograms included, for checking the intervals). */
export const loadEndSchema = z.object({
  type: z.literal('load-end'),
  t: nonNeg,
  labels: loadLabels,
  durationUs: nonNeg,
  connections: count,
  /** null = flat out. */
  ratePerSec: nonNeg.nullable(),
  requests: count,
  status: statusCounts,
  errors: count,
  timeouts: count,
  histogram: str,
  uncorrected: str,
});
export type LoadEndEvent = Frozen<z.infer<typeof loadEndSchema>>;
