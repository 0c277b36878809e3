/**
 * A Worker (src/measure/worker.ts) for Blob storage: the runner's watch and
 * pull phases drive it exactly as they drive a registry worker.
 *
 * - measureRtt: Get Container Properties round trips to the endpoint's container;
 * - watch: the replication watcher (adaptive probes, brackets, one-way-delay
 *   correction) over Get Blob Properties of the image's blob — one object, so
 *   the "manifest" probe is the whole check and there are no separate blobs;
 * - pull: Get Blob of the whole blob, hashed and verified; the first pull of
 *   a blob from an endpoint is cold, later ones warm.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { UsageError } from '../errors.ts';
import { realClock } from '../time/real-clock.ts';
import { EndpointBudget } from '../measure/endpoint-budget.ts';
import { PullSeries } from '../measure/pull-series.ts';
import { measureRtt, type RttEstimate } from '../measure/rtt.ts';
import { watchReplication } from '../measure/watcher.ts';
import type { Prober, WatchResult } from '../measure/watch-types.ts';
import type { PullResult, PullTask, WatchTask, Worker } from '../measure/worker.ts';
import type { ProbeResult } from '../oci/probe.ts';
import { blobError, downloadBlob, probeBlob } from './blob-ops.ts';
import type { BlobNames } from './blob-names.ts';

export interface BlobWorkerOptions {
  readonly region: string;
  /** The endpoint region's container as this worker reaches it. */
  readonly container: (endpoint: string) => ContainerClient;
  /** The same without retries (probes). */
  readonly probeContainer: (endpoint: string) => ContainerClient;
  readonly names: BlobNames;
  readonly now?: () => number;
  readonly probeRatePerSecond?: number;
}

export class BlobWorker implements Worker {
  readonly region: string;
  readonly #o: BlobWorkerOptions;
  readonly #now: () => number;
  readonly #budget: EndpointBudget;
  readonly #pulls: PullSeries;

  constructor(opts: BlobWorkerOptions) {
    this.region = opts.region;
    this.#o = opts;
    this.#now = opts.now ?? realClock.now;
    this.#budget = new EndpointBudget({
      measure: (endpoint, signal) => this.#measureRtt(endpoint, signal),
      now: this.#now,
      ...(opts.probeRatePerSecond !== undefined ? { probeRatePerSecond: opts.probeRatePerSecond } : {}),
    });
    this.#pulls = new PullSeries({ worker: opts.region, now: this.#now });
  }

  measureRtt(endpoint: string, signal?: AbortSignal): Promise<RttEstimate> {
    return this.#budget.measureRtt(endpoint, signal);
  }

  /** The watcher's view of an endpoint: every "manifest" probe is a properties request on the image's blob. */
  prober(endpoint: string): Prober {
    const container = this.#o.probeContainer(endpoint);
    const probe = (repo: string, ref: string, opts?: { signal?: AbortSignal }): Promise<ProbeResult> => {
      const object = this.#o.names.get(repo, ref);
      if (object === undefined) throw new UsageError(`no blob was pushed for ${repo}@${ref}`);
      return probeBlob(container, object.name, { now: this.#now, ...(opts?.signal ? { signal: opts.signal } : {}) });
    };
    return { probeManifest: probe, probeBlob: probe };
  }

  async watch(task: WatchTask, signal?: AbortSignal): Promise<WatchResult> {
    const { endpoint, oneWayDelayMs: given, ...rest } = task;
    const owd = await this.#budget.oneWayDelay(endpoint, given, signal);
    const limiter = this.#budget.limiter(endpoint);
    // One object per image: probe it by digest, no tag, no separate blobs.
    const { tag: _tag, blobs: _blobs, ...watchable } = rest;
    return watchReplication({
      ...watchable,
      probe: 'manifest',
      client: this.prober(endpoint),
      oneWayDelayMs: owd,
      now: this.#now,
      ...(signal ? { signal } : {}),
      ...(limiter ? { limiter } : {}),
    });
  }

  pull(task: PullTask, signal?: AbortSignal): Promise<PullResult[]> {
    return this.#pulls.run(
      task,
      async () => {
        const object = this.#o.names.get(task.repo, task.reference);
        if (object === undefined) throw new UsageError(`no blob was pushed for ${task.repo}@${task.reference}`);
        const r = await downloadBlob(this.#o.container(task.endpoint), object.name, {
          now: this.#now,
          contentDigest: object.contentDigest,
          ...(signal ? { signal } : {}),
        });
        return { durationMs: r.durationMs, ttfbMs: r.ttfbMs, bytes: r.bytes };
      },
      signal,
    );
  }

  async close(): Promise<void> {
    // The clients belong to the accounts (blob-accounts.ts), closed with them.
  }

  async #measureRtt(endpoint: string, signal?: AbortSignal): Promise<RttEstimate> {
    const container = this.#o.probeContainer(endpoint);
    const ping = async (s?: AbortSignal): Promise<number> => {
      const started = this.#now();
      try {
        await container.getProperties(s ? { abortSignal: s } : {});
      } catch (err: unknown) {
        throw blobError(err, 'HEAD', 'container', s);
      }
      return this.#now() - started;
    };
    return measureRtt(ping, signal ? { signal } : {});
  }
}
