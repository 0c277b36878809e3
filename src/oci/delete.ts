/**
 * DELETE /v2/<repo>/manifests/<digest>: 202 Accepted. Registries that disable
 * deletion answer 405 (or 400 UNSUPPORTED); that is a RegistryError like any
 * other unexpected status.
 */
import { repoScope } from './auth.ts';
import { assertDigest } from '../oci-spec/digest.ts';
import { assertRepoName } from './reference.ts';
import { discard, expectStatus } from './response.ts';
import type { Transport } from './transport.ts';

export interface DeleteResult {
  readonly status: number;
  readonly durationMs: number;
  /** Injected clock at the 202. */
  readonly deletedAtMs: number;
}

export async function deleteManifest(transport: Transport, repo: string, digest: string, opts: { signal?: AbortSignal } = {}): Promise<DeleteResult> {
  assertRepoName(repo);
  assertDigest(digest, 'manifest digest');
  const startedMs = transport.now();
  const ex = await transport.request({
    method: 'DELETE',
    url: `/v2/${repo}/manifests/${digest}`,
    scopes: [repoScope(repo, ['delete'])],
    signal: opts.signal,
  });
  await expectStatus(ex, [202]);
  await discard(ex);
  return { status: ex.status, durationMs: ex.headersAtMs - startedMs, deletedAtMs: ex.headersAtMs };
}
