/**
 * The push side of a blob run, shaped like a registry push so the runner's
 * push phase drives it unchanged (open-loop rate, bounded concurrency, the
 * commit point): pushImage uploads the image's layers as the blocks of one
 * block blob in the source container and commits the block list. The commit
 * point is the answer to Put Block List. The blob carries its content digest
 * as metadata (replbench-sha256), which object replication copies along.
 */
import type { ContainerClient } from '@azure/storage-blob';
import type { ImageToPush, PushImageOptions, PushImageResult } from '../oci/push-image.ts';
import type { Pusher } from '../run/push-phase.ts';
import { contentDigestOf, uploadBlocks } from './blob-ops.ts';
import type { BlobNames } from './blob-names.ts';

export const CONTENT_DIGEST_METADATA = 'replbenchsha256';

export class BlobPusher implements Pusher {
  readonly #source: ContainerClient;
  readonly #names: BlobNames;
  readonly #now: () => number;

  constructor(opts: { readonly source: ContainerClient; readonly names: BlobNames; readonly now: () => number }) {
    this.#source = opts.source;
    this.#names = opts.names;
    this.#now = opts.now;
  }

  async pushImage(repo: string, tag: string, image: ImageToPush, opts: PushImageOptions): Promise<PushImageResult> {
    const name = this.#names.nameOf(repo, tag);
    const content = await contentDigestOf(image.layers, opts.signal);
    const r = await uploadBlocks(this.#source, name, image.layers, {
      now: this.#now,
      concurrency: opts.concurrency,
      metadata: { [CONTENT_DIGEST_METADATA]: content.digest.slice('sha256:'.length) },
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    this.#names.add(repo, tag, image.manifest.digest, { name, contentDigest: content.digest, sizeBytes: content.sizeBytes });
    const durationMs = r.committedAtMs - r.startedAtMs;
    return {
      repo,
      tag,
      blobs: image.layers.map((l) => ({
        digest: l.digest,
        sizeBytes: l.sizeBytes,
        outcome: 'uploaded' as const,
        mode: 'monolithic' as const,
        durationMs: r.sentAtMs - r.startedAtMs,
        requests: 1,
        chunks: 0,
        rangeRecoveries: 0,
      })),
      manifest: {
        digest: image.manifest.digest,
        status: 201,
        committedAtMs: r.committedAtMs,
        sentAtMs: r.sentAtMs,
        durationMs: r.committedAtMs - r.sentAtMs,
        requests: 1,
      },
      durationMs,
    };
  }
}
