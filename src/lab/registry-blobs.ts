/**
 * HEAD, GET (with byte ranges) and DELETE of /v2/<name>/blobs/<digest>. With
 * data endpoints on (data-endpoints.ts), a GET of a blob the repository holds
 * answers 307 to the storage host instead; HEAD is still answered here.
 */
import { RegistryHttpError } from './registry-errors.ts';
import { sendEmpty, sendStream, header, startStream, type Exchange } from './registry-http.ts';
import { isNotFound } from './registry-fs.ts';
import { isSupportedDigest } from './registry-names.ts';
import { isStoreError } from './store.ts';

export type ByteRange =
  | { readonly kind: 'whole' }
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

/**
 * Reads a `Range: bytes=…` header for a blob of `sizeBytes` (RFC 9110): one
 * range `a-b`, `a-` or `-suffix`. A missing, malformed or multi-range header
 * is served whole, as the RFC allows.
 */
export function parseByteRange(value: string | undefined, sizeBytes: number): ByteRange {
  if (value === undefined) return { kind: 'whole' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (match === null) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || sizeBytes === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, sizeBytes - suffix), end: sizeBytes - 1 };
  }
  const start = Number(first);
  const end = last === '' ? sizeBytes - 1 : Math.min(Number(last), sizeBytes - 1);
  if (last !== '' && Number(last) < start) return { kind: 'whole' };
  if (start >= sizeBytes) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}

export function requireDigest(digest: string): void {
  if (!isSupportedDigest(digest)) {
    throw new RegistryHttpError(400, 'DIGEST_INVALID', 'provided digest is malformed or its algorithm is not supported', {
      detail: { digest },
    });
  }
}

export async function handleBlob(ex: Exchange, repo: string, digest: string): Promise<void> {
  requireDigest(digest);
  if (ex.method === 'DELETE') {
    if (!(await ex.store.repoUnlinkBlob(repo, digest))) throw blobUnknown(digest);
    sendEmpty(ex.res, 202, { 'Docker-Content-Digest': digest });
    return;
  }
  if (ex.method !== 'GET' && ex.method !== 'HEAD') {
    throw new RegistryHttpError(405, 'UNSUPPORTED', `${ex.method} is not supported on blobs`);
  }
  const found = (await ex.store.repoHasBlob(repo, digest)) ? await ex.store.blobStat(digest) : undefined;
  if (found === undefined) throw blobUnknown(digest);
  const location = ex.method === 'GET' ? ex.blobLocation?.(repo, digest) : undefined;
  if (location !== undefined) {
    sendEmpty(ex.res, 307, { Location: location, 'Docker-Content-Digest': digest });
    return;
  }
  const { sizeBytes } = found;
  const common = {
    'Content-Type': 'application/octet-stream',
    'Docker-Content-Digest': digest,
    'Accept-Ranges': 'bytes',
    ETag: `"${digest}"`,
  };
  const range = parseByteRange(header(ex.req, 'range'), sizeBytes);
  if (range.kind === 'unsatisfiable') {
    throw new RegistryHttpError(416, 'RANGE_INVALID', `range not satisfiable for a blob of ${sizeBytes} bytes`, {
      headers: { 'Content-Range': `bytes */${sizeBytes}` },
    });
  }
  const partial = range.kind === 'partial';
  const start = partial ? range.start : 0;
  const end = partial ? range.end : sizeBytes - 1;
  const headers = {
    ...common,
    'Content-Length': end - start + 1,
    ...(partial ? { 'Content-Range': `bytes ${start}-${end}/${sizeBytes}` } : {}),
  };
  const status = partial ? 206 : 200;
  if (ex.method === 'HEAD' || sizeBytes === 0) {
    ex.res.writeHead(status, headers);
    ex.res.end();
    return;
  }
  let body: AsyncIterable<Uint8Array>;
  try {
    body = await startStream(ex.store.blobRead(digest, partial ? { start, end } : undefined));
  } catch (err) {
    if (isStoreError(err, 'blob-unknown') || isNotFound(err)) throw blobUnknown(digest); // deleted meanwhile
    throw err;
  }
  await sendStream(ex.res, status, headers, body);
}

function blobUnknown(digest: string): RegistryHttpError {
  return new RegistryHttpError(404, 'BLOB_UNKNOWN', 'blob unknown to registry', { detail: { digest } });
}
