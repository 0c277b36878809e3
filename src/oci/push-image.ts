/**
 * Pushing an image: every blob first (config and layers, deduplicated by
 * digest, at most `concurrency` at a time), then the manifest under the tag.
 * The manifest's 201 is the commit point (see push-manifest.ts).
 */
import { UsageError } from '../errors.ts';
import type { BlobSource } from '../oci-spec/blob-source.ts';
import { mapConcurrent } from './concurrency.ts';
import { digestAlgorithm, digestOf } from '../oci-spec/digest.ts';
import { pushBlob, type PushBlobResult, type UploadMode } from './push-blob.ts';
import { pushManifest, type PushManifestResult } from './push-manifest.ts';
import type { Transport } from './transport.ts';

export interface ImageToPush {
  readonly config: BlobSource;
  readonly layers: readonly BlobSource[];
  readonly manifest: { readonly bytes: Uint8Array; readonly mediaType: string; readonly digest: string };
  /** Mount every blob from this repository when possible. */
  readonly mountFrom?: string;
}

export interface PushImageOptions {
  readonly mode: UploadMode;
  readonly concurrency: number;
  readonly chunkSizeBytes?: number;
  readonly skipExisting?: boolean;
  readonly signal?: AbortSignal;
}

export interface PushImageResult {
  readonly repo: string;
  readonly tag: string;
  /** One per distinct blob, config first, then layers in manifest order. */
  readonly blobs: readonly PushBlobResult[];
  readonly manifest: PushManifestResult;
  readonly durationMs: number;
}

export async function pushImage(transport: Transport, repo: string, tag: string, image: ImageToPush, opts: PushImageOptions): Promise<PushImageResult> {
  const actual = digestOf(image.manifest.bytes, digestAlgorithm(image.manifest.digest) || 'sha256');
  if (actual !== image.manifest.digest) {
    throw new UsageError(`image manifest for ${repo}:${tag} declares digest ${image.manifest.digest} but hashes to ${actual}`);
  }
  const startedMs = transport.now();
  const distinct = new Map<string, BlobSource>();
  for (const blob of [image.config, ...image.layers]) if (!distinct.has(blob.digest)) distinct.set(blob.digest, blob);
  const blobs = await mapConcurrent(
    [...distinct.values()],
    opts.concurrency,
    (blob, _index, signal) =>
      pushBlob(transport, repo, blob, {
        mode: opts.mode,
        signal,
        ...(opts.chunkSizeBytes !== undefined ? { chunkSizeBytes: opts.chunkSizeBytes } : {}),
        ...(opts.skipExisting !== undefined ? { skipExisting: opts.skipExisting } : {}),
        ...(image.mountFrom !== undefined ? { mountFrom: image.mountFrom } : {}),
      }),
    opts.signal,
  );
  const manifest = await pushManifest(transport, repo, tag, image.manifest, opts.signal ? { signal: opts.signal } : {});
  return { repo, tag, blobs, manifest, durationMs: transport.now() - startedMs };
}
