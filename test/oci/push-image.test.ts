import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../../src/errors.ts';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { fakeImage, piecewiseBlobSource, patternBytes } from '../helpers/fake-image.ts';
import { testClient } from '../helpers/test-client.ts';

const push = suite('pushImage');

push('blobs first (bounded concurrency, deduplicated), then the manifest', async () => {
  const reg = await startFakeRegistry();
  let inFlight = 0;
  let maxInFlight = 0;
  const inner = reg.intercept;
  reg.intercept = async (req, res) => {
    if (req.method !== 'PUT' || !req.url.includes('/blobs/uploads/')) return inner?.(req, res) ?? false;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 15));
    inFlight--;
    return false;
  };
  const image = fakeImage('img', [100, 200, 300, 400, 500]);
  const dup = piecewiseBlobSource(patternBytes(100, 'img/layer0'), image.layers[0]!.mediaType);
  const { client } = testClient(reg.origin);
  try {
    const r = await client.pushImage('app', 'v1', { ...image, layers: [...image.layers, dup] }, { mode: 'monolithic', concurrency: 2 });
    assert.is(r.blobs.length, 6);
    assert.ok(maxInFlight <= 2, `max in flight ${maxInFlight}`);
    assert.equal(r.blobs.map((b) => b.digest), [image.config.digest, ...image.layers.map((l) => l.digest)]);
    const manifestPut = reg.requests.findIndex((q) => q.url === '/v2/app/manifests/v1');
    const lastBlobPut = reg.requests.findLastIndex((q) => q.url.includes('/blobs/uploads/'));
    assert.ok(manifestPut > lastBlobPut);
    assert.is(r.manifest.digest, image.manifest.digest);
  } finally {
    await client.close();
    await reg.close();
  }
});

push('with mountFrom every blob is mounted', async () => {
  const reg = await startFakeRegistry();
  const image = fakeImage('mnt');
  const { client } = testClient(reg.origin);
  try {
    await client.pushImage('base', 'v1', image, { mode: 'chunked', concurrency: 4 });
    const r = await client.pushImage('copy', 'v1', { ...image, mountFrom: 'base' }, { mode: 'chunked', concurrency: 4 });
    assert.ok(r.blobs.every((b) => b.outcome === 'mounted'));
  } finally {
    await client.close();
    await reg.close();
  }
});

push('a manifest whose digest does not match its bytes is a UsageError; a failed blob stops the push', async () => {
  const reg = await startFakeRegistry();
  reg.intercept = (req, res) => {
    if (req.method !== 'POST') return false;
    res.writeHead(403, { 'content-type': 'application/json' }).end('{"errors":[{"code":"DENIED","message":"no"}]}');
    return true;
  };
  const image = fakeImage('bad');
  const { client } = testClient(reg.origin);
  try {
    try {
      await client.pushImage('app', 'v1', { ...image, manifest: { ...image.manifest, digest: `sha256:${'2'.repeat(64)}` } }, { mode: 'monolithic', concurrency: 2 });
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof UsageError, String(e));
    }
    try {
      await client.pushImage('app', 'v1', image, { mode: 'monolithic', concurrency: 2 });
      assert.unreachable();
    } catch (e) {
      assert.is((e as { ociCode?: string }).ociCode, 'DENIED');
      assert.not.ok(reg.requests.some((q) => q.url.includes('/manifests/')));
    }
  } finally {
    await client.close();
    await reg.close();
  }
});
push.run();
