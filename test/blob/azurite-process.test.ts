import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BlobServiceClient } from '@azure/storage-blob';
import { AZURITE_DEV_ACCOUNT, azuriteBlobMain, freePort, startAzurite } from '../../src/blob/azurite-process.ts';

const main = suite('azuriteBlobMain');
main('finds the installed azurite blob service', () => {
  assert.match(azuriteBlobMain(), /azurite[\\/]dist[\\/]src[\\/]blob[\\/]main\.js$/);
});
main.run();

const port = suite('freePort');
port('a loopback port number', async () => {
  const p = await freePort();
  assert.ok(Number.isInteger(p) && p > 0 && p < 65536);
});
port.run();

const start = suite('startAzurite');
start('loopback only, every named account usable by its connection string, gone after stop', async () => {
  const az = await startAzurite({ accounts: ['replicaone'] });
  let stopped = false;
  try {
    assert.match(az.endpointOf('replicaone'), /^http:\/\/127\.0\.0\.1:\d+\/replicaone$/);
    for (const account of [AZURITE_DEV_ACCOUNT, 'replicaone']) {
      const service = BlobServiceClient.fromConnectionString(az.connectionStringOf(account));
      const container = service.getContainerClient('probe');
      await container.createIfNotExists();
      assert.ok(await container.exists(), account);
    }
    assert.throws(() => az.connectionStringOf('nobody'), /no account "nobody"/);
    await az.stop();
    stopped = true;
    let alive = true;
    try {
      process.kill(az.pid, 0);
    } catch {
      alive = false;
    }
    assert.not.ok(alive, 'azurite still running after stop()');
  } finally {
    if (!stopped) await az.stop();
  }
});
start.run();
