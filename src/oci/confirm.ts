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
 * Cost: 1 GET per manifest + 1 Range GET per blob (+ redirect hops), in one
 * round trip when the caller names the blobs (they go out with the manifest
 * GET; a blob the manifest lists but the caller did not name follows). Every
 * outcome is a result: `inconsistent` with a reason when the replica lied,
 * `inconclusive` when it did not answer usefully (429, 5xx, no answer) and the
 * confirm is worth trying again. Only a caller abort throws.
 */
import { AbortedError, AuthError, DigestMismatchError, describeError, ProtocolError, ReplbenchError } from '../errors.ts';
import { repoScope } from './auth.ts';
import { RegistryError } from './errors.ts';
import type { Descriptor } from '../oci-spec/media-types.ts';
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
  /** Blob digests the push named: their Range GETs go out with the manifest GET, not after it. */
  readonly blobs?: readonly string[];
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
  // The blobs the push named are asked for beside the manifest (one round trip, not two); their sizes are checked once it arrives.
  const prefetched = new Map<string, Promise<RangeAnswer>>();
  if (opts.manifestOnly !== true) {
    for (const d of new Set(opts.blobs ?? [])) {
      const answer = rangeGet(transport, repo, d, opts.signal, counter);
      answer.catch(() => undefined); // awaited below; a manifest verdict may come first
      prefetched.set(d, answer);
    }
  }
  let result: Verdict['result'] | { kind: 'confirmed'; blobs: number };
  try {
    result = { kind: 'confirmed', blobs: await confirmManifest(transport, repo, digest, opts, counter, 0, prefetched) };
  } catch (err) {
    await Promise.allSettled(prefetched.values());
    if (err instanceof Verdict) result = err.result;
    else if (err instanceof AbortedError || !(err instanceof ReplbenchError)) throw err;
    else result = classify(err, `confirm of ${repo}@${digest}`);
  }
  await Promise.allSettled(prefetched.values());
  return { ...result, ...done() };
}

async function confirmManifest(
  t: Transport,
  repo: string,
  digest: string,
  opts: ConfirmOptions,
  counter: { requests: number },
  depth: number,
  prefetched?: ReadonlyMap<string, Promise<RangeAnswer>>,
): Promise<number> {
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
  const answers = await Promise.all(descriptors.map((d) => prefetched?.get(d.digest) ?? rangeGet(t, repo, d.digest, opts.signal, counter)));
  descriptors.forEach((d, i) => checkBlob(d, answers[i] as RangeAnswer, opts));
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

/** What a blob's Range GET found: its total size (when the answer said) and the bytes that arrived; or the status it ended on. */
type RangeAnswer =
  | { readonly kind: 'content'; readonly status: number; readonly total: number | undefined; readonly got: number }
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterMs: number | undefined }
  | { readonly kind: 'unreadable'; readonly detail: string };

/** One-byte Range GET of a blob, redirects followed; never throws a verdict (the sizes are checked by checkBlob). */
async function rangeGet(t: Transport, repo: string, digest: string, signal: AbortSignal | undefined, counter: { requests: number }): Promise<RangeAnswer> {
  let url: string | URL = `/v2/${repo}/blobs/${digest}`;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const ex: Exchange = await t.request({ method: 'GET', url, headers: { range: 'bytes=0-0' }, scopes: [repoScope(repo, ['pull'])], signal, counter });
    if (REDIRECT_STATUSES.has(ex.status)) {
      await discard(ex);
      try {
        url = locationOf(ex);
      } catch (err) {
        return { kind: 'unreadable', detail: describeError(err) };
      }
      continue;
    }
    if (ex.status === 206 || ex.status === 200) {
      const total = ex.status === 206 ? contentRangeTotal(header(ex, 'content-range')) : contentLength(header(ex, 'content-length'));
      return { kind: 'content', status: ex.status, total, got: await firstBytes(t, ex, signal) };
    }
    await discard(ex);
    return { kind: 'status', status: ex.status, retryAfterMs: ex.retryAfterMs };
  }
  return { kind: 'unreadable', detail: `more than ${MAX_REDIRECTS} redirects` };
}

/** A blob's Range GET against its descriptor: content of the descriptor's size, or a verdict. */
function checkBlob(d: Descriptor, a: RangeAnswer, opts: ConfirmOptions): void {
  checkHeadSize(opts, d.digest, d.size, 'blob');
  const what = `blob ${d.digest}`;
  if (a.kind === 'unreadable') throw new Verdict({ kind: 'inconsistent', reason: 'blob-unreadable', detail: `${what}: ${a.detail}` });
  if (a.kind === 'content') {
    if (a.total !== undefined && a.total !== d.size) {
      throw new Verdict({ kind: 'inconsistent', reason: 'size-mismatch', detail: `${what}: the replica serves ${a.total} bytes, the manifest's descriptor says ${d.size}` });
    }
    if (a.got === 0 && d.size > 0) throw new Verdict({ kind: 'inconsistent', reason: 'blob-unreadable', detail: `${what}: HTTP ${a.status} with no content (descriptor: ${d.size} bytes)` });
    return;
  }
  const status = a.status;
  if (status === 416 && d.size === 0) return; // bytes=0-0 of an empty blob cannot be satisfied: it exists
  if (status === 404) throw new Verdict({ kind: 'inconsistent', reason: 'head-lies', detail: `${what}: HEAD answered present, GET answered 404` });
  if (status === 416) throw new Verdict({ kind: 'inconsistent', reason: 'size-mismatch', detail: `${what}: the replica has no byte 0 (416), the descriptor says ${d.size} bytes` });
  if (status === 429 || status >= 500) throw new Verdict({ kind: 'inconclusive', status, detail: `${what}: HTTP ${status}`, retryAfterMs: a.retryAfterMs });
  if (status === 401 || status === 403) throw new Verdict({ kind: 'inconclusive', status, detail: `${what}: credentials refused (HTTP ${status})`, retryAfterMs: undefined });
  throw new Verdict({ kind: 'inconsistent', reason: 'blob-unreadable', detail: `${what}: GET answered HTTP ${status}` });
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
