import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startAzurite, type AzuriteProcess } from '../../src/blob/azurite-process.ts';
import { BlobNames } from '../../src/blob/blob-names.ts';
import { contentDigestOf } from '../../src/blob/blob-ops.ts';
import { BlobWorker } from '../../src/blob/blob-worker.ts';
import { bytesBlobSource } from '../../src/oci-spec/blob-source.ts';

const now = (): number => performance.now();

async function rig(az: AzuriteProcess) {
  const service = BlobServiceClient.fromConnectionString(az.connectionStringOf('devstoreaccount1'), { retryOptions: { maxTries: 1 } });
  const containers: Record<string, ContainerClient> = { east: service.getContainerClient('east'), west: service.getContainerClient('west') };
  for (const c of Object.values(containers)) await c.createIfNotExists();
  const names = new BlobNames('run');
  const bytes = Buffer.from('x'.repeat(5000));
  const contentDigest = (await contentDigestOf([bytesBlobSource(bytes, 'sha256:-', 'a')])).digest;
  names.add('objects/a', 'v1', 'sha256:manifest', { name: 'run/objects/a/v1', contentDigest, sizeBytes: 5000 });
  const worker = new BlobWorker({ region: 'west', container: (e) => containers[e] as ContainerClient, probeContainer: (e) => containers[e] as ContainerClient, names, now });
  return { containers, worker, bytes };
}

const watch = suite('BlobWorker.watch');
watch('brackets the blob\'s arrival in the endpoint\'s container', async () => {
  const az = await startAzurite();
  try {
    const { containers, worker, bytes } = await rig(az);
    const rtt = await worker.measureRtt('west');
    assert.ok(rtt.minMs >= 0 && rtt.samplesMs.length > 0);
    await containers.east?.getBlockBlobClient('run/objects/a/v1').upload(bytes, bytes.byteLength);
    const commitAtMs = now();
    setTimeout(() => void containers.west?.getBlockBlobClient('run/objects/a/v1').upload(bytes, bytes.byteLength), 150);
    const r = await worker.watch({ endpoint: 'west', repo: 'objects/a', digest: 'sha256:manifest', tag: 'v1', blobs: ['sha256:ignored'], commitAtMs, timeoutMs: 5000, schedule: { kind: 'fixed', intervalMs: 10 } });
    assert.is(r.outcome, 'replicated');
    if (r.outcome !== 'replicated') return;
    assert.ok(r.lagMs + r.uncertaintyMs >= 150, `lag ${r.lagMs} ± ${r.uncertaintyMs} covers the 150 ms delay`);
    assert.ok(r.probes >= 2);
  } finally {
    await az.stop();
  }
});
watch('times out when the blob never arrives', async () => {
  const az = await startAzurite();
  try {
    const { worker } = await rig(az);
    const r = await worker.watch({ endpoint: 'west', repo: 'objects/a', digest: 'sha256:manifest', commitAtMs: now(), oneWayDelayMs: 0, timeoutMs: 200, schedule: { kind: 'fixed', intervalMs: 20 } });
    assert.is(r.outcome, 'timed-out');
  } finally {
    await az.stop();
  }
});
watch.run();

const pull = suite('BlobWorker.pull');
pull('downloads and verifies: cold first, then warm; an unknown image or a missing blob is a failed result', async () => {
  const az = await startAzurite();
  try {
    const { containers, worker, bytes } = await rig(az);
    await containers.east?.getBlockBlobClient('run/objects/a/v1').upload(bytes, bytes.byteLength);
    const r = await worker.pull({ endpoint: 'east', image: 'objects/a:v1', repo: 'objects/a', reference: 'sha256:manifest', pulls: 2 });
    assert.equal(r.map((x) => [x.outcome, x.phase, x.worker, x.endpoint, x.outcome === 'pulled' ? x.bytes : 0]), [
      ['pulled', 'cold', 'west', 'east', 5000],
      ['pulled', 'warm', 'west', 'east', 5000],
    ]);
    const missing = await worker.pull({ endpoint: 'west', image: 'objects/a:v1', repo: 'objects/a', reference: 'v1' });
    assert.equal(missing.map((x) => [x.outcome, x.outcome === 'failed' ? x.code : '']), [['failed', 'E_REGISTRY']]);
    const unknown = await worker.pull({ endpoint: 'east', image: 'x:v1', repo: 'x', reference: 'v1' });
    assert.equal(unknown.map((x) => [x.outcome, x.outcome === 'failed' ? x.code : '']), [['failed', 'E_USAGE']]);
  } finally {
    await az.stop();
  }
});
pull.run();
