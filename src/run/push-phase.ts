/**
 * The push phase: every planned image into the origin, as open-loop arrivals —
 * image i is due at i / pushRatePerSec after the phase starts, whether or not
 * earlier pushes are done — through one bounded pool (pushConcurrency images
 * in flight; due images wait there in order). Without a rate, every image is
 * due at once and the pool alone paces them.
 *
 * The commit point of an image is the origin's 201 to its manifest PUT
 * (manifest.committedAtMs, on the run's clock); onPushed hears of it at once so
 * the replication watches start while later images are still being pushed.
 * On `stop` no further image starts; on `abort` pushes in flight are cancelled.
 *
 * An image is planned — its layers hashed — when it comes up (image-catalog.ts),
 * a few ahead in the background: the first push starts at once, however many
 * images the run has, and only the images in flight are held in memory.
 */
import { AbortedError } from '../errors.ts';
import { createPool } from '../measure/pool.ts';
import type { Sleep } from '../time/clock.ts';
import { realSleep } from '../time/real-clock.ts';
import type { ImageToPush, PushImageOptions, PushImageResult } from '../oci/push-image.ts';
import type { UploadMode } from '../scenario/resolved.ts';
import type { ImageCatalog, ImageName } from '../workload/image-catalog.ts';
import type { ImagePlan } from '../workload/image-plan.ts';

/** What the phase needs of a registry client (RegistryClient has it). */
export interface Pusher {
  pushImage(repo: string, tag: string, image: ImageToPush, opts: PushImageOptions): Promise<PushImageResult>;
}

export interface PushedImage {
  readonly index: number;
  /** `repo:tag`: the image label in every record. */
  readonly image: string;
  readonly repo: string;
  readonly tag: string;
  readonly digest: string;
  /** Config and layer digests, deduplicated. */
  readonly blobs: readonly string[];
  /** The manifest's 201, on the run's clock: t0 of the lag measurements. */
  readonly commitAtMs: number;
  /** When the manifest PUT answered by that 201 was sent: the origin committed after this (plus a one-way delay). */
  readonly commitSentAtMs: number;
  /** First blob upload started → manifest 201 answered. */
  readonly durationMs: number;
  /** Bytes uploaded (blobs that were uploaded, and the manifest). */
  readonly bytes: number;
}

export interface PushPhaseOptions {
  /** The images, planned (hashed) one by one as they come up, a few ahead. */
  readonly plans: ImageCatalog;
  readonly pusher: Pusher;
  /** Images in flight at most. */
  readonly concurrency: number;
  /** Open-loop arrivals per second; null = all due at once. */
  readonly ratePerSec: number | null;
  readonly mode: UploadMode;
  readonly chunkSizeBytes: number;
  /** Blobs uploaded at once within one image (default 4). */
  readonly blobConcurrency?: number;
  /** No new push starts once it fires. */
  readonly stop?: AbortSignal;
  /** Pushes in flight are cancelled when it fires. */
  readonly abort?: AbortSignal;
  readonly now: () => number;
  readonly sleep?: Sleep;
  readonly onPushed?: (pushed: PushedImage) => void;
  /** A push that failed (not one cancelled before it started), planning included. */
  readonly onFailed?: (image: ImageName, err: unknown) => void;
}

export interface PushPhaseResult {
  /** In commit order. */
  readonly pushed: readonly PushedImage[];
  readonly failed: number;
  /** False when a stop left images unpushed or cut pushes short. */
  readonly complete: boolean;
}

export async function runPushPhase(opts: PushPhaseOptions): Promise<PushPhaseResult> {
  const pool = createPool(opts.concurrency, opts.stop);
  const sleep = opts.sleep ?? realSleep;
  const startMs = opts.now();
  const intervalMs = opts.ratePerSec === null ? 0 : 1000 / opts.ratePerSec;
  const pushed: PushedImage[] = [];
  let failed = 0;
  let complete = true;
  // At most `concurrency` images are handed to the pool at once: the rest wait here, unplanned, so
  // a run of a million images holds a handful of plans and a stop has nothing queued to cancel.
  const pending = new Set<Promise<void>>();
  let slotFreed: (() => void) | undefined;
  const wake = (): void => {
    slotFreed?.();
    slotFreed = undefined;
  };
  opts.stop?.addEventListener('abort', wake, { once: true });
  // A throwing callback (a failed write of the log) must not leave a rejection unhandled while later
  // images are still due: the first one is kept and rethrown once every push is over.
  let callbackError: { error: unknown } | undefined;
  const callback = (fn: () => void): void => {
    try {
      fn();
    } catch (err: unknown) {
      callbackError ??= { error: err };
    }
  };
  const stopped = (err: unknown): boolean => err instanceof AbortedError && (opts.stop?.aborted === true || opts.abort?.aborted === true);

  try {
    for (let i = 0; i < opts.plans.length; i++) {
      const dueMs = startMs + i * intervalMs;
      // Hashed in the background while it waits for its arrival time and for a slot.
      for (let ahead = i; ahead < i + opts.concurrency; ahead++) opts.plans.prepare(ahead, opts.abort);
      try {
        if (dueMs > opts.now()) await sleep(dueMs - opts.now(), opts.stop);
      } catch (err: unknown) {
        if (!(err instanceof AbortedError)) throw err;
      }
      while (pending.size >= opts.concurrency && !opts.stop?.aborted) await new Promise<void>((resolve) => (slotFreed = resolve));
      if (opts.stop?.aborted) {
        complete = false;
        break;
      }
      let plan: ImagePlan;
      try {
        plan = await opts.plans.planAt(i, opts.abort);
      } catch (err: unknown) {
        if (stopped(err)) {
          complete = false;
          break;
        }
        failed++;
        callback(() => opts.onFailed?.(opts.plans.nameAt(i), err));
        continue;
      }
      const task: Promise<void> = pool
        .run(() => pushOne(plan, i, opts))
        .then(
          (p) => {
            pushed.push(p);
            callback(() => opts.onPushed?.(p));
          },
          (err: unknown) => {
            if (stopped(err)) {
              complete = false;
              return;
            }
            failed++;
            callback(() => opts.onFailed?.(plan, err));
          },
        )
        .finally(() => {
          pending.delete(task);
          wake();
        });
      pending.add(task);
    }
    await Promise.all(pending);
  } finally {
    opts.stop?.removeEventListener('abort', wake);
  }
  if (callbackError !== undefined) throw callbackError.error;
  return { pushed, failed, complete: complete && !opts.abort?.aborted };
}

async function pushOne(plan: ImagePlan, index: number, opts: PushPhaseOptions): Promise<PushedImage> {
  const startedMs = opts.now();
  const r = await opts.pusher.pushImage(plan.repository, plan.tag, plan, {
    mode: opts.mode,
    concurrency: opts.blobConcurrency ?? 4,
    chunkSizeBytes: opts.chunkSizeBytes,
    ...(opts.abort ? { signal: opts.abort } : {}),
  });
  const blobBytes = r.blobs.reduce((sum, b) => sum + (b.outcome === 'uploaded' ? b.sizeBytes : 0), 0);
  return {
    index,
    image: `${plan.repository}:${plan.tag}`,
    repo: plan.repository,
    tag: plan.tag,
    digest: r.manifest.digest,
    blobs: [...new Set([plan.config.digest, ...plan.layers.map((l) => l.digest)])],
    commitAtMs: r.manifest.committedAtMs,
    commitSentAtMs: r.manifest.sentAtMs,
    durationMs: Math.max(0, r.manifest.committedAtMs - startedMs),
    bytes: blobBytes + plan.manifest.bytes.byteLength,
  };
}
