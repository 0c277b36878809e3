import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RegistryError } from '../../src/oci/errors.ts';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { fakeImage } from '../helpers/fake-image.ts';
import { testClient } from '../helpers/test-client.ts';

const del = suite('deleteManifest');
del('202, then the manifest probes absent; deleting again is a RegistryError 404', async () => {
  const reg = await startFakeRegistry();
  const image = fakeImage('del');
  const { client } = testClient(reg.origin);
  try {
    await client.pushImage('app', 'v1', image, { mode: 'monolithic', concurrency: 2 });
    const r = await client.deleteManifest('app', image.manifest.digest);
    assert.is(r.status, 202);
    assert.is(reg.requests.at(-1)!.method, 'DELETE');
    assert.is((await client.probeManifest('app', image.manifest.digest)).kind, 'absent');
    try {
      await client.deleteManifest('app', image.manifest.digest);
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof RegistryError && e.status === 404 && e.ociCode === 'MANIFEST_UNKNOWN', String(e));
    }
  } finally {
    await client.close();
    await reg.close();
  }
});
del.run();
