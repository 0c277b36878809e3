/**
 * Copies one manifest from a region's store to another's in pullable order:
 * the child manifests of an index first (each with its blobs), then the blobs
 * (streamed, never whole in memory; only those the target lacks), then the
 * manifest. With `blobs: false` only manifests are copied (the blob-unknown
 * fault). The tag is not touched here: tags move after the manifest, under
 * last-writer-wins, in the replicator.
 */
import type { RegionStore } from './store.ts';
import { manifestRefs } from './manifest-refs.ts';

/** The copy's source no longer has something the manifest needs. */
export class SourceGoneError extends Error {
  readonly digest: string;
  constructor(digest: string) {
    super(`the source no longer holds ${digest}`);
    this.digest = digest;
  }
}

export interface CopyManifest {
  readonly repo: string;
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

export async function copyArtifact(
  source: RegionStore,
  target: RegionStore,
  m: CopyManifest,
  opts: { readonly blobs: boolean },
): Promise<void> {
  const refs = manifestRefs(m.bytes);
  for (const child of refs.children) {
    const existing = await target.manifestGet(m.repo, child.digest);
    if (existing !== undefined && !opts.blobs) continue;
    const childManifest = existing ?? (await source.manifestGet(m.repo, child.digest));
    if (childManifest === undefined) throw new SourceGoneError(child.digest);
    await copyArtifact(source, target, { repo: m.repo, digest: child.digest, ...childManifest }, opts);
  }
  if (opts.blobs) {
    for (const blob of refs.blobs) await copyBlob(source, target, m.repo, blob.digest);
  }
  await target.manifestPut(m.repo, m.digest, m.mediaType, m.bytes);
}

async function copyBlob(source: RegionStore, target: RegionStore, repo: string, digest: string): Promise<void> {
  if (await target.repoHasBlob(repo, digest)) return;
  if ((await target.blobStat(digest)) === undefined) {
    if ((await source.blobStat(digest)) === undefined) throw new SourceGoneError(digest);
    await target.blobPut(digest, source.blobRead(digest));
  }
  await target.repoLinkBlob(repo, digest);
}

/** Bytes a copy would move: the manifest, and blobs and child manifests the target does not hold yet. */
export async function bytesToCopy(source: RegionStore, target: RegionStore, m: CopyManifest): Promise<number> {
  let total = m.bytes.byteLength;
  const refs = manifestRefs(m.bytes);
  for (const blob of refs.blobs) {
    if ((await target.blobStat(blob.digest)) === undefined) total += blob.sizeBytes;
  }
  for (const child of refs.children) {
    if ((await target.manifestGet(m.repo, child.digest)) !== undefined) continue;
    const childManifest = await source.manifestGet(m.repo, child.digest);
    if (childManifest !== undefined) {
      total += await bytesToCopy(source, target, { repo: m.repo, digest: child.digest, ...childManifest });
    }
  }
  return total;
}

/** The whole artifact's size: manifest, child manifests and every distinct blob. */
export async function artifactSizeBytes(store: RegionStore, m: CopyManifest): Promise<number> {
  let total = m.bytes.byteLength;
  const refs = manifestRefs(m.bytes);
  for (const blob of refs.blobs) total += blob.sizeBytes;
  for (const child of refs.children) {
    const childManifest = await store.manifestGet(m.repo, child.digest);
    if (childManifest !== undefined) total += await artifactSizeBytes(store, { repo: m.repo, digest: child.digest, ...childManifest });
  }
  return total;
}
