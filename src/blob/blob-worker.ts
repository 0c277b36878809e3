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
import { AbortedError, describeError, UsageError } from '../errors.ts';
import { errorCodeOf } from '../events/index.ts';
import { realClock, throwIfAborted } from '../time/clock.ts';
import { oneWayDelayMs } from '../measure/one-way-delay.ts';
import { createRateLimiter, type RateLimiter } from '../measure/rate-limiter.ts';
import { measureRtt, type RttEstimate } from '../measure/rtt.ts';
import { watchReplication } from '../measure/watcher.ts';
import type { Prober, WatchResult } from '../measure/watch-types.ts';
import type { PullPhase, PullResult, PullTask, WatchTask, Worker } from '../measure/worker.ts';
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
  readonly #rtts = new Map<string, RttEstimate>();
  readonly #pulled = new Set<string>();
  readonly #limiters = new Map<string, RateLimiter>();

  constructor(opts: BlobWorkerOptions) {
    this.region = opts.region;
    this.#o = opts;
    this.#now = opts.now ?? realClock.now;
  }

  async measureRtt(endpoint: string, signal?: AbortSignal): Promise<RttEstimate> {
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
    const rtt = await measureRtt(ping, signal ? { signal } : {});
    this.#rtts.set(endpoint, rtt);
    return rtt;
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
    let owd = given;
    if (owd === undefined) owd = oneWayDelayMs(this.#rtts.get(endpoint) ?? (await this.measureRtt(endpoint, signal)));
    throwIfAborted(signal, 'the replication watch');
    const limiter = this.#limiter(endpoint);
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

  async pull(task: PullTask, signal?: AbortSignal): Promise<PullResult[]> {
    const pulls = task.pulls ?? 1;
    const results: PullResult[] = [];
    const key = `${task.endpoint}\u0000${task.repo}\u0000${task.reference}`;
    for (let i = 0; i < pulls && !signal?.aborted; i++) {
      const phase: PullPhase = this.#pulled.has(key) ? 'warm' : 'cold';
      const labels = { worker: this.region, endpoint: task.endpoint, image: task.image, phase, startedAtMs: this.#now() };
      try {
        const object = this.#o.names.get(task.repo, task.reference);
        if (object === undefined) throw new UsageError(`no blob was pushed for ${task.repo}@${task.reference}`);
        const r = await downloadBlob(this.#o.container(task.endpoint), object.name, {
          now: this.#now,
          contentDigest: object.contentDigest,
          ...(signal ? { signal } : {}),
        });
        this.#pulled.add(key);
        results.push({ outcome: 'pulled', ...labels, durationMs: r.durationMs, ttfbMs: r.ttfbMs, bytes: r.bytes });
      } catch (err: unknown) {
        if (err instanceof AbortedError || signal?.aborted) break;
        results.push({ outcome: 'failed', ...labels, code: errorCodeOf(err), message: describeError(err) });
      }
    }
    return results;
  }

  async close(): Promise<void> {
    // The clients belong to the accounts (blob-accounts.ts), closed with them.
  }

  #limiter(endpoint: string): RateLimiter | undefined {
    const rate = this.#o.probeRatePerSecond;
    if (rate === undefined) return undefined;
    let limiter = this.#limiters.get(endpoint);
    if (limiter === undefined) {
      limiter = createRateLimiter({ ratePerSecond: rate, now: this.#now });
      this.#limiters.set(endpoint, limiter);
    }
    return limiter;
  }
}
