/**
 * Upload sessions (distribution spec "Pushing blobs"): open one with POST
 * (optionally as a cross-repository mount), read its Location (relative or
 * absolute, with query state such as docker-registry's `_state` kept byte for
 * byte), read Range progress, close it with `PUT …?digest=`, cancel it.
 */
import { DigestMismatchError } from '../errors.ts';
import { repoScope } from './auth.ts';
import { digestAlgorithm } from '../oci-spec/digest.ts';
import { discard, expectStatus, header, locationOf, registryError, type Exchange } from './response.ts';
import type { Transport } from './transport.ts';

export interface UploadContext {
  readonly transport: Transport;
  readonly repo: string;
  readonly scopes: readonly string[];
  readonly signal: AbortSignal | undefined;
  readonly counter: { requests: number };
}

export type UploadStart =
  | { readonly kind: 'mounted' }
  | { readonly kind: 'session'; readonly location: URL; readonly minChunkBytes: number | undefined };

export function pushScopes(repo: string, mountFrom?: string): string[] {
  const scopes = [repoScope(repo, ['pull', 'push'])];
  if (mountFrom !== undefined && mountFrom !== repo) scopes.push(repoScope(mountFrom, ['pull']));
  return scopes;
}

/** POST /v2/<repo>/blobs/uploads/ (with ?mount=&from= when mounting): 201 mounted, 202 a session. */
export async function startUpload(ctx: UploadContext, mount?: { digest: string; from: string }): Promise<UploadStart> {
  const query = mount ? `?mount=${encodeURIComponent(mount.digest)}&from=${encodeURIComponent(mount.from)}` : '';
  const ex = await ctx.transport.request({
    method: 'POST',
    url: `/v2/${ctx.repo}/blobs/uploads/${query}`,
    headers: { 'content-length': '0' },
    scopes: ctx.scopes,
    signal: ctx.signal,
    counter: ctx.counter,
  });
  if (mount && ex.status === 201) {
    checkDigestHeader(ex, mount.digest, 'mounted blob');
    await discard(ex);
    return { kind: 'mounted' };
  }
  await expectStatus(ex, [202]);
  const location = locationOf(ex);
  const min = Number(header(ex, 'oci-chunk-min-length'));
  await discard(ex);
  return { kind: 'session', location, minChunkBytes: Number.isSafeInteger(min) && min > 0 ? min : undefined };
}

/** The upload URL with `digest=` appended, its existing query kept verbatim. */
export function withDigest(location: URL, digest: string): URL {
  const url = new URL(location.href);
  const param = `digest=${encodeURIComponent(digest)}`;
  url.search = url.search ? `${url.search}&${param}` : `?${param}`;
  return url;
}

/**
 * Bytes the registry holds, from a Range of `0-N` or `bytes=0-N` (inclusive):
 * N+1. `0-0` is ambiguous in the spec (empty, or one byte); it is read as 0,
 * the state of a fresh session. Undefined when absent or unparsable.
 */
export function uploadedBytes(range: string | undefined): number | undefined {
  const m = /^\s*(?:bytes=)?0-(\d+)\s*$/.exec(range ?? '');
  if (!m) return undefined;
  const end = Number(m[1]);
  return end === 0 ? 0 : end + 1;
}

/** The Location of an upload response, or the previous one when the registry sent none. */
export function nextLocation(ex: Exchange, previous: URL): URL {
  return header(ex, 'location') ? locationOf(ex) : previous;
}

/** PUT <location>&digest=…: the body (whole blob, or nothing after PATCHes) closes the session. Expects 201. */
export async function finishUpload(
  ctx: UploadContext,
  location: URL,
  digest: string,
  body: { sizeBytes: number; stream: () => AsyncIterable<Uint8Array> } | undefined,
): Promise<void> {
  const headers: Record<string, string> = { 'content-length': String(body?.sizeBytes ?? 0) };
  if (body) headers['content-type'] = 'application/octet-stream';
  const ex = await ctx.transport.request({
    method: 'PUT',
    url: withDigest(location, digest),
    headers,
    ...(body ? { body: body.stream } : {}),
    scopes: ctx.scopes,
    signal: ctx.signal,
    counter: ctx.counter,
  });
  await expectStatus(ex, [201]);
  checkDigestHeader(ex, digest, 'uploaded blob');
  await discard(ex);
}

/** GET <location>: the session's progress (204 with Range). Returns the bytes held and the current Location. */
export async function uploadStatus(ctx: UploadContext, location: URL): Promise<{ offsetBytes: number; location: URL }> {
  const ex = await ctx.transport.request({ method: 'GET', url: location, scopes: ctx.scopes, signal: ctx.signal, counter: ctx.counter });
  if (ex.status !== 204 && ex.status !== 200) throw await registryError(ex);
  const offsetBytes = uploadedBytes(header(ex, 'range')) ?? 0;
  const next = nextLocation(ex, location);
  await discard(ex);
  return { offsetBytes, location: next };
}

/** DELETE <location>, best effort: a failed push should not leave a session behind, but cleanup never masks the failure. */
export async function cancelUpload(ctx: UploadContext, location: URL): Promise<void> {
  try {
    const ex = await ctx.transport.request({ method: 'DELETE', url: location, scopes: ctx.scopes, retries: 0, counter: ctx.counter });
    await discard(ex);
  } catch {
    // the original error is what the caller needs to see
  }
}

/** A Docker-Content-Digest of the same algorithm must equal what we sent. */
function checkDigestHeader(ex: Exchange, expected: string, what: string): void {
  const announced = header(ex, 'docker-content-digest');
  if (announced && digestAlgorithm(announced) === digestAlgorithm(expected) && announced !== expected) {
    throw new DigestMismatchError(expected, announced, `${what} (Docker-Content-Digest)`);
  }
}
