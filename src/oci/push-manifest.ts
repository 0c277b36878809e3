/**
 * PUT /v2/<repo>/manifests/<reference>. The 201 is the commit point of a push:
 * `committedAtMs` (injected clock when the 201's headers arrived) is the t0 of
 * every replication-lag measurement.
 */
import { DigestMismatchError, UsageError } from '../errors.ts';
import { repoScope } from './auth.ts';
import { digestAlgorithm, digestOf, isValidDigest } from '../oci-spec/digest.ts';
import { assertManifestReference, assertRepoName } from './reference.ts';
import { discard, expectStatus, header } from './response.ts';
import type { Transport } from './transport.ts';

export interface ManifestUpload {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
}

export interface PushManifestResult {
  /** The registry's Docker-Content-Digest, checked against ours; ours when it sent none. */
  readonly digest: string;
  readonly status: number;
  /** Injected clock at the 201: t0 of lag measurement. */
  readonly committedAtMs: number;
  /** Injected clock when the final PUT was sent. */
  readonly sentAtMs: number;
  readonly durationMs: number;
  readonly requests: number;
}

export async function pushManifest(
  transport: Transport,
  repo: string,
  reference: string,
  manifest: ManifestUpload,
  opts: { signal?: AbortSignal } = {},
): Promise<PushManifestResult> {
  assertRepoName(repo);
  assertManifestReference(reference);
  const algorithm = isValidDigest(reference) ? digestAlgorithm(reference) : 'sha256';
  const computed = digestOf(manifest.bytes, algorithm);
  if (isValidDigest(reference) && reference !== computed) {
    throw new UsageError(`manifest pushed by digest ${reference} hashes to ${computed}`);
  }
  const counter = { requests: 0 };
  const startedMs = transport.now();
  const ex = await transport.request({
    method: 'PUT',
    url: `/v2/${repo}/manifests/${reference}`,
    headers: { 'content-type': manifest.mediaType, 'content-length': String(manifest.bytes.byteLength) },
    body: () => manifest.bytes,
    scopes: [repoScope(repo, ['pull', 'push'])],
    signal: opts.signal,
    counter,
  });
  await expectStatus(ex, [201]);
  const committedAtMs = ex.headersAtMs;
  await discard(ex);
  const announced = header(ex, 'docker-content-digest');
  if (announced !== undefined && announced !== computed && digestAlgorithm(announced) === algorithm) {
    throw new DigestMismatchError(computed, announced, `manifest ${repo}:${reference} (Docker-Content-Digest)`);
  }
  return {
    digest: computed,
    status: ex.status,
    committedAtMs,
    sentAtMs: ex.sentAtMs,
    durationMs: committedAtMs - startedMs,
    requests: counter.requests,
  };
}
