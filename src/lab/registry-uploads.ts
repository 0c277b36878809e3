/**
 * Blob uploads: POST (session, monolithic `?digest=`, cross-repository
 * `?mount=&from=`), PATCH (streamed or chunked with Content-Range), PUT
 * (optional last chunk + digest check), GET status and DELETE.
 */
import { RegistryHttpError, registryErrorFor, uploadRange } from './registry-errors.ts';
import { bodyChunks, header, sendEmpty, type Exchange } from './registry-http.ts';
import { requireDigest } from './registry-blobs.ts';
import { isRepoName, isSupportedDigest } from './registry-names.ts';

export async function handleUploadStart(ex: Exchange, repo: string): Promise<void> {
  const mount = ex.query.get('mount');
  if (mount !== null && (await tryMount(ex, repo, mount, ex.query.get('from')))) return;
  const digest = ex.query.get('digest');
  if (digest !== null && mount === null) {
    requireDigest(digest);
    const id = await ex.store.uploadCreate(repo);
    try {
      await appendThenCommit(ex, repo, id, digest, undefined);
    } finally {
      await ex.store.uploadCancel(id); // a no-op once committed
    }
    return;
  }
  const id = await ex.store.uploadCreate(repo);
  sendEmpty(ex.res, 202, sessionHeaders(repo, id, 0));
}

/** Links a blob another repository holds; false (and a new session follows) when it cannot. */
async function tryMount(ex: Exchange, repo: string, digest: string, from: string | null): Promise<boolean> {
  if (from === null || !isRepoName(from) || !isSupportedDigest(digest)) return false;
  if (!(await ex.store.repoHasBlob(from, digest))) return false;
  const found = await ex.store.blobStat(digest);
  if (found === undefined) return false;
  await ex.store.repoLinkBlob(repo, digest);
  ex.emit({ kind: 'blob', repo, digest, sizeBytes: found.sizeBytes });
  sendEmpty(ex.res, 201, blobHeaders(repo, digest));
  return true;
}

export async function handleUpload(ex: Exchange, repo: string, id: string): Promise<void> {
  const stat = await ex.store.uploadStat(id);
  if (stat === undefined || stat.repo !== repo) {
    throw new RegistryHttpError(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', { detail: { id } });
  }
  switch (ex.method) {
    case 'GET':
      sendEmpty(ex.res, 204, sessionHeaders(repo, id, stat.sizeBytes));
      return;
    case 'DELETE':
      await ex.store.uploadCancel(id);
      sendEmpty(ex.res, 204);
      return;
    case 'PATCH': {
      const sizeBytes = await append(ex, repo, id, chunkStart(ex));
      sendEmpty(ex.res, 202, sessionHeaders(repo, id, sizeBytes));
      return;
    }
    case 'PUT': {
      const digest = ex.query.get('digest');
      if (digest === null) throw new RegistryHttpError(400, 'DIGEST_INVALID', 'the digest query parameter is required');
      requireDigest(digest);
      await appendThenCommit(ex, repo, id, digest, chunkStart(ex));
      return;
    }
    default:
      throw new RegistryHttpError(405, 'UNSUPPORTED', `${ex.method} is not supported on upload sessions`);
  }
}

async function appendThenCommit(
  ex: Exchange,
  repo: string,
  id: string,
  digest: string,
  expectedOffset: number | undefined,
): Promise<void> {
  await append(ex, repo, id, expectedOffset);
  const { sizeBytes } = await ex.store.uploadCommit(id, digest);
  ex.emit({ kind: 'blob', repo, digest, sizeBytes });
  sendEmpty(ex.res, 201, blobHeaders(repo, digest));
}

/** Streams the request body into the session; range errors answer with the session's headers. */
async function append(ex: Exchange, repo: string, id: string, expectedOffset: number | undefined): Promise<number> {
  try {
    return await ex.store.uploadAppend(id, bodyChunks(ex.req), expectedOffset);
  } catch (err) {
    const answer = registryErrorFor(err);
    if (answer?.status === 416) {
      const sizeBytes = (await ex.store.uploadSize(id)) ?? 0;
      throw new RegistryHttpError(416, answer.ociCode, answer.message, {
        headers: sessionHeaders(repo, id, sizeBytes),
      });
    }
    throw err;
  }
}

/**
 * The first byte of a chunk from `Content-Range: <start>-<end>` (also
 * accepted: `bytes <start>-<end>/<total>`); undefined for a streamed upload.
 */
export function chunkStart(ex: Exchange): number | undefined {
  const value = header(ex.req, 'content-range');
  if (value === undefined) return undefined;
  const match = /^(?:bytes[ =])?(\d+)-(\d+)(?:\/(?:\d+|\*))?$/.exec(value.trim());
  const start = Number(match?.[1]);
  const end = Number(match?.[2]);
  if (match === null || end < start) {
    throw new RegistryHttpError(400, 'BLOB_UPLOAD_INVALID', `malformed Content-Range ${JSON.stringify(value)}`);
  }
  const declared = header(ex.req, 'content-length');
  if (declared !== undefined && Number(declared) !== end - start + 1) {
    throw new RegistryHttpError(400, 'BLOB_UPLOAD_INVALID', 'Content-Range and Content-Length disagree', {
      detail: { contentRange: value, contentLength: declared },
    });
  }
  return start;
}

function sessionHeaders(repo: string, id: string, sizeBytes: number): Record<string, string> {
  return {
    Location: `/v2/${repo}/blobs/uploads/${id}`,
    'Docker-Upload-UUID': id,
    Range: uploadRange(sizeBytes),
  };
}

function blobHeaders(repo: string, digest: string): Record<string, string> {
  return { Location: `/v2/${repo}/blobs/${digest}`, 'Docker-Content-Digest': digest };
}
