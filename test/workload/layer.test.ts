import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { AbortedError } from '../../src/errors.ts';
import { MediaType } from '../../src/oci-spec/media-types.ts';
import { clearLayerDigestCache, layerDigest, layerDigestCacheSize, resolveLayer } from '../../src/workload/layer.ts';
import type { LayerId } from '../../src/workload/content.ts';

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

const sha256 = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const id: LayerId = { seed: 'layer-test', imageIndex: 0, layerIndex: 0 };

const resolve = suite('resolveLayer');
resolve('the digest equals sha256 of the full streamed bytes', async () => {
  const size = 1024 * 1024 * 2 + 999;
  const layer = await resolveLayer(id, size);
  const bytes = await collect(layer.stream());
  assert.is(bytes.byteLength, size);
  assert.is(layer.digest, sha256(bytes));
  assert.is(layer.sizeBytes, size);
  assert.is(layer.mediaType, MediaType.ociLayer);
  assert.equal(layer.id, id);
});
resolve('golden: 1 MiB of seed "golden", image 0, layer 0', async () => {
  const layer = await resolveLayer({ seed: 'golden', imageIndex: 0, layerIndex: 0 }, 1024 * 1024);
  assert.is(layer.digest, 'sha256:49ec8b6a80e03f8e2284af57188492a0e764e9e8e8d4544aae87f3d99328094e');
});
resolve('stream(offset) resumes with the same bytes', async () => {
  const layer = await resolveLayer({ ...id, layerIndex: 1 }, 100_000, MediaType.ociLayerGzip);
  assert.is(layer.mediaType, MediaType.ociLayerGzip);
  const full = await collect(layer.stream());
  assert.ok((await collect(layer.stream(33_333))).equals(full.subarray(33_333)));
});
resolve('a zero-byte layer has the digest of nothing', async () => {
  const layer = await resolveLayer({ ...id, layerIndex: 2 }, 0);
  assert.is(layer.digest, sha256(new Uint8Array(0)));
});
resolve('size is part of the identity: different sizes, different digests', async () => {
  const a = await resolveLayer(id, 1000);
  const b = await resolveLayer(id, 1001);
  assert.is.not(a.digest, b.digest);
});
resolve.run();

const digest = suite('layerDigest');
digest('memoizes per (seed, image, layer, size) and shares concurrent work', async () => {
  clearLayerDigestCache();
  assert.is(layerDigestCacheSize(), 0);
  const [a, b] = await Promise.all([layerDigest(id, 5000), layerDigest({ ...id }, 5000)]);
  assert.is(a, b);
  assert.is(layerDigestCacheSize(), 1);
  assert.is(await layerDigest(id, 5000), a);
  assert.is(layerDigestCacheSize(), 1);
  await layerDigest({ ...id, seed: 'other' }, 5000);
  assert.is(layerDigestCacheSize(), 2);
});
digest('an already aborted signal rejects with AbortedError', async () => {
  const controller = new AbortController();
  controller.abort();
  try {
    await layerDigest({ ...id, layerIndex: 50 }, 10, { signal: controller.signal });
    assert.unreachable('should reject');
  } catch (err) {
    assert.instance(err, AbortedError);
  }
});
digest('aborting one waiter leaves another waiter on the same layer unharmed', async () => {
  clearLayerDigestCache();
  const big: LayerId = { ...id, layerIndex: 51 };
  const size = 48 * 1024 * 1024;
  const controller = new AbortController();
  const aborted = layerDigest(big, size, { signal: controller.signal });
  const patient = layerDigest(big, size);
  setImmediate(() => controller.abort());
  try {
    await aborted;
    assert.unreachable('should reject');
  } catch (err) {
    assert.instance(err, AbortedError);
  }
  assert.is(await patient, sha256(await collect((await resolveLayer(big, size)).stream())));
});
digest('when every waiter aborts, the work stops and a later call starts afresh', async () => {
  clearLayerDigestCache();
  const big: LayerId = { ...id, layerIndex: 52 };
  const size = 48 * 1024 * 1024;
  const controller = new AbortController();
  const aborted = layerDigest(big, size, { signal: controller.signal });
  setImmediate(() => controller.abort());
  try {
    await aborted;
    assert.unreachable('should reject');
  } catch (err) {
    assert.instance(err, AbortedError);
  }
  for (let turn = 0; turn < 6; turn++) await new Promise((r) => setImmediate(r));
  assert.is(layerDigestCacheSize(), 0); // the abandoned hashing stopped instead of finishing
  const again = await layerDigest(big, 1024);
  assert.match(again, /^sha256:[0-9a-f]{64}$/);
});
digest('rejects bad sizes and ids', async () => {
  for (const [layerId, size] of [
    [id, -1],
    [id, 1.5],
    [{ ...id, imageIndex: -5 }, 10],
  ] as const) {
    try {
      await layerDigest(layerId, size);
      assert.unreachable('should reject');
    } catch (err) {
      assert.instance(err, RangeError);
    }
  }
});
digest.run();

const clear = suite('clearLayerDigestCache');
clear('empties the memo', async () => {
  await layerDigest(id, 10);
  assert.ok(layerDigestCacheSize() > 0);
  clearLayerDigestCache();
  assert.is(layerDigestCacheSize(), 0);
});
clear.run();
