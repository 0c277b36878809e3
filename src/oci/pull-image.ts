/**
 * Pulling an image the way a container runtime does: the manifest (for an
 * index, then the linux/amd64 child, or the first child when there is none),
 * then config and layers, at most `concurrency` blobs at a time, each verified.
 */
import { ProtocolError } from '../errors.ts';
import { mapConcurrent } from './concurrency.ts';
import type { ImageIndex } from '../oci-spec/media-types.ts';
import { pullBlob, type PullBlobResult } from './pull-blob.ts';
import { pullManifest, type PullManifestResult } from './pull-manifest.ts';
import type { Transport } from './transport.ts';

export interface PullImageOptions {
  readonly concurrency: number;
  readonly signal?: AbortSignal;
}

export interface PullImageResult {
  /** The index pulled first, when the reference named one. */
  readonly index: PullManifestResult | undefined;
  /** The image manifest whose blobs were pulled. */
  readonly manifest: PullManifestResult;
  /** Config first, then layers in manifest order (duplicates pulled once). */
  readonly blobs: readonly PullBlobResult[];
  readonly totalBytes: number;
  readonly durationMs: number;
}

/** The child to pull from an index: linux/amd64 first, else the first one listed. */
export function pickChild(index: ImageIndex): string {
  const isLinuxAmd64 = (p: Record<string, unknown> | undefined): boolean => p?.os === 'linux' && p?.architecture === 'amd64';
  const child = index.manifests.find((m) => isLinuxAmd64(m.platform)) ?? index.manifests[0];
  if (!child) throw new ProtocolError('image index lists no manifests');
  return child.digest;
}

export async function pullImage(transport: Transport, repo: string, ref: string, opts: PullImageOptions): Promise<PullImageResult> {
  const startedMs = transport.now();
  const signalOpt = opts.signal ? { signal: opts.signal } : {};
  let index: PullManifestResult | undefined;
  let manifest = await pullManifest(transport, repo, ref, signalOpt);
  if (manifest.parsed.kind === 'index') {
    index = manifest;
    manifest = await pullManifest(transport, repo, pickChild(manifest.parsed.index), signalOpt);
    if (manifest.parsed.kind === 'index') throw new ProtocolError(`${repo}@${ref}: nested image index is not supported`);
  }
  if (manifest.parsed.kind !== 'manifest') throw new ProtocolError(`${repo}@${ref}: not an image manifest`);
  const { config, layers } = manifest.parsed.manifest;
  const distinct = new Map([config, ...layers].map((d) => [d.digest, d] as const));
  const blobs = await mapConcurrent(
    [...distinct.values()],
    opts.concurrency,
    (d, _i, signal) => pullBlob(transport, repo, { digest: d.digest, size: d.size }, { signal }),
    opts.signal,
  );
  const totalBytes = blobs.reduce((sum, b) => sum + b.sizeBytes, manifest.bytes.byteLength + (index?.bytes.byteLength ?? 0));
  return { index, manifest, blobs, totalBytes, durationMs: transport.now() - startedMs };
}
