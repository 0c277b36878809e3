import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite } from '../../src/blob/azurite-process.ts';
import { LabCopier } from '../../src/blob/lab-copier.ts';
import { VirtualClock } from '../../src/time/virtual-clock.ts';

const now = (): number => performance.now();

async function waitFor(check: () => boolean, limitMs = 10_000): Promise<void> {
  for (let waited = 0; !check() && waited < limitMs; waited += 20) await new Promise((r) => setTimeout(r, 20));
}

const copier = suite('LabCopier');
copier('copies each new source blob under the prefix to every replica, metadata and content type included', async () => {
  const az = await startAzurite({ accounts: ['replicaacct'] });
  const errors: string[] = [];
  try {
    const source = BlobServiceClient.fromConnectionString(az.connectionStringOf('devstoreaccount1')).getContainerClient('source');
    const local = BlobServiceClient.fromConnectionString(az.connectionStringOf('devstoreaccount1')).getContainerClient('replica');
    const remote = BlobServiceClient.fromConnectionString(az.connectionStringOf('replicaacct')).getContainerClient('replica');
    for (const c of [source, local, remote]) await c.createIfNotExists();
    const c = new LabCopier({
      source,
      replicas: [{ region: 'same-account', container: local }, { region: 'other-account', container: remote }],
      lag: { model: 'constant', lagMs: 30 },
      seed: 1,
      pollMs: 10,
      prefix: 'run1/',
      now,
      onError: (what, err) => errors.push(`${what}: ${String(err)}`),
    });
    c.start();
    const committedAt = now();
    await source.getBlockBlobClient('run1/a/v1').upload(Buffer.from('payload'), 7, { metadata: { replbenchsha256: 'abc' }, blobHTTPHeaders: { blobContentType: 'application/x-test' } });
    await source.getBlockBlobClient('other/a/v1').upload(Buffer.from('not mine'), 8);
    await waitFor(() => c.landedAtMs('run1/a/v1', 'same-account') !== undefined && c.landedAtMs('run1/a/v1', 'other-account') !== undefined);
    for (const [region, container] of [['same-account', local], ['other-account', remote]] as const) {
      const landed = c.landedAtMs('run1/a/v1', region);
      assert.ok(landed !== undefined && landed >= committedAt + 30, `${region} landed ${landed} ≥ commit + lag`);
      const props = await container.getBlobClient('run1/a/v1').getProperties();
      assert.equal([props.contentLength, props.contentType, props.metadata], [7, 'application/x-test', { replbenchsha256: 'abc' }]);
      assert.not.ok(await container.getBlobClient('other/a/v1').exists(), 'outside the prefix: not copied');
    }
    assert.is(c.copied, 2);
    await c.close();
    assert.equal(errors, []);
  } finally {
    await az.stop();
  }
});
copier('close() cancels every wait on the injected clock: the poll interval and copies still waiting for their lag', async () => {
  const az = await startAzurite();
  try {
    const service = BlobServiceClient.fromConnectionString(az.connectionStringOf('devstoreaccount1'));
    const source = service.getContainerClient('src2');
    const replica = service.getContainerClient('dst2');
    for (const c of [source, replica]) await c.createIfNotExists();
    const clock = new VirtualClock();
    const c = new LabCopier({ source, replicas: [{ region: 'r', container: replica }], lag: { model: 'constant', lagMs: 60_000 }, seed: 1, pollMs: 10, prefix: 'p/', now: clock.now, sleep: clock.sleep });
    c.start();
    await source.getBlockBlobClient('p/x').upload(Buffer.from('x'), 1);
    // Each poll lists the source for real, then waits its interval on the virtual clock: move it on until the copy waits its lag.
    for (let i = 0; i < 500 && clock.pending < 2; i++) {
      await waitFor(() => clock.pending > 0);
      if (clock.pending < 2) await clock.advance(10);
    }
    assert.is(clock.pending, 2, 'the poll interval and the copy\'s lag wait on the injected clock');
    await c.close();
    assert.is(clock.pending, 0, 'close() left no timer behind');
    await clock.advance(120_000);
    assert.is(c.landedAtMs('p/x', 'r'), undefined);
    assert.not.ok(await replica.getBlobClient('p/x').exists());
  } finally {
    await az.stop();
  }
});
copier.run();
