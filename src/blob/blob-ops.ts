/**
 * The timed Blob operations of a run, each on the run's clock:
 *
 * - probeBlob: Get Blob Properties (a HEAD), as a ProbeResult the replication
 *   watcher understands: 200 present, 404 absent, 429/503 throttled, anything
 *   else an error (no answer = status 0). Never retried here: the watcher owns
 *   the schedule.
 * - uploadBlocks: the image's layers staged as blocks, then Put Block List —
 *   the commit point is that call's answer.
 * - downloadBlob: Get Blob, time to first byte and to the last, the bytes
 *   hashed and checked against the content digest.
 * - orStatusOf: the source blob's object-replication status (x-ms-or-POLICY_RULE
 *   headers), per policy: complete, failed or pending.
 *
 * Messages carry the blob name and status only, never a URL with a SAS or a
 * key (see connectionStringSecrets in src/redact.ts).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ContainerClient, ObjectReplicationPolicy } from '@azure/storage-blob';
import { AbortedError, DigestMismatchError, ProtocolError, ReplbenchError, UnreachableError } from '../errors.ts';
import type { ProbeResult } from '../oci/probe.ts';
import { RegistryError } from '../oci/errors.ts';
import type { BlobSource } from '../oci-spec/blob-source.ts';

interface RestLike {
  readonly statusCode?: number;
  readonly code?: string;
  readonly name?: string;
}

/** The HTTP status of an SDK failure (0 when there was no answer). */
export function statusOf(err: unknown): number {
  const s = (err as RestLike | null)?.statusCode;
  return typeof s === 'number' ? s : 0;
}

/**
 * An SDK failure as a replbench error with a stable code. `method` and
 * `target` (a blob name, or "container") name the operation; the message
 * never holds a URL, a query or a header.
 */
export function blobError(err: unknown, method: string, target: string, signal?: AbortSignal): ReplbenchError {
  if (err instanceof ReplbenchError) return err;
  if (signal?.aborted || (err as RestLike | null)?.name === 'AbortError') return new AbortedError(`${method} ${target}: aborted`);
  const status = statusOf(err);
  if (status > 0) return new RegistryError({ status, method, url: `/${target}`, message: `storage answered ${status}${codeOf(err)}` });
  const code = (err as RestLike | null)?.code ?? 'no answer';
  return new UnreachableError('blob storage', `${method} ${target}: storage cannot be reached (${code})`);
}

function codeOf(err: unknown): string {
  const code = (err as RestLike | null)?.code;
  return typeof code === 'string' && code !== '' ? ` ${code}` : '';
}

export async function probeBlob(container: ContainerClient, name: string, opts: { now: () => number; signal?: AbortSignal }): Promise<ProbeResult> {
  const sentAtMs = opts.now();
  try {
    const p = await container.getBlobClient(name).getProperties({ ...(opts.signal ? { abortSignal: opts.signal } : {}) });
    const atMs = opts.now();
    return { kind: 'present', status: 200, digest: undefined, sizeBytes: p.contentLength, latencyMs: atMs - sentAtMs, sentAtMs, atMs };
  } catch (err: unknown) {
    const atMs = opts.now();
    const times = { latencyMs: atMs - sentAtMs, sentAtMs, atMs };
    if (opts.signal?.aborted) throw new AbortedError(`HEAD ${name}: aborted`);
    const status = statusOf(err);
    if (status === 404) return { kind: 'absent', status: 404, ...times };
    if (status === 429 || status === 503) return { kind: 'throttled', status: 429, retryAfterMs: undefined, ...times };
    return { kind: 'error', status, error: blobError(err, 'HEAD', name), ...times };
  }
}

/** A block ID: the same length for every block of a blob, as the service requires. */
export function blockIdOf(index: number): string {
  return Buffer.from(`block-${String(index).padStart(6, '0')}`).toString('base64');
}

/** sha256 over the sources' bytes in order, and their total size. */
export async function contentDigestOf(parts: readonly BlobSource[], signal?: AbortSignal): Promise<{ digest: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for (const part of parts) {
    for await (const chunk of part.stream(0)) {
      if (signal?.aborted) throw new AbortedError('hashing the blob content: aborted');
      hash.update(chunk);
      sizeBytes += chunk.byteLength;
    }
  }
  return { digest: `sha256:${hash.digest('hex')}`, sizeBytes };
}

export interface UploadResult {
  /** When Put Block List was sent, and when its answer arrived (the commit point). */
  readonly sentAtMs: number;
  readonly committedAtMs: number;
  readonly startedAtMs: number;
}

/** Stages each part as a block (`concurrency` at a time), then commits the list with `metadata`. */
export async function uploadBlocks(
  container: ContainerClient,
  name: string,
  parts: readonly BlobSource[],
  opts: { now: () => number; concurrency: number; metadata: Record<string, string>; signal?: AbortSignal },
): Promise<UploadResult> {
  const blob = container.getBlockBlobClient(name);
  const startedAtMs = opts.now();
  const abort = opts.signal ? { abortSignal: opts.signal } : {};
  let next = 0;
  const stageOne = async (): Promise<void> => {
    for (let i = next++; i < parts.length; i = next++) {
      const part = parts[i] as BlobSource;
      try {
        await blob.stageBlock(blockIdOf(i), () => Readable.from(part.stream(0)), part.sizeBytes, abort);
      } catch (err: unknown) {
        throw blobError(err, 'PUT', name, opts.signal);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, parts.length)) }, stageOne));
  const sentAtMs = opts.now();
  try {
    await blob.commitBlockList(parts.map((_p, i) => blockIdOf(i)), {
      metadata: opts.metadata,
      blobHTTPHeaders: { blobContentType: 'application/octet-stream' },
      ...abort,
    });
  } catch (err: unknown) {
    throw blobError(err, 'PUT', name, opts.signal);
  }
  return { startedAtMs, sentAtMs, committedAtMs: opts.now() };
}

export interface DownloadResult {
  readonly durationMs: number;
  readonly ttfbMs: number;
  readonly bytes: number;
}

/** Downloads the whole blob; DigestMismatchError when its bytes do not hash to `contentDigest`. */
export async function downloadBlob(
  container: ContainerClient,
  name: string,
  opts: { now: () => number; contentDigest?: string; signal?: AbortSignal },
): Promise<DownloadResult> {
  const startedMs = opts.now();
  const hash = createHash('sha256');
  let bytes = 0;
  let firstByteMs: number | undefined;
  try {
    const r = await container.getBlobClient(name).download(0, undefined, opts.signal ? { abortSignal: opts.signal } : {});
    const body = r.readableStreamBody;
    if (body === undefined) throw new ProtocolError(`GET ${name}: the answer had no body`);
    for await (const chunk of body as AsyncIterable<Buffer>) {
      firstByteMs ??= opts.now();
      hash.update(chunk);
      bytes += chunk.byteLength;
    }
  } catch (err: unknown) {
    throw blobError(err, 'GET', name, opts.signal);
  }
  const doneMs = opts.now();
  const actual = `sha256:${hash.digest('hex')}`;
  if (opts.contentDigest !== undefined && actual !== opts.contentDigest) throw new DigestMismatchError(opts.contentDigest, actual, `GET ${name}`);
  return { durationMs: doneMs - startedMs, ttfbMs: (firstByteMs ?? doneMs) - startedMs, bytes };
}

export type OrStatus = 'complete' | 'failed' | 'pending';

/** The status of each object-replication policy on a source blob (a policy whose rules all say complete is complete). */
export function orStatusByPolicy(policies: readonly ObjectReplicationPolicy[] | undefined): Map<string, OrStatus> {
  const out = new Map<string, OrStatus>();
  for (const p of policies ?? []) {
    const states = p.rules.map((r) => r.replicationStatus);
    out.set(p.policyId, states.includes('failed') ? 'failed' : states.length > 0 && states.every((s) => s === 'complete') ? 'complete' : 'pending');
  }
  return out;
}

/** The source blob's object-replication status per policy (empty when the service reports none). */
export async function orStatusOf(container: ContainerClient, name: string, signal?: AbortSignal): Promise<Map<string, OrStatus>> {
  try {
    const p = await container.getBlobClient(name).getProperties(signal ? { abortSignal: signal } : {});
    return orStatusByPolicy(p.objectReplicationSourceProperties);
  } catch (err: unknown) {
    throw blobError(err, 'HEAD', name, signal);
  }
}
