import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { ConfigError } from '../../src/errors.ts';
import type { BlobSource } from '../../src/oci-spec/blob-source.ts';
import { MediaType } from '../../src/oci-spec/media-types.ts';
import type { ImageManifest } from '../../src/oci-spec/media-types.ts';
import { IMAGE_CREATED, imageConfigBytes, imageManifestBytes, planImage, planImages } from '../../src/workload/image-plan.ts';
import type { PlanImageOptions } from '../../src/workload/image-plan.ts';
import { clearLayerDigestCache } from '../../src/workload/layer.ts';
import { resolveSizeDistribution } from '../../src/workload/sizes.ts';

const sha256 = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function bytesOf(blob: BlobSource): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of blob.stream()) parts.push(c);
  return Buffer.concat(parts);
}

const sizes = resolveSizeDistribution({ kind: 'uniform', min: '1KiB', max: '64KiB' });
const options: PlanImageOptions = {
  seed: 'plan',
  imageIndex: 2,
  layerCount: 4,
  baseLayerCount: 2,
  sizes,
  repository: 'bench/app-{i}',
  tag: 'v{i}',
};

const plan = suite('planImage');
plan('builds a valid OCI manifest whose descriptors match the blobs', async () => {
  const p = await planImage(options);
  assert.is(p.repository, 'bench/app-2');
  assert.is(p.tag, 'v2');
  assert.is(p.manifest.mediaType, MediaType.ociManifest);
  assert.is(p.manifest.digest, sha256(p.manifest.bytes));
  const m = JSON.parse(new TextDecoder().decode(p.manifest.bytes)) as ImageManifest;
  assert.equal(Object.keys(m), ['schemaVersion', 'mediaType', 'config', 'layers']);
  assert.is(m.schemaVersion, 2);
  assert.is(m.mediaType, MediaType.ociManifest);
  const configBytes = await bytesOf(p.config);
  assert.equal(m.config, { mediaType: MediaType.ociConfig, digest: sha256(configBytes), size: configBytes.byteLength });
  assert.is(p.config.digest, sha256(configBytes));
  assert.is(m.layers.length, 4);
  assert.is(p.layers.length, 4);
  for (const [i, d] of m.layers.entries()) {
    const layer = p.layers[i] as BlobSource;
    const bytes = await bytesOf(layer);
    assert.equal(d, { mediaType: MediaType.ociLayer, digest: sha256(bytes), size: bytes.byteLength });
    assert.is(layer.sizeBytes, bytes.byteLength);
    assert.ok(bytes.byteLength >= 1024 && bytes.byteLength <= 64 * 1024);
  }
  const layerBytes = p.layers.reduce((s, l) => s + l.sizeBytes, 0);
  assert.is(p.layerBytes, layerBytes);
  assert.is(p.totalBytes, layerBytes + configBytes.byteLength + p.manifest.bytes.byteLength);
});
plan('writes a config with fixed date, platform, labels and diff_ids = layer digests', async () => {
  const p = await planImage(options);
  const c = JSON.parse(new TextDecoder().decode(await bytesOf(p.config))) as Record<string, unknown>;
  assert.equal(c, {
    created: IMAGE_CREATED,
    architecture: 'amd64',
    os: 'linux',
    config: { Labels: { 'dev.replbench.seed': 'plan', 'dev.replbench.image-index': '2' } },
    rootfs: { type: 'layers', diff_ids: p.layers.map((l) => l.digest) },
  });
  assert.equal(Object.keys(c), ['created', 'architecture', 'os', 'config', 'rootfs']);
});
plan('is deterministic: same inputs → same bytes and digests, even after the memo is cleared', async () => {
  const a = await planImage(options);
  clearLayerDigestCache();
  const b = await planImage({ ...options });
  assert.ok(Buffer.from(a.manifest.bytes).equals(Buffer.from(b.manifest.bytes)));
  assert.is(a.manifest.digest, b.manifest.digest);
  assert.ok((await bytesOf(a.config)).equals(await bytesOf(b.config)));
});
plan('different seed or image index → different manifest', async () => {
  const a = await planImage(options);
  const b = await planImage({ ...options, seed: 'plan2' });
  const c = await planImage({ ...options, imageIndex: 3 });
  assert.is.not(a.manifest.digest, b.manifest.digest);
  assert.is.not(a.manifest.digest, c.manifest.digest);
});
plan('base layers do not depend on baseLayerCount: base layer 0 is the same with 1 or 2', async () => {
  const one = await planImage({ ...options, baseLayerCount: 1 });
  const two = await planImage(options);
  assert.is(one.baseLayerDigests[0], two.baseLayerDigests[0]);
  assert.is(one.layers.length, 4);
});
plan('rejects contradictory or out-of-range options with ConfigError', async () => {
  const cases: [Partial<PlanImageOptions>, RegExp][] = [
    [{ baseLayerCount: 5 }, /baseLayerCount \(5\) must not exceed layerCount \(4\)/],
    [{ imageIndex: -1 }, /imageIndex: expected an integer ≥ 0/],
    [{ layerCount: 0, baseLayerCount: 0 }, /layerCount: expected an integer ≥ 1/],
    [{ repository: 'Bench/App' }, /repository: .*"Bench\/App"/],
    [{ tag: '-bad' }, /tag: .*"-bad"/],
  ];
  for (const [patch, pattern] of cases) {
    try {
      await planImage({ ...options, ...patch });
      assert.unreachable(`should reject ${JSON.stringify(patch)}`);
    } catch (err) {
      assert.instance(err, ConfigError);
      assert.match((err as Error).message, pattern);
    }
  }
});
plan.run();

const many = suite('planImages');
many('shares base layers across images; own layers differ', async () => {
  const plans = await planImages({ ...options, count: 3, repository: 'bench/shared', tag: 'img-{i}' });
  assert.equal(plans.map((p) => p.imageIndex), [0, 1, 2]);
  assert.equal(plans.map((p) => p.tag), ['img-0', 'img-1', 'img-2']);
  const first = plans[0]!;
  assert.is(first.baseLayerDigests.length, 2);
  for (const p of plans) {
    assert.equal(p.baseLayerDigests, first.baseLayerDigests);
    assert.equal(p.layers.slice(0, 2).map((l) => l.digest), first.baseLayerDigests);
  }
  const own = new Set(plans.flatMap((p) => p.layers.slice(2).map((l) => l.digest)));
  assert.is(own.size, 6);
  assert.is(new Set(plans.map((p) => p.manifest.digest)).size, 3);
});
many('matches planImage for each index; honours firstImageIndex and name functions', async () => {
  const plans = await planImages({
    ...options,
    count: 2,
    firstImageIndex: 2,
    repository: (i) => `bench/r${i}`,
    tag: 'latest',
  });
  const single = await planImage(options);
  assert.is(plans[0]!.manifest.digest, single.manifest.digest);
  assert.equal(plans.map((p) => p.repository), ['bench/r2', 'bench/r3']);
});
many('count 0 plans nothing; a negative count is a ConfigError', async () => {
  assert.equal(await planImages({ ...options, count: 0 }), []);
  try {
    await planImages({ ...options, count: -1 });
    assert.unreachable('should reject');
  } catch (err) {
    assert.instance(err, ConfigError);
  }
});
many.run();

const config = suite('imageConfigBytes');
config('is compact JSON in a fixed key order', () => {
  const text = new TextDecoder().decode(imageConfigBytes('s', 1, ['sha256:aa']));
  assert.is(
    text,
    `{"created":"${IMAGE_CREATED}","architecture":"amd64","os":"linux","config":{"Labels":{"dev.replbench.seed":"s","dev.replbench.image-index":"1"}},"rootfs":{"type":"layers","diff_ids":["sha256:aa"]}}`,
  );
});
config.run();

const manifest = suite('imageManifestBytes');
manifest('is compact JSON with descriptors in mediaType, digest, size order', () => {
  const blob = (digest: string, size: number, mediaType: string): BlobSource => ({
    digest,
    sizeBytes: size,
    mediaType,
    async *stream() {},
  });
  const text = new TextDecoder().decode(
    imageManifestBytes(blob('sha256:cc', 10, MediaType.ociConfig), [blob('sha256:11', 5, MediaType.ociLayer)]),
  );
  assert.is(
    text,
    `{"schemaVersion":2,"mediaType":"${MediaType.ociManifest}","config":{"mediaType":"${MediaType.ociConfig}","digest":"sha256:cc","size":10},"layers":[{"mediaType":"${MediaType.ociLayer}","digest":"sha256:11","size":5}]}`,
  );
});
manifest.run();
