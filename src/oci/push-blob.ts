/**
 * Pushing one blob: HEAD first (present → skipped), then a cross-repository
 * mount when asked (201 → mounted; 202 → the registry fell back to a normal
 * session, which is used), then a monolithic PUT or a chunked upload. Bytes are
 * streamed from the BlobSource, never held whole in memory.
 */
import { AbortedError } from '../errors.ts';
import type { BlobSource } from '../oci-spec/blob-source.ts';
import { assertDigest } from '../oci-spec/digest.ts';
import { assertRepoName } from './reference.ts';
import { discard, registryError } from './response.ts';
import { DEFAULT_CHUNK_SIZE_BYTES, uploadChunked } from './push-chunked.ts';
import type { Transport } from './transport.ts';
import { cancelUpload, finishUpload, pushScopes, startUpload, type UploadContext } from './upload.ts';

export type UploadMode = 'monolithic' | 'chunked';

export interface PushBlobOptions {
  readonly mode: UploadMode;
  /** Chunk size for 'chunked' (raised to the registry's OCI-Chunk-Min-Length if larger). Default 8 MiB. */
  readonly chunkSizeBytes?: number;
  /** Try to mount the blob from this repository before uploading. */
  readonly mountFrom?: string;
  /** HEAD first and skip the upload when present. Default true. */
  readonly skipExisting?: boolean;
  readonly signal?: AbortSignal;
}

export interface PushBlobResult {
  readonly digest: string;
  readonly sizeBytes: number;
  readonly outcome: 'uploaded' | 'mounted' | 'skipped';
  readonly mode: UploadMode;
  readonly durationMs: number;
  /** HTTP requests sent to the registry for this blob (retries and 401 rounds included). */
  readonly requests: number;
  /** PATCH requests accepted (chunked mode). */
  readonly chunks: number;
  /** 416 recoveries (chunked mode). */
  readonly rangeRecoveries: number;
}

export async function pushBlob(transport: Transport, repo: string, blob: BlobSource, opts: PushBlobOptions): Promise<PushBlobResult> {
  assertRepoName(repo);
  assertDigest(blob.digest, 'blob digest');
  if (opts.mountFrom !== undefined) assertRepoName(opts.mountFrom);
  const startedMs = transport.now();
  const ctx: UploadContext = { transport, repo, scopes: pushScopes(repo, opts.mountFrom), signal: opts.signal, counter: { requests: 0 } };
  const result = (outcome: PushBlobResult['outcome'], chunks = 0, rangeRecoveries = 0): PushBlobResult => ({
    digest: blob.digest,
    sizeBytes: blob.sizeBytes,
    outcome,
    mode: opts.mode,
    durationMs: transport.now() - startedMs,
    requests: ctx.counter.requests,
    chunks,
    rangeRecoveries,
  });

  if (opts.skipExisting !== false && (await blobExists(ctx, blob.digest))) return result('skipped');

  const mount = opts.mountFrom !== undefined && opts.mountFrom !== repo ? { digest: blob.digest, from: opts.mountFrom } : undefined;
  const start = await startUpload(ctx, mount);
  if (start.kind === 'mounted') return result('mounted');
  const session = { location: start.location };
  try {
    if (opts.mode === 'monolithic') {
      await finishUpload(ctx, session.location, blob.digest, { sizeBytes: blob.sizeBytes, stream: () => blob.stream(0) });
      return result('uploaded');
    }
    const chunkSizeBytes = Math.max(opts.chunkSizeBytes ?? DEFAULT_CHUNK_SIZE_BYTES, start.minChunkBytes ?? 1);
    const stats = await uploadChunked(ctx, blob, session, chunkSizeBytes);
    return result('uploaded', stats.chunks, stats.recoveries);
  } catch (err) {
    if (!(err instanceof AbortedError) && !opts.signal?.aborted) await cancelUpload(ctx, session.location);
    throw err;
  }
}

/** HEAD /v2/<repo>/blobs/<digest>: 200 (or a redirect to storage) means present, 404 absent. */
async function blobExists(ctx: UploadContext, digest: string): Promise<boolean> {
  const ex = await ctx.transport.request({
    method: 'HEAD',
    url: `/v2/${ctx.repo}/blobs/${digest}`,
    scopes: ctx.scopes,
    signal: ctx.signal,
    counter: ctx.counter,
  });
  await discard(ex);
  if (ex.status === 200 || (ex.status >= 300 && ex.status < 400)) return true;
  if (ex.status === 404) return false;
  throw await registryError(ex);
}
