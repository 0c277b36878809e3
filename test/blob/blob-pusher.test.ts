import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite } from '../../src/blob/azurite-process.ts';
import { BlobNames } from '../../src/blob/blob-names.ts';
import { contentDigestOf } from '../../src/blob/blob-ops.ts';
import { BlobPusher, CONTENT_DIGEST_METADATA } from '../../src/blob/blob-pusher.ts';
import { planImage } from '../../src/workload/image-plan.ts';

const pusher = suite('BlobPusher.pushImage');
pusher('one block blob per image, its layers as blocks; the names table learns it; a registry-shaped result', async () => {
  const az = await startAzurite();
  try {
    const source = BlobServiceClient.fromConnectionString(az.connectionStringOf('devstoreaccount1')).getContainerClient('source');
    await source.createIfNotExists();
    const names = new BlobNames('run9');
    const p = new BlobPusher({ source, names, now: () => performance.now() });
    const plan = await planImage({ seed: 1, imageIndex: 0, layerCount: 2, sizes: { kind: 'fixed', sizeBytes: 10_000 }, repository: 'objects/a', tag: 'v1' });
    const r = await p.pushImage(plan.repository, plan.tag, plan, { mode: 'monolithic', concurrency: 2 });
    const content = await contentDigestOf(plan.layers);
    assert.equal(names.get('objects/a', 'v1'), { name: 'run9/objects/a/v1', contentDigest: content.digest, sizeBytes: 20_000 });
    assert.is(names.get('objects/a', plan.manifest.digest)?.name, 'run9/objects/a/v1');
    const props = await source.getBlobClient('run9/objects/a/v1').getProperties();
    assert.is(props.contentLength, 20_000);
    assert.is(`sha256:${props.metadata?.[CONTENT_DIGEST_METADATA]}`, content.digest);
    const blocks = await source.getBlockBlobClient('run9/objects/a/v1').getBlockList('committed');
    assert.equal(blocks.committedBlocks?.map((b) => b.size), [10_000, 10_000]);
    assert.is(r.manifest.digest, plan.manifest.digest);
    assert.is(r.manifest.status, 201);
    assert.ok(r.manifest.sentAtMs <= r.manifest.committedAtMs);
    assert.equal(r.blobs.map((b) => [b.outcome, b.sizeBytes]), [['uploaded', 10_000], ['uploaded', 10_000]]);
  } finally {
    await az.stop();
  }
});
pusher.run();
