/**
 * Existence probes for replication watching: one HEAD, no 429/503 retries
 * (the watcher owns its schedule and its probe budget). Every outcome is a
 * result, never an exception: 404 is 'absent', 429 'throttled', anything else
 * unexpected 'error'. A probe that got no HTTP answer at all (unreachable,
 * timeout) is 'error' with status 0. Only a caller abort and invalid arguments
 * throw.
 *
 * Times are on the injected clock: `sentAtMs` when the request that produced
 * the answer left, `atMs` when its headers arrived. The registry evaluated the
 * state somewhere in between, which is what lag bracketing needs.
 */
import { AbortedError, AuthError, DigestMismatchError, ReplbenchError } from '../errors.ts';
import { repoScope } from './auth.ts';
import { assertDigest, isValidDigest } from '../oci-spec/digest.ts';
import { MANIFEST_ACCEPT } from '../oci-spec/media-types.ts';
import { assertManifestReference, assertRepoName } from './reference.ts';
import { discard, header, registryError, type Exchange } from './response.ts';
import type { Transport } from './transport.ts';

interface ProbeTimes {
  readonly latencyMs: number;
  readonly sentAtMs: number;
  readonly atMs: number;
}

export type ProbeResult =
  | ({ readonly kind: 'present'; readonly status: number; readonly digest: string | undefined; readonly sizeBytes: number | undefined } & ProbeTimes)
  | ({ readonly kind: 'absent'; readonly status: 404 } & ProbeTimes)
  | ({ readonly kind: 'throttled'; readonly status: 429; readonly retryAfterMs: number | undefined } & ProbeTimes)
  | ({ readonly kind: 'error'; readonly status: number; readonly error: ReplbenchError } & ProbeTimes);

export async function probeManifest(transport: Transport, repo: string, ref: string, opts: { signal?: AbortSignal } = {}): Promise<ProbeResult> {
  assertRepoName(repo);
  assertManifestReference(ref);
  return probe(transport, repo, `/v2/${repo}/manifests/${ref}`, { accept: MANIFEST_ACCEPT.join(', ') }, isValidDigest(ref) ? ref : undefined, opts.signal);
}

export async function probeBlob(transport: Transport, repo: string, digest: string, opts: { signal?: AbortSignal } = {}): Promise<ProbeResult> {
  assertRepoName(repo);
  assertDigest(digest, 'blob digest');
  return probe(transport, repo, `/v2/${repo}/blobs/${digest}`, {}, digest, opts.signal);
}

async function probe(
  transport: Transport,
  repo: string,
  path: string,
  headers: Record<string, string>,
  expectedDigest: string | undefined,
  signal: AbortSignal | undefined,
): Promise<ProbeResult> {
  const startedMs = transport.now();
  let ex: Exchange;
  try {
    ex = await transport.request({ method: 'HEAD', url: path, headers, scopes: [repoScope(repo, ['pull'])], retries: 0, signal });
  } catch (err) {
    if (err instanceof AbortedError || !(err instanceof ReplbenchError)) throw err;
    const atMs = transport.now();
    const status = err instanceof AuthError ? (err.status ?? 401) : 0;
    const times = { latencyMs: atMs - startedMs, sentAtMs: startedMs, atMs };
    // A token endpoint that throttles is throttling, not refused credentials.
    if (status === 429) return { kind: 'throttled', status, retryAfterMs: undefined, ...times };
    return { kind: 'error', status, error: err, ...times };
  }
  await discard(ex);
  const times: ProbeTimes = { latencyMs: ex.headersAtMs - ex.sentAtMs, sentAtMs: ex.sentAtMs, atMs: ex.headersAtMs };
  const status = ex.status;
  // A redirect from a blob HEAD means the registry resolved the blob and points at its storage.
  if (status === 200 || (status >= 300 && status < 400 && header(ex, 'location') !== undefined)) {
    const digest = header(ex, 'docker-content-digest');
    const length = Number(header(ex, 'content-length'));
    if (expectedDigest !== undefined && digest !== undefined && isValidDigest(digest) && digest !== expectedDigest) {
      return { kind: 'error', status, error: new DigestMismatchError(expectedDigest, digest, `HEAD ${path} (Docker-Content-Digest)`), ...times };
    }
    const sizeBytes = status === 200 && Number.isSafeInteger(length) && length >= 0 && header(ex, 'content-length') !== undefined ? length : undefined;
    return { kind: 'present', status, digest: digest ?? expectedDigest, sizeBytes, ...times };
  }
  if (status === 404) return { kind: 'absent', status, ...times };
  if (status === 429) return { kind: 'throttled', status, retryAfterMs: ex.retryAfterMs, ...times };
  return { kind: 'error', status, error: await registryError(ex), ...times };
}
