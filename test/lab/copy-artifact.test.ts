import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { artifactSizeBytes, bytesToCopy, copyArtifact, SourceGoneError } from '../../src/lab/copy-artifact.ts';
import { createMemoryStore } from '../../src/lab/memory-store.ts';
import type { RegionStore } from '../../src/lab/store.ts';
import { MediaType } from '../../src/oci-spec/media-types.ts';
import { imageOf, sha256 } from './lab-test-helpers.ts';

async function seed(store: RegionStore, repo: string, layers: Uint8Array[]) {
  const { manifest, blobs } = imageOf(layers);
  for (const b of blobs) {
    await store.blobPut(sha256(b), b);
    await store.repoLinkBlob(repo, sha256(b));
  }
  const digest = sha256(manifest);
  await store.manifestPut(repo, digest, MediaType.ociManifest, manifest);
  return { m: { repo, digest, mediaType: MediaType.ociManifest, bytes: manifest }, blobs };
}

const copy = suite('copyArtifact');

copy('copies blobs (linked to the repo) and then the manifest', async () => {
  const src = createMemoryStore();
  const dst = createMemoryStore();
  const { m, blobs } = await seed(src, 'app', [new Uint8Array(1000).fill(3)]);
  await copyArtifact(src, dst, m, { blobs: true });
  for (const b of blobs) assert.ok(await dst.repoHasBlob('app', sha256(b)));
  assert.ok(await dst.manifestGet('app', m.digest));
  assert.equal(await dst.tagList('app'), []);
});

copy('with blobs: false only the manifest lands', async () => {
  const src = createMemoryStore();
  const dst = createMemoryStore();
  const { m, blobs } = await seed(src, 'app', [new Uint8Array(10)]);
  await copyArtifact(src, dst, m, { blobs: false });
  assert.ok(await dst.manifestGet('app', m.digest));
  assert.is(await dst.blobStat(sha256(blobs[1]!)), undefined);
});

copy('a blob the source lost raises SourceGoneError and the manifest is not written', async () => {
  const src = createMemoryStore();
  const dst = createMemoryStore();
  const { m, blobs } = await seed(src, 'app', [new Uint8Array(10)]);
  await src.blobDelete(sha256(blobs[1]!));
  try {
    await copyArtifact(src, dst, m, { blobs: true });
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, SourceGoneError);
  }
  assert.is(await dst.manifestGet('app', m.digest), undefined);
});

const sizes = suite('bytesToCopy / artifactSizeBytes');

sizes('counts only what the target lacks; the artifact size counts everything', async () => {
  const src = createMemoryStore();
  const dst = createMemoryStore();
  const layer = new Uint8Array(5000).fill(9);
  const { m } = await seed(src, 'app', [layer]);
  const total = await artifactSizeBytes(src, m);
  assert.ok(total > 5000);
  assert.is(await bytesToCopy(src, dst, m), total);
  await dst.blobPut(sha256(layer), layer);
  assert.is(await bytesToCopy(src, dst, m), total - 5000);
});

copy.run();
sizes.run();
