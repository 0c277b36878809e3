/**
 * The load phase's plain data: what a worker is asked to drive (a LoadTask),
 * what it streams back while it runs (LoadInterval, every second by default)
 * and what it reports at the end (LoadTotals). Histograms travel as
 * compressed base64 (stats/histogram-factory.ts) in µs, so a task can run in
 * this process or on a remote worker and be merged exactly either way.
 */

export const LOAD_KINDS = ['manifest-head', 'manifest-get', 'token-get', 'blob-get'] as const;
/** manifest HEAD / GET by digest, a token GET at the registry's realm, a small-blob (image config) GET. */
export type LoadKind = (typeof LOAD_KINDS)[number];

/** The artifact the requests name: an image pullable at the endpoint. */
export interface LoadTarget {
  readonly repo: string;
  /** Manifest digest (manifest-head, manifest-get). */
  readonly manifestDigest: string;
  /** A small blob of the image, its config (blob-get). */
  readonly blobDigest: string;
}

export interface LoadTask {
  /** Endpoint name: the region whose registry is loaded. */
  readonly endpoint: string;
  readonly kind: LoadKind;
  readonly target: LoadTarget;
  /** Requests per second over all connections; null = flat out (closed loop). */
  readonly ratePerSec: number | null;
  readonly connections: number;
  /** How long the load runs. */
  readonly durationMs: number;
  /** Length of the streamed intervals (default 1000 ms). */
  readonly intervalMs?: number;
}

/** Counts of one interval or of a whole series. */
export interface LoadCounts {
  /** Responses received. */
  readonly requests: number;
  /** Responses by HTTP status code ("200": n). */
  readonly status: Readonly<Record<string, number>>;
  /** Requests that got no response: connection errors, and timeouts. */
  readonly errors: number;
  readonly timeouts: number;
}

/** Latencies of the responses that arrived within one interval. */
export interface LoadInterval extends LoadCounts {
  /** Interval start on the clock of whoever ran the load (ms). */
  readonly startMs: number;
  readonly lengthMs: number;
  /** Corrected for coordinated omission (µs, compressed base64). */
  readonly histogram: string;
  /** As measured (µs, compressed base64). */
  readonly uncorrected: string;
}

/** A finished series: totals, and whole-run histograms (the sum of its intervals). */
export interface LoadTotals extends LoadCounts {
  readonly endpoint: string;
  readonly kind: LoadKind;
  readonly connections: number;
  readonly ratePerSec: number | null;
  /** First request to the end of the load (ms). */
  readonly durationMs: number;
  /** The planned inter-arrival time per connection (µs); null when flat out. */
  readonly expectedIntervalUs: number | null;
  readonly histogram: string;
  readonly uncorrected: string;
}

export interface LoadRunOptions {
  readonly signal?: AbortSignal;
  /** Each interval as it closes (the last one too, before the promise resolves). */
  readonly onInterval?: (interval: LoadInterval) => void;
}

/** Something that drives load from one region: in this process, or a remote worker. */
export interface LoadWorker {
  readonly region: string;
  load(task: LoadTask, opts?: LoadRunOptions): Promise<LoadTotals>;
}

/** The planned inter-arrival time per connection in µs: connections / rate; null when flat out. */
export function expectedIntervalUs(ratePerSec: number | null, connections: number): number | null {
  if (ratePerSec === null || !(ratePerSec > 0)) return null;
  return Math.round((1e6 * Math.max(1, connections)) / ratePerSec);
}
