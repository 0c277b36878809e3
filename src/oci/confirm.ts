/**
 * The confirm step of a replication watch: HEAD answers say an artifact is
 * present, and a replica can lie (200 to every HEAD, sizes made up, content
 * missing). Before a watch counts an artifact as replicated it checks, once,
 * that the content is really there:
 *
 * - GET the manifest by digest; its body must hash to the digest (so its
 *   descriptors are the pushed ones). An index: every child manifest too.
 * - every blob of it: a one-byte Range GET (`bytes=0-0`), redirects followed;
 *   a 206's Content-Range total, or a 200's Content-Length when the range is
 *   ignored, must equal the descriptor's size, and a byte must arrive. Proves
 *   the blob's content exists at the size the manifest says, for one request
 *   and one byte per blob — it does not prove every byte (the pull phase
 *   hashes those and counts `digest-mismatch`).
 * - the HEAD sizes the probes saw, when given, must equal the descriptors'.
 *
 * Cost: 1 GET per manifest + 1 Range GET per blob (+ redirect hops). Every
 * outcome is a result: `inconsistent` with a reason when the replica lied,
 * `inconclusive` when it did not answer usefully (429, 5xx, no answer) and the
 * confirm is worth trying again. Only a caller abort throws.
 */
import { AbortedError, AuthError, DigestMismatchError, describeError, ProtocolError, ReplbenchError } from '../errors.ts';
import { repoScope } from './auth.ts';
import { RegistryError } from './errors.ts';
import type { Descriptor } from './media-types.ts';
import { pullManifest, type ParsedManifest } from './pull-manifest.ts';
import { MAX_REDIRECTS } from './pull-blob.ts';
import { discard, header, locationOf, type Exchange } from './response.ts';
import type { Transport } from './transport.ts';

export type InconsistencyReason = 'head-lies' | 'size-mismatch' | 'blob-unreadable';

export type ConfirmResult =
  | { readonly kind: 'confirmed'; readonly requests: number; readonly elapsedMs: number; readonly blobs: number }
  | { readonly kind: 'inconsistent'; readonly reason: InconsistencyReason; readonly detail: string; readonly requests: number; readonly elapsedMs: number }
  | { readonly kind: 'inconclusive'; readonly status: number; readonly detail: string; readonly retryAfterMs: number | undefined; readonly requests: number; readonly elapsedMs: number };

export interface ConfirmOptions {
  readonly signal?: AbortSignal;
  /** Sizes (Content-Length) the HEAD probes reported, by digest: each must match its descriptor. */
  readonly headSizes?: ReadonlyMap<string, number>;
  /** Confirm the manifest only (probe mode 'manifest'). */
  readonly manifestOnly?: boolean;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_CHILD_MANIFESTS = 64;

/** Thrown inside the confirm to end it with a verdict; never escapes confirmArtifact. */
class Verdict extends Error {
  constructor(readonly result: { kind: 'inconsistent'; reason: InconsistencyReason; detail: string } | { kind: 'inconclusive'; status: number; detail: string; retryAfterMs: number | undefined }) {
    super(result.detail);
  }
}

export async function confirmArtifact(transport: Transport, repo: string, digest: string, opts: ConfirmOptions = {}): Promise<ConfirmResult> {
  const counter = { requests: 0 };
  const startedMs = transport.now();
  const done = (): { requests: number; elapsedMs: number } => ({ requests: counter.requests, elapsedMs: transport.now() - startedMs });
  try {
    const blobs = await confirmManifest(transport, repo, digest, opts, counter, 0);
    return { kind: 'confirmed', blobs, ...done() };
  } catch (err) {
    if (err instanceof Verdict) return { ...err.result, ...done() };
    if (err instanceof AbortedError || !(err instanceof ReplbenchError)) throw err;
    return { ...classify(err, `confirm of ${repo}@${digest}`), ...done() };
  }
}

async function confirmManifest(t: Transport, repo: string, digest: string, opts: ConfirmOptions, counter: { requests: number }, depth: number): Promise<number> {
  let parsed: ParsedManifest;
  let sizeBytes: number;
  try {
    const m = await pullManifest(t, repo, digest, opts.signal ? { signal: opts.signal } : {});
    counter.requests += m.requests;
    parsed = m.parsed;
    sizeBytes = m.bytes.byteLength;
  } catch (err) {
    counter.requests++;
    if (err instanceof RegistryError && err.status === 404) {
      throw new Verdict({ kind: 'inconsistent', reason: 'head-lies', detail: `manifest ${digest}: HEAD answered present, GET answered 404` });
    }
    if (err instanceof DigestMismatchError || err instanceof ProtocolError) {
      throw new Verdict({ kind: 'inconsistent', reason: 'blob-unreadable', detail: `manifest ${digest}: ${describeError(err)}` });
    }
    throw err;
  }
  checkHeadSize(opts, digest, sizeBytes, 'manifest');
  if (opts.manifestOnly === true) return 0;
  if (parsed.kind === 'index') {
    if (depth > 0) throw new Verdict({ kind: 'inconsistent', reason: 'blob-unreadable', detail: `manifest ${digest}: an index inside an index` });
    let blobs = 0;
    for (const child of parsed.index.manifests.slice(0, MAX_CHILD_MANIFESTS)) blobs += await confirmManifest(t, repo, child.digest, { ...opts, headSizes: new Map() }, counter, depth + 1);
    return blobs;
  }
  const descriptors = uniqueByDigest([parsed.manifest.config, ...parsed.manifest.layers]);
  await Promise.all(descriptors.map((d) => confirmBlob(t, repo, d, opts, counter)));
  return descriptors.length;
}

function uniqueByDigest(ds: readonly Descriptor[]): Descriptor[] {
  const seen = new Map<string, Descriptor>();
  for (const d of ds) if (!seen.has(d.digest)) seen.set(d.digest, d);
  return [...seen.values()];
}

function checkHeadSize(opts: ConfirmOptions, digest: string, sizeBytes: number, what: string): void {
  const head = opts.headSizes?.get(digest);
  if (head !== undefined && head !== sizeBytes) {
    throw new Verdict({ kind: 'inconsistent', reason: 'size-mismatch', detail: `${what} ${digest}: HEAD said ${head} bytes, the manifest's descriptor ${sizeBytes}` });
  }
}

/** One-byte Range GET of a blob, redirects followed; its size must match the descriptor. */
async function confirmBlob(t: Transport, repo: string, d: Descriptor, opts: ConfirmOptions, counter: { requests: number }): Promise<void> {
  checkHeadSize(opts, d.digest, d.size, 'blob');
  const what = `blob ${d.digest}`;
  let url: string | URL = `/v2/${repo}/blobs/${d.digest}`;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const ex: Exchange = await t.request({ method: 'GET', url, headers: { range: 'bytes=0-0' }, scopes: [repoScope(repo, ['pull'])], signal: opts.signal, counter });
    if (REDIRECT_STATUSES.has(ex.status)) {
      await discard(ex);
      try {
        url = locationOf(ex);
      } catch (err) {
        throw new Verdict({ kind: 'inconsistent', reason: 'blob-unreadable', detail: `${what}: ${describeError(err)}` });
      }
      continue;
    }
    if (ex.status === 206 || ex.status === 200) {
      const total = ex.status === 206 ? contentRangeTotal(header(ex, 'content-range')) : contentLength(header(ex, 'content-length'));
      const got = await firstBytes(t, ex, opts.signal);
      if (total !== undefined && total !== d.size) {
        throw new Verdict({ kind: 'inconsistent', reason: 'size-mismatch', detail: `${what}: the replica serves ${total} bytes, the manifest's descriptor says ${d.size}` });
      }
      if (got === 0 && d.size > 0) throw new Verdict({ kind: 'inconsistent', reason: 'blob-unreadable', detail: `${what}: HTTP ${ex.status} with no content (descriptor: ${d.size} bytes)` });
      return;
    }
    await discard(ex);
    if (ex.status === 416 && d.size === 0) return; // bytes=0-0 of an empty blob cannot be satisfied: it exists
    if (ex.status === 404) throw new Verdict({ kind: 'inconsistent', reason: 'head-lies', detail: `${what}: HEAD answered present, GET answered 404` });
    if (ex.status === 416) throw new Verdict({ kind: 'inconsistent', reason: 'size-mismatch', detail: `${what}: the replica has no byte 0 (416), the descriptor says ${d.size} bytes` });
    if (ex.status === 429 || ex.status >= 500) {
      throw new Verdict({ kind: 'inconclusive', status: ex.status, detail: `${what}: HTTP ${ex.status}`, retryAfterMs: ex.retryAfterMs });
    }
    if (ex.status === 401 || ex.status === 403) throw new Verdict({ kind: 'inconclusive', status: ex.status, detail: `${what}: credentials refused (HTTP ${ex.status})`, retryAfterMs: undefined });
    throw new Verdict({ kind: 'inconsistent', reason: 'blob-unreadable', detail: `${what}: GET answered HTTP ${ex.status}` });
  }
  throw new Verdict({ kind: 'inconsistent', reason: 'blob-unreadable', detail: `${what}: more than ${MAX_REDIRECTS} redirects` });
}

/** Bodies up to this size are read to their end (the connection stays in the pool); larger ones are cut after their first bytes. */
const READ_WHOLE_BYTES = 64 * 1024;

/** Bytes read: the whole body when it is small (a 206 of one byte), else the first chunk before the body is dropped. */
async function firstBytes(t: Transport, ex: Exchange, signal: AbortSignal | undefined): Promise<number> {
  const length = contentLength(header(ex, 'content-length'));
  const whole = length !== undefined && length <= READ_WHOLE_BYTES;
  let got = 0;
  try {
    for await (const chunk of ex.body as AsyncIterable<Buffer>) {
      got += chunk.byteLength;
      if (got > 0 && (!whole || got > READ_WHOLE_BYTES)) {
        ex.body.destroy();
        return got;
      }
    }
    return got;
  } catch (err) {
    throw t.bodyError(err, ex, signal);
  }
}

function contentRangeTotal(value: string | undefined): number | undefined {
  const m = /\/\s*(\d+)\s*$/.exec(value ?? '');
  return m ? Number(m[1]) : undefined;
}

function contentLength(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/** A request error that says nothing about the content: worth confirming again (429, 5xx, no answer, refused). */
function classify(err: ReplbenchError, what: string): { kind: 'inconclusive'; status: number; detail: string; retryAfterMs: number | undefined } {
  const status = err instanceof RegistryError ? err.status : err instanceof AuthError ? (err.status ?? 401) : 0;
  const retryAfterMs = err instanceof RegistryError ? err.retryAfterMs : undefined;
  return { kind: 'inconclusive', status, detail: `${what}: ${describeError(err)}`, retryAfterMs };
}
