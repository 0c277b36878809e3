/**
 * RegionStore: what one lab region keeps (blobs, repository links, manifests,
 * tags, upload sessions). The registry handler and the replicator both write
 * through it; see .tmp/LAB-CONTRACT.md. Two implementations: memory-store.ts
 * (default) and directory-store.ts (blobs streamed to and from files).
 *
 * Stores check names and digests (StoreError 'name-invalid' / 'digest-invalid')
 * but never manifest references: the handler does that, so the replicator can
 * reproduce a manifest that arrives before its blobs.
 */
import { ReplbenchError } from '../errors.ts';
import { isRepoName, isSupportedDigest, isTag } from './registry-names.ts';

export interface StoredManifest {
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

export interface UploadStat {
  readonly repo: string;
  readonly sizeBytes: number;
}

export interface RegionStore {
  blobStat(digest: string): Promise<{ sizeBytes: number } | undefined>;
  /** Byte range inclusive; whole blob when omitted. Throws StoreError 'blob-unknown' when absent. */
  blobRead(digest: string, range?: { start: number; end: number }): AsyncIterable<Uint8Array>;
  /** Writes a blob, verifying its digest (DigestMismatchError otherwise). Idempotent. */
  blobPut(digest: string, data: AsyncIterable<Uint8Array> | Uint8Array): Promise<void>;
  /** Removes the blob's bytes and every repository link to it. */
  blobDelete(digest: string): Promise<void>;
  /** Repository membership of blobs (HEAD/GET /v2/<repo>/blobs/<d> answers 404 unless linked; mounts link). */
  repoLinkBlob(repo: string, digest: string): Promise<void>;
  /** Removes one repository's link (DELETE /v2/<repo>/blobs/<d>); the bytes stay for other repositories. */
  repoUnlinkBlob(repo: string, digest: string): Promise<boolean>;
  /** True when the repository links the blob and its bytes are present. */
  repoHasBlob(repo: string, digest: string): Promise<boolean>;
  manifestGet(repo: string, digest: string): Promise<StoredManifest | undefined>;
  manifestPut(repo: string, digest: string, mediaType: string, bytes: Uint8Array): Promise<void>;
  /** Removes the manifest and every tag pointing at it; false when it was not there. */
  manifestDelete(repo: string, digest: string): Promise<boolean>;
  tagGet(repo: string, tag: string): Promise<string | undefined>;
  tagSet(repo: string, tag: string, digest: string): Promise<void>;
  tagDelete(repo: string, tag: string): Promise<void>;
  /** Sorted by code unit (the order `last=` pagination compares in). */
  tagList(repo: string): Promise<string[]>;
  /** Every repository with a link, a manifest or a tag, ever; sorted by code unit. */
  repositories(): Promise<string[]>;
  /** Upload sessions (chunked / monolithic), owned by the store so a directory store spills to disk. */
  uploadCreate(repo: string): Promise<string>;
  /**
   * Appends the stream; returns the new size. With `expectedOffset`, throws
   * StoreError 'upload-range' (carrying the current size) unless it equals the
   * size, before reading anything. A second append while one runs is 'upload-busy'.
   */
  uploadAppend(id: string, data: AsyncIterable<Uint8Array>, expectedOffset?: number): Promise<number>;
  uploadSize(id: string): Promise<number | undefined>;
  uploadStat(id: string): Promise<UploadStat | undefined>;
  /** Verifies and turns the session into a blob linked to its repository; a mismatch cancels the session. */
  uploadCommit(id: string, digest: string): Promise<{ sizeBytes: number }>;
  uploadCancel(id: string): Promise<void>;
  close(): Promise<void>;
}

export type StoreErrorReason =
  | 'name-invalid'
  | 'digest-invalid'
  | 'blob-unknown'
  | 'upload-unknown'
  | 'upload-range'
  | 'upload-busy';

/** A store refused an operation; `reason` says which rule, `sizeBytes` the upload's size for 'upload-range'. */
export class StoreError extends ReplbenchError {
  readonly reason: StoreErrorReason;
  readonly sizeBytes: number | undefined;
  constructor(reason: StoreErrorReason, message: string, options?: { sizeBytes?: number; cause?: unknown }) {
    super('E_REGISTRY', message, options);
    this.reason = reason;
    this.sizeBytes = options?.sizeBytes;
  }
}

export function isStoreError(err: unknown, reason?: StoreErrorReason): err is StoreError {
  return err instanceof StoreError && (reason === undefined || err.reason === reason);
}

export function assertRepo(repo: string): void {
  if (!isRepoName(repo)) throw new StoreError('name-invalid', `invalid repository name ${JSON.stringify(repo)}`);
}

export function assertTag(tag: string): void {
  if (!isTag(tag)) throw new StoreError('name-invalid', `invalid tag ${JSON.stringify(tag)}`);
}

export function assertDigest(digest: string): void {
  if (!isSupportedDigest(digest)) {
    throw new StoreError('digest-invalid', `unsupported or malformed digest ${JSON.stringify(digest)}`);
  }
}

/** Checks a read range against the blob size; returns it clamped to the last byte. */
export function checkRange(
  range: { start: number; end: number } | undefined,
  sizeBytes: number,
): { start: number; end: number } {
  if (range === undefined) return { start: 0, end: sizeBytes - 1 };
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || start >= sizeBytes) {
    throw new RangeError(`range ${start}-${end} outside a blob of ${sizeBytes} bytes`);
  }
  return { start, end: Math.min(end, sizeBytes - 1) };
}

/** A Uint8Array or a stream, as a stream (without copying). */
export async function* asChunks(data: AsyncIterable<Uint8Array> | Uint8Array): AsyncIterable<Uint8Array> {
  if (data instanceof Uint8Array) {
    yield data;
    return;
  }
  yield* data;
}

/** Sort order of tag lists and the catalog (plain code-unit comparison, as `last=` compares). */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
