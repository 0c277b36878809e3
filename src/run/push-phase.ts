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
 */
import { AbortedError } from '../errors.ts';
import { createPool } from '../measure/pool.ts';
import { realSleep, type Sleep } from '../measure/clock.ts';
import type { ImageToPush, PushImageOptions, PushImageResult } from '../oci/push-image.ts';
import type { UploadMode } from '../scenario/resolved.ts';
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
  readonly plans: readonly ImagePlan[];
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
  /** A push that failed (not one cancelled before it started). */
  readonly onFailed?: (plan: ImagePlan, err: unknown) => void;
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
  const tasks: Promise<void>[] = [];
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

  for (const [i, plan] of opts.plans.entries()) {
    const dueMs = startMs + i * intervalMs;
    try {
      if (dueMs > opts.now()) await sleep(dueMs - opts.now(), opts.stop);
    } catch (err: unknown) {
      if (!(err instanceof AbortedError)) throw err;
    }
    if (opts.stop?.aborted) {
      complete = false;
      break;
    }
    tasks.push(
      pool.run(() => pushOne(plan, i, opts)).then(
        (p) => {
          pushed.push(p);
          callback(() => opts.onPushed?.(p));
        },
        (err: unknown) => {
          if (err instanceof AbortedError && (opts.stop?.aborted || opts.abort?.aborted)) {
            complete = false;
            return;
          }
          failed++;
          callback(() => opts.onFailed?.(plan, err));
        },
      ),
    );
  }
  await Promise.all(tasks);
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
