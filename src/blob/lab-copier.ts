/**
 * Object replication for the blob lab: azurite does not replicate, so this
 * copier does, the way the OCI lab's replicator does — it lists the source
 * container (this run's prefix) every `pollMs`, and for each new blob and
 * each replica waits a lag drawn from that replica's lag model (the lab's
 * lag-model.ts, seeded), then copies the blob (bytes, content type and
 * metadata) into the replica's container. A blob becomes visible at a
 * replica all at once, when its upload there commits — as with Azure, whose
 * replicas show a blob only once it is fully copied.
 *
 * Bounded: at most `concurrency` copies run at once (the rest wait in order);
 * close() stops polling, cancels waiting copies and aborts running ones.
 * Every wait (the poll interval, each copy's lag) goes through the injected
 * clock's `sleep` with the copier's abort signal, so close() cancels all of
 * them and leaves no timer behind (its test runs on the virtual clock).
 */
import type { Readable } from 'node:stream';
import type { ContainerClient } from '@azure/storage-blob';
import { describeError } from '../errors.ts';
import { createLagModel, type LagModel, type LagSpec } from '../lab/lag-model.ts';
import { seededRandom } from '../random.ts';
import type { Sleep } from '../time/clock.ts';
import { realSleep } from '../time/real-clock.ts';

/** Blobs up to this size are copied with one GET and one PUT; larger ones are streamed in blocks. */
const SINGLE_PUT_MAX_BYTES = 64 * 1024 * 1024;

export interface CopierReplica {
  readonly region: string;
  readonly container: ContainerClient;
}

export interface LabCopierOptions {
  readonly source: ContainerClient;
  readonly replicas: readonly CopierReplica[];
  readonly lag: LagSpec;
  readonly seed: number;
  readonly pollMs: number;
  /** Only blobs under this prefix are copied (the run's). */
  readonly prefix: string;
  readonly now: () => number;
  /** The `sleep` of the clock `now` reads (default: real time). */
  readonly sleep?: Sleep;
  /** Copies at once (default 8). */
  readonly concurrency?: number;
  /** A copy or a listing that failed (the copier goes on). */
  readonly onError?: (what: string, err: unknown) => void;
}

export class LabCopier {
  readonly #o: LabCopierOptions;
  readonly #sleep: Sleep;
  readonly #models = new Map<string, LagModel>();
  readonly #seen = new Map<string, string>();
  readonly #landed = new Map<string, number>();
  readonly #queue: (() => Promise<void>)[] = [];
  readonly #running = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  #poller: Promise<void> | undefined;
  /** Copies made, and copies that failed. */
  copied = 0;
  failed = 0;

  constructor(opts: LabCopierOptions) {
    this.#o = opts;
    this.#sleep = opts.sleep ?? realSleep;
    const prng = seededRandom(opts.seed);
    for (const r of opts.replicas) this.#models.set(r.region, createLagModel(opts.lag, prng.fork(`copier/${r.region}`)));
  }

  /** Starts polling the source. */
  start(): void {
    this.#poller ??= this.#poll();
  }

  /** When the copy of `name` became visible in `region` (run clock), once it has. */
  landedAtMs(name: string, region: string): number | undefined {
    return this.#landed.get(`${region}\u0000${name}`);
  }

  async close(): Promise<void> {
    this.#abort.abort();
    this.#queue.length = 0;
    await this.#poller;
    await Promise.allSettled([...this.#running]);
  }

  async #poll(): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      const started = this.#o.now();
      try {
        for await (const item of this.#o.source.listBlobsFlat({ prefix: this.#o.prefix, abortSignal: signal })) {
          const etag = item.properties.etag ?? '';
          if (this.#seen.get(item.name) === etag) continue;
          this.#seen.set(item.name, etag);
          this.#schedule(item.name);
        }
      } catch (err: unknown) {
        if (!signal.aborted) this.#o.onError?.('listing the source container', err);
      }
      const waitMs = Math.max(1, this.#o.pollMs - (this.#o.now() - started));
      await this.#sleep(waitMs, signal).catch(() => undefined);
    }
  }

  #schedule(name: string): void {
    for (const r of this.#o.replicas) {
      const lagMs = Math.max(0, (this.#models.get(r.region) as LagModel).sample());
      this.#sleep(lagMs, this.#abort.signal).then(
        () => this.#enqueue(() => this.#copy(name, r)),
        () => undefined,
      );
    }
  }

  #enqueue(task: () => Promise<void>): void {
    if (this.#abort.signal.aborted) return;
    this.#queue.push(task);
    this.#pump();
  }

  #pump(): void {
    while (this.#running.size < (this.#o.concurrency ?? 8) && this.#queue.length > 0) {
      const task = this.#queue.shift() as () => Promise<void>;
      const p = task().finally(() => {
        this.#running.delete(p);
        this.#pump();
      });
      this.#running.add(p);
    }
  }

  async #copy(name: string, replica: CopierReplica): Promise<void> {
    const signal = this.#abort.signal;
    try {
      const from = this.#o.source.getBlobClient(name);
      const to = replica.container.getBlockBlobClient(name);
      const props = await from.getProperties({ abortSignal: signal });
      const options = {
        abortSignal: signal,
        ...(props.metadata ? { metadata: props.metadata } : {}),
        blobHTTPHeaders: { blobContentType: props.contentType ?? 'application/octet-stream' },
      };
      const size = props.contentLength ?? 0;
      if (size <= SINGLE_PUT_MAX_BYTES) {
        // Small blobs (the usual case): one GET, one PUT; the copy becomes visible when the PUT commits.
        await to.upload(await from.downloadToBuffer(0, undefined, { abortSignal: signal }), size, options);
      } else {
        const download = await from.download(0, undefined, { abortSignal: signal });
        if (download.readableStreamBody === undefined) throw new Error(`the source answered ${name} without a body`);
        await to.uploadStream(download.readableStreamBody as Readable, 4 * 1024 * 1024, 2, options);
      }
      this.#landed.set(`${replica.region}\u0000${name}`, this.#o.now());
      this.copied++;
    } catch (err: unknown) {
      if (signal.aborted) return;
      this.failed++;
      this.#o.onError?.(`copying ${name} to ${replica.region}`, new Error(describeError(err)));
    }
  }
}
