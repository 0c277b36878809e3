/**
 * GET /v2/<repo>/blobs/<digest>, following redirects by hand (a registry
 * typically sends blob downloads to object storage or a CDN). Each hop's
 * status, host and latency is recorded. Authorization goes only to the
 * registry's own origin (the transport enforces it). Every byte is hashed as it
 * streams past and then dropped: nothing of the blob is kept in memory.
 */
import { redactUrl } from '../redact.ts';
import { DigestMismatchError, ProtocolError } from '../errors.ts';
import { repoScope } from './auth.ts';
import { assertDigest, DigestVerifier, isValidDigest } from '../oci-spec/digest.ts';
import { assertRepoName } from './reference.ts';
import { discard, expectStatus, header, locationOf, type Exchange } from './response.ts';
import type { PullTiming } from './pull-manifest.ts';
import type { Transport } from './transport.ts';

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface BlobHop {
  readonly status: number;
  /** host[:port] only: redirect targets often carry signatures in their query. */
  readonly host: string;
  /** Request sent → response headers, for this hop. */
  readonly latencyMs: number;
}

export interface PullBlobResult {
  readonly digest: string;
  readonly sizeBytes: number;
  /** Every response in order, the final 200 included. */
  readonly hops: readonly BlobHop[];
  readonly timing: PullTiming;
  readonly requests: number;
}

export interface BlobToPull {
  readonly digest: string;
  /** When known (from a descriptor), the byte count is checked too. */
  readonly size?: number;
}

export async function pullBlob(transport: Transport, repo: string, blob: BlobToPull, opts: { signal?: AbortSignal } = {}): Promise<PullBlobResult> {
  assertRepoName(repo);
  assertDigest(blob.digest, 'blob digest');
  const verifier = new DigestVerifier(blob.digest);
  const counter = { requests: 0 };
  const hops: BlobHop[] = [];
  const startedMs = transport.now();
  let url: string | URL = `/v2/${repo}/blobs/${blob.digest}`;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const ex = await transport.request({ method: 'GET', url, scopes: [repoScope(repo, ['pull'])], signal: opts.signal, counter });
    hops.push({ status: ex.status, host: ex.url.host, latencyMs: ex.headersAtMs - ex.sentAtMs });
    if (REDIRECT_STATUSES.has(ex.status)) {
      url = redirectTarget(ex);
      await discard(ex);
      continue;
    }
    await expectStatus(ex, [200]);
    checkAnnouncedDigest(ex, blob.digest);
    const firstByteAtMs = await streamInto(transport, ex, verifier, blob.size, opts.signal);
    const doneMs = transport.now();
    const what = `blob ${blob.digest} of ${repo}`;
    if (blob.size !== undefined && verifier.sizeBytes !== blob.size) {
      throw new ProtocolError(`${what}: expected ${blob.size} bytes (the descriptor's size), got ${verifier.sizeBytes}`);
    }
    verifier.verify(what);
    return {
      digest: blob.digest,
      sizeBytes: verifier.sizeBytes,
      hops,
      timing: { ttfbMs: (firstByteAtMs ?? doneMs) - startedMs, totalMs: doneMs - startedMs, bytes: verifier.sizeBytes },
      requests: counter.requests,
    };
  }
  throw new ProtocolError(`blob ${blob.digest} of ${repo}: more than ${MAX_REDIRECTS} redirects`);
}

/** A redirect's Location, which must be an http(s) URL: anything else (ftp:, file:, data:) is named, never followed. */
function redirectTarget(ex: Exchange): URL {
  const target = locationOf(ex);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    // Scheme and host only: the rest of a Location may carry a signature.
    const shown = target.host !== '' ? `${target.protocol}//${target.host}/…` : `${target.protocol}…`;
    throw new ProtocolError(`${ex.method} ${redactUrl(ex.url)} → ${ex.status}: expected a Location with an http: or https: URL, got a ${target.protocol} URL (${shown})`);
  }
  return target;
}

/** A Docker-Content-Digest on the blob's answer must be the blob's (storage behind a redirect usually sends none). */
function checkAnnouncedDigest(ex: Exchange, expected: string): void {
  const announced = header(ex, 'docker-content-digest');
  if (announced === undefined || announced === expected) return;
  if (!isValidDigest(announced)) {
    throw new ProtocolError(`${ex.method} ${redactUrl(ex.url)}: expected a Docker-Content-Digest of ${expected}, got the malformed ${JSON.stringify(announced.slice(0, 80))}`);
  }
  throw new DigestMismatchError(expected, announced, `${ex.method} ${redactUrl(ex.url)} (Docker-Content-Digest)`);
}

/**
 * Hashes the body chunk by chunk; returns when the first body byte arrived
 * (undefined for an empty body). With a known size, a body longer than it is
 * cut off at once, not downloaded to the end.
 */
async function streamInto(transport: Transport, ex: Exchange, verifier: DigestVerifier, sizeBytes: number | undefined, signal?: AbortSignal): Promise<number | undefined> {
  let firstByteAtMs: number | undefined;
  try {
    for await (const chunk of ex.body as AsyncIterable<Buffer>) {
      firstByteAtMs ??= transport.now();
      verifier.update(chunk);
      if (sizeBytes !== undefined && verifier.sizeBytes > sizeBytes) {
        ex.body.destroy();
        throw new ProtocolError(`${ex.method} ${redactUrl(ex.url)}: expected ${sizeBytes} bytes (the descriptor's size), got more than that`);
      }
    }
  } catch (err) {
    throw transport.bodyError(err, ex, signal);
  }
  return firstByteAtMs;
}
