/**
 * The worker seam: a worker measures from one region — pulls and replication
 * watches against any endpoint, through the URLs it has for them. The runner
 * only talks to this interface; in-process-worker.ts implements it in the
 * runner's process, and a remote worker (another machine) implements the same
 * over a protocol. Tasks and results are plain data so they can travel.
 */
import type { BlobRedirect } from './pull-redirect.ts';
import type { RttEstimate } from './rtt.ts';
import type { WatchOptions, WatchResult } from './watch-types.ts';

export type PullPhase = 'cold' | 'warm';

export interface PullTask {
  /** Endpoint name (the region the registry serves). */
  readonly endpoint: string;
  /** Image label for reports. */
  readonly image: string;
  readonly repo: string;
  /** Tag or digest. */
  readonly reference: string;
  /** Pulls one after another (default 1). The worker labels the first it ever makes of this image from this endpoint 'cold'. */
  readonly pulls?: number;
  /** Blobs downloaded at once within one pull (default 4). */
  readonly blobConcurrency?: number;
}

interface PullLabels {
  readonly worker: string;
  readonly endpoint: string;
  readonly image: string;
  readonly phase: PullPhase;
  /** When the pull started, on the worker's clock. */
  readonly startedAtMs: number;
}

/** One full pull: manifest (index first if any) and every blob, each verified. */
export interface PullSample extends PullLabels {
  readonly outcome: 'pulled';
  /** First request sent → last blob byte. */
  readonly durationMs: number;
  /**
   * Time to first byte of the pull: first request sent → first body byte of
   * the first manifest response (the index, for a multi-platform image).
   * Network- and registry-latency bound; includes a token round trip when the
   * worker's client had no token yet.
   */
  readonly ttfbMs: number;
  /** Manifest(s) and blobs, as received. */
  readonly bytes: number;
  /** Blobs the registry redirected (to object storage, a data endpoint): each one's hops timed apart (pull_redirect). */
  readonly redirects?: readonly BlobRedirect[];
}

export interface PullFailure extends PullLabels {
  readonly outcome: 'failed';
  /** The error's stable code (E_REGISTRY, E_TIMEOUT, …). */
  readonly code: string;
  readonly message: string;
  /** HTTP status of the answer that failed it, when there was one (429: throttled). */
  readonly status?: number;
}

export type PullResult = PullSample | PullFailure;

/**
 * A watch as a worker receives it. commitAtMs is on the worker's clock (the
 * runner's own for an in-process worker); oneWayDelayMs defaults to half the
 * worker's measured minimum RTT to the endpoint.
 */
export interface WatchTask extends Omit<WatchOptions, 'client' | 'now' | 'sleep' | 'signal' | 'limiter' | 'oneWayDelayMs'> {
  readonly endpoint: string;
  readonly oneWayDelayMs?: number;
}

export interface Worker {
  readonly region: string;
  /** Measures (and remembers, for watches) the RTT to an endpoint. */
  measureRtt(endpoint: string, signal?: AbortSignal): Promise<RttEstimate>;
  /** Pull failures are results; on abort, the pulls finished so far are returned. */
  pull(task: PullTask, signal?: AbortSignal): Promise<PullResult[]>;
  watch(task: WatchTask, signal?: AbortSignal): Promise<WatchResult>;
  close(): Promise<void>;
}
