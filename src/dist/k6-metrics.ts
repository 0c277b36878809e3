/**
 * The contract between the k6 script `replbench k6 export` writes and
 * `replbench k6 ingest`: custom metric names and tag names. The script records
 * one pull as three samples with the same tags — bytes, then ttfb, then
 * duration — and a failed pull as one error sample; the ingest pairs them back.
 *
 * k6's own http_req_duration / http_req_waiting (TTFB, per k6's docs) are the
 * fallback for a k6 output that has no replbench_* samples (a hand-written
 * script whose requests carry `worker` and `endpoint` tags).
 */
import type { MetricName } from '../metrics.ts';

/** Trend (ms, isTime): a whole pull, manifest and every blob. */
export const K6_PULL_DURATION = 'replbench_pull_duration';
/** Trend (ms, isTime): time to the first byte of the manifest response. */
export const K6_PULL_TTFB = 'replbench_pull_ttfb';
/** Counter (bytes): bytes of one pull. */
export const K6_PULL_BYTES = 'replbench_pull_bytes';
/** Counter: one failed pull (tags `what`: manifest or blob, `status`: the HTTP status, 0 = no response, `k6_error`: k6's error code). */
export const K6_PULL_ERRORS = 'replbench_pull_errors';
/** Counter: iterations skipped in a k6 Cloud load zone that is not the scenario's worker region. */
export const K6_PULL_SKIPPED = 'replbench_pull_skipped';

/** k6 built-in Counter: iterations an executor was due to start and did not (tagged scenario and the scenario's tags: worker). */
export const K6_DROPPED_ITERATIONS = 'dropped_iterations';

/** k6 built-in metrics used as the fallback (values in ms). */
export const K6_HTTP_DURATION = 'http_req_duration';
export const K6_HTTP_WAITING = 'http_req_waiting';

/** Tags the script sets (worker, endpoint per k6 scenario; image and phase per pull). */
export const K6_TAG = {
  worker: 'worker',
  endpoint: 'endpoint',
  image: 'image',
  phase: 'phase',
  status: 'status',
  what: 'what',
  k6Error: 'k6_error',
  scenario: 'scenario',
} as const;

/** k6's error_code for a request that timed out (k6 docs, "Error codes": 1050 request timeout). */
const K6_REQUEST_TIMEOUT = '1050';

/**
 * A failed pull's stable replbench code, as `replbench run` would have logged it:
 * 401/403 E_AUTH, no response E_UNREACHABLE (E_TIMEOUT when k6 says it timed out),
 * a body that is no image E_PROTOCOL, any other status E_REGISTRY.
 */
export function pullFailureCode(status: string, k6Error: string): string {
  if (status === '401' || status === '403') return 'E_AUTH';
  if (status === '0' || status === '') return k6Error === K6_REQUEST_TIMEOUT ? 'E_TIMEOUT' : 'E_UNREACHABLE';
  if (status === 'not-an-image' || status === 'empty-index') return 'E_PROTOCOL';
  return 'E_REGISTRY';
}

/** replbench metrics that have a k6 counterpart, and its name (thresholds are carried over for these). */
export const K6_METRIC_FOR: Readonly<Partial<Record<MetricName, string>>> = {
  pull_duration: K6_PULL_DURATION,
  pull_ttfb: K6_PULL_TTFB,
};
