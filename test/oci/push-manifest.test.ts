import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DigestMismatchError, UsageError } from '../../src/errors.ts';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { fakeImage } from '../helpers/fake-image.ts';
import { sendEmpty } from '../helpers/fake-server.ts';
import { testClient } from '../helpers/test-client.ts';

const push = suite('pushManifest');

push('PUT with Content-Type = mediaType; committedAtMs is the clock at the 201', async () => {
  const reg = await startFakeRegistry();
  let clockMs = 100;
  const { client } = testClient(reg.origin, { now: () => (clockMs += 10) });
  const image = fakeImage('pm');
  try {
    for (const b of [image.config, ...image.layers]) await client.pushBlob('app', b, { mode: 'monolithic' });
    const before = clockMs;
    const r = await client.pushManifest('app', 'v1', image.manifest);
    assert.is(r.status, 201);
    assert.is(r.digest, image.manifest.digest);
    assert.is(r.committedAtMs, before + 30); // start, sent, headers
    assert.is(r.sentAtMs, before + 20);
    assert.is(r.durationMs, 20);
    assert.is(r.requests, 1);
    const put = reg.requests.at(-1)!;
    assert.is(put.headers['content-type'], image.manifest.mediaType);
    assert.ok(put.body.equals(image.manifest.bytes));
    assert.is(await reg.store.tagGet('app', 'v1'), image.manifest.digest);
    const byDigest = await client.pushManifest('app', image.manifest.digest, image.manifest);
    assert.is(byDigest.digest, image.manifest.digest);
  } finally {
    await client.close();
    await reg.close();
  }
});

push('a Docker-Content-Digest that differs from the bytes is a DigestMismatchError', async () => {
  const reg = await startFakeRegistry();
  reg.intercept = (_req, res) => (sendEmpty(res, 201, { 'docker-content-digest': `sha256:${'0'.repeat(64)}` }), true);
  const { client } = testClient(reg.origin);
  try {
    await client.pushManifest('app', 'v1', fakeImage('x').manifest);
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof DigestMismatchError, String(e));
  } finally {
    await client.close();
    await reg.close();
  }
});

push('pushing by a digest the bytes do not hash to is refused before sending', async () => {
  const { client } = testClient('http://127.0.0.1:9');
  try {
    await client.pushManifest('app', `sha256:${'1'.repeat(64)}`, fakeImage('y').manifest);
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
  } finally {
    await client.close();
  }
});
push.run();
