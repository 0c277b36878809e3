import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthError, DigestMismatchError, UnreachableError, type ReplbenchError } from '../../src/errors.ts';
import { RegistryError } from '../../src/oci/errors.ts';
import type { ProbeResult } from '../../src/oci/probe.ts';
import { verdictOf } from '../../src/measure/probe-verdict.ts';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const times = { sentAtMs: 0, atMs: 10, latencyMs: 10 };
const present = (digest: string | undefined): ProbeResult => ({ kind: 'present', status: 200, digest, sizeBytes: 1, ...times });
const error = (status: number, err: ReplbenchError = new RegistryError({ status, method: 'HEAD', url: '/v2/a/manifests/x' })): ProbeResult => ({ kind: 'error', status, error: err, ...times });

const verdict = suite('verdictOf');
verdict('present is a hit; by tag only when the digest matches (or is not sent)', () => {
  assert.equal(verdictOf(present(D1)), { kind: 'hit' });
  assert.equal(verdictOf(present(D1), D1), { kind: 'hit' });
  assert.equal(verdictOf(present(undefined), D1), { kind: 'hit' });
  assert.equal(verdictOf(present(D2), D1), { kind: 'miss', otherDigest: D2 });
});
verdict('404 is a miss; 429 is throttled with its Retry-After', () => {
  assert.equal(verdictOf({ kind: 'absent', status: 404, ...times }), { kind: 'miss' });
  assert.equal(verdictOf({ kind: 'throttled', status: 429, retryAfterMs: 2000, ...times }), { kind: 'throttled', retryAfterMs: 2000 });
});
verdict('no answer, 408, 5xx and a contradicting digest are transient', () => {
  for (const r of [error(0, new UnreachableError('x', 'cannot reach x')), error(408), error(500), error(503), error(200, new DigestMismatchError(D1, D2, 'HEAD'))]) {
    assert.is(verdictOf(r).kind, 'transient', String(r.status));
  }
  const v = verdictOf(error(503));
  assert.ok(v.kind === 'transient' && v.status === 503 && /503/.test(v.reason));
});
verdict('401, 403 and other 4xx are fatal', () => {
  for (const r of [error(401, new AuthError('refused', { status: 401 })), error(403), error(400), error(405)]) {
    assert.is(verdictOf(r).kind, 'fatal', String(r.status));
  }
});
verdict.run();
