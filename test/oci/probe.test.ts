import { createServer, type AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, DigestMismatchError, UnreachableError } from '../../src/errors.ts';
import { RegistryError } from '../../src/oci/errors.ts';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { fakeImage } from '../helpers/fake-image.ts';
import { sendEmpty, startServer } from '../helpers/fake-server.ts';
import { testClient } from '../helpers/test-client.ts';

const manifest = suite('probeManifest');
manifest('absent (404) then present with digest and size; times on the injected clock', async () => {
  const reg = await startFakeRegistry();
  let clockMs = 0;
  const { client } = testClient(reg.origin, { now: () => (clockMs += 5) });
  const image = fakeImage('probe');
  try {
    const absent = await client.probeManifest('app', image.manifest.digest);
    assert.is(absent.kind, 'absent');
    assert.is(absent.status, 404);
    assert.is(absent.latencyMs, 5);
    assert.is(absent.atMs - absent.sentAtMs, 5);
    await client.pushImage('app', 'v1', image, { mode: 'monolithic', concurrency: 1 });
    for (const ref of ['v1', image.manifest.digest]) {
      const present = await client.probeManifest('app', ref);
      assert.ok(present.kind === 'present', ref);
      assert.is(present.kind === 'present' && present.digest, image.manifest.digest);
      assert.is(present.kind === 'present' && present.sizeBytes, image.manifest.bytes.length);
      assert.is(reg.requests.at(-1)!.method, 'HEAD');
    }
  } finally {
    await client.close();
    await reg.close();
  }
});
manifest('a digest HEAD answered with another digest is an error result', async () => {
  const reg = await startFakeRegistry();
  const image = fakeImage('a');
  reg.intercept = (_req, res) => (sendEmpty(res, 200, { 'docker-content-digest': fakeImage('b').manifest.digest }), true);
  const { client } = testClient(reg.origin);
  try {
    const r = await client.probeManifest('app', image.manifest.digest);
    assert.ok(r.kind === 'error' && r.error instanceof DigestMismatchError);
  } finally {
    await client.close();
    await reg.close();
  }
});
manifest('a token endpoint answering 429 makes the probe throttled, not refused', async () => {
  let origin = '';
  const server = await startServer((req, res) => {
    if (req.url.startsWith('/token')) return sendEmpty(res, 429, { 'retry-after': '1' });
    sendEmpty(res, 401, { 'www-authenticate': `Bearer realm="${origin}/token",service="fake"` });
  });
  origin = server.origin;
  const { client } = testClient(server.origin);
  try {
    const r = await client.probeManifest('app', 'v1');
    assert.is(r.kind, 'throttled');
    assert.is(r.status, 429);
  } finally {
    await client.close();
    await server.close();
  }
});
manifest.run();

const blob = suite('probeBlob');
blob('429 is throttled with its Retry-After and no internal retry; 500 is an error result', async () => {
  let status = 429;
  const server = await startServer((_req, res) => sendEmpty(res, status, status === 429 ? { 'retry-after': '7' } : {}));
  const { client, sleeps } = testClient(server.origin);
  const digest = fakeImage('x').manifest.digest;
  try {
    const throttled = await client.probeBlob('app', digest);
    assert.ok(throttled.kind === 'throttled' && throttled.retryAfterMs === 7000);
    assert.is(server.requests.length, 1);
    assert.equal(sleeps, []);
    status = 500;
    const failed = await client.probeBlob('app', digest);
    assert.ok(failed.kind === 'error' && failed.status === 500 && failed.error instanceof RegistryError);
    status = 307;
    const redirected = await client.probeBlob('app', digest);
    assert.is(redirected.kind, 'error', 'a 3xx without Location is not presence');
  } finally {
    await client.close();
    await server.close();
  }
});
blob('unreachable is an error result with status 0; a caller abort throws', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  const { client } = testClient(`http://127.0.0.1:${port}`);
  const digest = fakeImage('x').manifest.digest;
  try {
    const r = await client.probeBlob('app', digest);
    assert.ok(r.kind === 'error' && r.status === 0 && r.error instanceof UnreachableError);
    const controller = new AbortController();
    controller.abort();
    try {
      await client.probeBlob('app', digest, { signal: controller.signal });
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof AbortedError, String(e));
    }
  } finally {
    await client.close();
  }
});
blob.run();
