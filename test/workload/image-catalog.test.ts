import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, ConfigError } from '../../src/errors.ts';
import { imageCatalog, plannedCatalog } from '../../src/workload/image-catalog.ts';
import { planImages } from '../../src/workload/image-plan.ts';
import { clearLayerDigestCache, layerDigestCacheSize } from '../../src/workload/layer.ts';
import { resolveSizeDistribution } from '../../src/workload/sizes.ts';

const options = {
  seed: 'catalog',
  count: 6,
  layerCount: 3,
  baseLayerCount: 1,
  sizes: resolveSizeDistribution({ kind: 'uniform', min: '1KiB', max: '32KiB' }),
  repository: 'cat/app-{i}',
  tag: 'v{i}',
};

const catalog = suite('imageCatalog');

catalog('plans every position byte for byte as planImages does', async () => {
  const eager = await planImages(options);
  const lazy = imageCatalog(options);
  assert.is(lazy.length, eager.length);
  for (const p of [5, 0, 3, 1, 4, 2]) {
    const plan = await lazy.planAt(p);
    const want = eager[p];
    assert.ok(want !== undefined);
    assert.equal(plan.manifest.bytes, want.manifest.bytes);
    assert.equal(plan.layers.map((l) => [l.digest, l.sizeBytes]), want.layers.map((l) => [l.digest, l.sizeBytes]));
    assert.is(plan.totalBytes, want.totalBytes);
  }
});

catalog('names cost no hashing; a catalog of a million images is made at once', () => {
  clearLayerDigestCache();
  const big = imageCatalog({ ...options, seed: 'catalog-names', count: 1_000_000, sizes: resolveSizeDistribution('64GiB') });
  assert.equal(big.nameAt(999_999), { imageIndex: 999_999, repository: 'cat/app-999999', tag: 'v999999' });
  assert.is(layerDigestCacheSize(), 0);
  assert.throws(() => big.nameAt(1_000_000), RangeError);
});

catalog('a bad name template fails when the catalog is made, not at the first push', () => {
  assert.throws(() => imageCatalog({ ...options, repository: 'Upper/{i}' }), (e: unknown) => e instanceof ConfigError && /repository: expected lowercase/.test(e.message));
});

catalog('prepare plans ahead, bounded, and planAt takes the prepared plan', async () => {
  clearLayerDigestCache();
  const c = imageCatalog({ ...options, seed: 'catalog-prepare', maxPrepared: 2 });
  c.prepare(0);
  c.prepare(1);
  c.prepare(2); // over the bound: ignored
  c.prepare(99); // past the end: ignored
  const first = await c.planAt(0);
  await c.planAt(1);
  // Images 0 and 1: 1 base layer + 2 own each; image 2 was not prepared, so nothing of it is memoized yet.
  assert.is(layerDigestCacheSize(), 5);
  assert.is(first.imageIndex, 0);
  await c.planAt(2);
  assert.is(layerDigestCacheSize(), 7);
});

catalog('an aborted signal stops planning and preparing', async () => {
  clearLayerDigestCache();
  const c = imageCatalog({ ...options, seed: 'catalog-abort' });
  const signal = AbortSignal.abort();
  c.prepare(0, signal);
  try {
    await c.planAt(1, signal);
    assert.unreachable('planning should have been aborted');
  } catch (err: unknown) {
    assert.instance(err, AbortedError);
  }
  assert.is(layerDigestCacheSize(), 0);
});

catalog('filter keeps the images whose index passes, in order, planned the same', async () => {
  const c = imageCatalog(options);
  const odd = c.filter((i) => i % 2 === 1);
  assert.equal(Array.from({ length: odd.length }, (_, p) => odd.nameAt(p).imageIndex), [1, 3, 5]);
  assert.equal((await odd.planAt(1)).manifest.digest, (await c.planAt(3)).manifest.digest);
});

const planned = suite('plannedCatalog');

planned('serves plans made already, by position', async () => {
  const plans = await planImages({ ...options, count: 3 });
  const c = plannedCatalog(plans);
  assert.is(c.length, 3);
  assert.is(await c.planAt(2), plans[2]);
  assert.equal(c.nameAt(1), { imageIndex: 1, repository: 'cat/app-1', tag: 'v1' });
});

catalog.run();
planned.run();
