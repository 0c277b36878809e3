/**
 * A Worker in the runner's own process: one registry client per endpoint,
 * each created with the URL the caller gives for (this worker's region, that
 * endpoint) — for the lab, the endpoint's port for this client region, so the
 * link's RTT and bandwidth apply to every request as they would from there.
 */
import { AuthError, UsageError } from '../errors.ts';
import { RegistryError } from '../oci/errors.ts';
import { RegistryClient, type RegistryClientOptions } from '../oci/client.ts';
import type { PullImageResult } from '../oci/pull-image.ts';
import type { Sleep } from '../time/clock.ts';
import { realClock } from '../time/real-clock.ts';
import { EndpointBudget } from './endpoint-budget.ts';
import { blobRedirectOf } from './pull-redirect.ts';
import { PullSeries } from './pull-series.ts';
import { measureRtt, pingLatencyOf, type MeasureRttOptions, type RttEstimate } from './rtt.ts';
import { watchReplication } from './watcher.ts';
import type { Prober, WatchResult } from './watch-types.ts';
import type { PullResult, PullTask, WatchTask, Worker } from './worker.ts';

/** What the worker needs of a client; RegistryClient has it all. */
export interface WorkerClient extends Prober {
  ping(opts?: { signal?: AbortSignal }): Promise<{ readonly latencyMs: number }>;
  pullImage(repo: string, ref: string, opts: { concurrency: number; signal?: AbortSignal }): Promise<PullImageResult>;
  close(): Promise<void>;
}

/** Blobs fetched at once within one pull, unless a task or the worker says otherwise (the k6 export copies it). */
export const DEFAULT_BLOB_CONCURRENCY = 4;

export interface InProcessWorkerOptions {
  readonly region: string;
  /** Endpoint name → base URL as seen from this worker's region. */
  readonly endpoints: Readonly<Record<string, string>>;
  /** Options for every RegistryClient (insecure, credentials, timeouts); endpoint and clock are set here. */
  readonly client?: Omit<RegistryClientOptions, 'endpoint' | 'now'>;
  /** Replaces RegistryClient (tests). */
  readonly createClient?: (url: string, endpoint: string) => WorkerClient;
  readonly now?: () => number;
  readonly sleep?: Sleep;
  readonly rtt?: Omit<MeasureRttOptions, 'signal'>;
  /** Shared probe budget per endpoint for this worker's watches (default: unlimited). */
  readonly probeRatePerSecond?: number;
  /** Blobs at once within one pull when a task does not say (default DEFAULT_BLOB_CONCURRENCY). */
  readonly blobConcurrency?: number;
}

export class InProcessWorker implements Worker {
  readonly region: string;
  readonly #opts: InProcessWorkerOptions;
  readonly #now: () => number;
  readonly #clients = new Map<string, WorkerClient>();
  readonly #budget: EndpointBudget;
  readonly #pulls: PullSeries;

  constructor(opts: InProcessWorkerOptions) {
    this.region = opts.region;
    this.#opts = opts;
    this.#now = opts.now ?? realClock.now;
    if (Object.keys(opts.endpoints).length === 0) throw new UsageError(`worker ${opts.region} has no endpoint`);
    this.#budget = new EndpointBudget({
      measure: (endpoint, signal) => measureRtt(pingLatencyOf(this.client(endpoint)), { ...opts.rtt, ...(signal ? { signal } : {}) }),
      now: this.#now,
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
      ...(opts.probeRatePerSecond !== undefined ? { probeRatePerSecond: opts.probeRatePerSecond } : {}),
    });
    this.#pulls = new PullSeries({
      worker: opts.region,
      now: this.#now,
      statusOf: (err) => (err instanceof RegistryError ? err.status : err instanceof AuthError ? err.status : undefined),
    });
  }

  /** The client for an endpoint, created on first use. */
  client(endpoint: string): WorkerClient {
    let client = this.#clients.get(endpoint);
    if (client !== undefined) return client;
    const url = this.#opts.endpoints[endpoint];
    if (url === undefined) {
      throw new UsageError(`worker ${this.region} has no URL for endpoint "${endpoint}" (known: ${Object.keys(this.#opts.endpoints).join(', ')})`);
    }
    client = this.#opts.createClient?.(url, endpoint) ?? new RegistryClient({ ...this.#opts.client, endpoint: url, now: this.#now });
    this.#clients.set(endpoint, client);
    return client;
  }

  measureRtt(endpoint: string, signal?: AbortSignal): Promise<RttEstimate> {
    return this.#budget.measureRtt(endpoint, signal);
  }

  async pull(task: PullTask, signal?: AbortSignal): Promise<PullResult[]> {
    const client = this.client(task.endpoint);
    return this.#pulls.run(
      task,
      async () => {
        const r = await client.pullImage(task.repo, task.reference, {
          concurrency: task.blobConcurrency ?? this.#opts.blobConcurrency ?? DEFAULT_BLOB_CONCURRENCY,
          ...(signal ? { signal } : {}),
        });
        const redirects = r.blobs.map((b) => blobRedirectOf(b.hops)).filter((x) => x !== undefined);
        return {
          durationMs: r.durationMs,
          ttfbMs: (r.index ?? r.manifest).timing.ttfbMs,
          bytes: r.totalBytes,
          ...(redirects.length > 0 ? { redirects } : {}),
        };
      },
      signal,
    );
  }

  async watch(task: WatchTask, signal?: AbortSignal): Promise<WatchResult> {
    const { endpoint, oneWayDelayMs: given, ...rest } = task;
    const client = this.client(endpoint);
    const owd = await this.#budget.oneWayDelay(endpoint, given, signal);
    const limiter = this.#budget.limiter(endpoint);
    return watchReplication({
      ...rest,
      client,
      oneWayDelayMs: owd,
      now: this.#now,
      ...(this.#opts.sleep ? { sleep: this.#opts.sleep } : {}),
      ...(signal ? { signal } : {}),
      ...(limiter ? { limiter } : {}),
    });
  }

  async close(): Promise<void> {
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.allSettled(clients.map((c) => c.close()));
  }
}
