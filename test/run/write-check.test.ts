import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, AuthError, UnreachableError } from '../../src/errors.ts';
import { RegistryError } from '../../src/oci/errors.ts';
import type { PushImageResult } from '../../src/oci/push-image.ts';
import type { Pusher } from '../../src/run/push-phase.ts';
import { checkWrite, classifyPushFailure, WRITE_CHECK_REPOSITORY } from '../../src/run/write-check.ts';

const denied = (status: number, code?: string): RegistryError =>
  new RegistryError({ status, method: 'POST', url: '/v2/x/blobs/uploads/', ...(code ? { body: { ociCode: code as 'DENIED', rawCode: code, message: 'no', detail: undefined } } : {}) });

const classify = suite('classifyPushFailure');
classify('403, 405, DENIED and UNSUPPORTED are refusals; other failures are errors', () => {
  assert.is(classifyPushFailure(denied(403, 'DENIED')).outcome, 'denied');
  assert.is(classifyPushFailure(denied(405)).outcome, 'denied');
  assert.is(classifyPushFailure(denied(400, 'UNSUPPORTED')).outcome, 'denied');
  assert.equal(classifyPushFailure(new AuthError('no push scope', { status: 403 })).outcome, 'denied');
  assert.equal(classifyPushFailure(denied(500)), { outcome: 'errored', status: 500, message: 'POST /v2/x/blobs/uploads/ → 500: HTTP 500' });
  assert.equal(classifyPushFailure(new UnreachableError('http://x', 'cannot reach')).status, 0);
  assert.is(classifyPushFailure(new AuthError('bad password', { status: 401 })).outcome, 'errored');
});
classify.run();

function pusher(behaviour: 'accept' | 'deny' | 'abort', seen: string[] = []): Pusher {
  return {
    async pushImage(repo, tag, image) {
      seen.push(`${repo}:${tag}:${image.layers.length}:${image.layers[0]?.sizeBytes}`);
      if (behaviour === 'deny') throw denied(403, 'DENIED');
      if (behaviour === 'abort') throw new AbortedError();
      return { repo, tag, blobs: [], durationMs: 1, manifest: { digest: image.manifest.digest, status: 201, committedAtMs: 1, sentAtMs: 0, durationMs: 1, requests: 1 } } satisfies PushImageResult;
    },
  };
}

const check = suite('checkWrite');
check('pushes one 1 KiB layer to replbench/write-check:<region> and reports the outcome', async () => {
  const seen: string[] = [];
  assert.is((await checkWrite(pusher('deny', seen), 'line1', { seed: 1 })).outcome, 'denied');
  assert.equal(seen, [`${WRITE_CHECK_REPOSITORY}:line1:1:1024`]);
  const ok = await checkWrite(pusher('accept'), 'line1', { seed: 1 });
  assert.is(ok.outcome, 'accepted');
  assert.match(ok.message, /^pushed replbench\/write-check:line1 \(sha256:/);
});
check('a cancelled check rethrows', async () => {
  const ac = new AbortController();
  ac.abort();
  try {
    await checkWrite(pusher('abort'), 'x', { seed: 1, signal: ac.signal });
    assert.unreachable('should have thrown');
  } catch (err: unknown) {
    assert.instance(err, AbortedError);
  }
});
check.run();
