import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ProtocolError } from '../../src/errors.ts';
import { MediaType } from '../../src/oci-spec/media-types.ts';
import { pickChild } from '../../src/oci/pull-image.ts';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { fakeImage, sha256 } from '../helpers/fake-image.ts';
import { testClient } from '../helpers/test-client.ts';

const D = (c: string): string => `sha256:${c.repeat(64)}`;

const pick = suite('pickChild');
pick('linux/amd64 first, else the first child', () => {
  const m = (digest: string, platform?: Record<string, unknown>) => ({ mediaType: MediaType.ociManifest, digest, size: 1, ...(platform ? { platform } : {}) });
  assert.is(pickChild({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [m(D('a'), { os: 'linux', architecture: 'arm64' }), m(D('b'), { os: 'linux', architecture: 'amd64' })] }), D('b'));
  assert.is(pickChild({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [m(D('c')), m(D('d'))] }), D('c'));
  assert.throws(() => pickChild({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] }), (e: unknown) => e instanceof ProtocolError);
});
pick.run();

const pull = suite('pullImage');
pull('manifest then every blob; an index resolves to its amd64 child', async () => {
  const reg = await startFakeRegistry();
  const amd = fakeImage('amd64');
  const arm = fakeImage('arm64');
  const { client } = testClient(reg.origin);
  try {
    await client.pushImage('app', 'amd', amd, { mode: 'monolithic', concurrency: 3 });
    await client.pushImage('app', 'arm', arm, { mode: 'monolithic', concurrency: 3 });
    const child = (img: typeof amd, architecture: string) => ({ mediaType: img.manifest.mediaType, digest: img.manifest.digest, size: img.manifest.bytes.length, platform: { os: 'linux', architecture } });
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [child(arm, 'arm64'), child(amd, 'amd64')] }));
    await client.pushManifest('app', 'multi', { bytes: index, mediaType: MediaType.ociIndex });

    const single = await client.pullImage('app', 'amd', { concurrency: 2 });
    assert.is(single.index, undefined);
    assert.is(single.blobs.length, 3);
    const expected = amd.manifest.bytes.length + amd.config.sizeBytes + amd.layers.reduce((s, l) => s + l.sizeBytes, 0);
    assert.is(single.totalBytes, expected);

    const multi = await client.pullImage('app', 'multi', { concurrency: 2 });
    assert.is(multi.index?.digest, sha256(index));
    assert.is(multi.manifest.digest, amd.manifest.digest);
    assert.equal(multi.blobs.map((b) => b.digest), [amd.config.digest, ...amd.layers.map((l) => l.digest)]);
  } finally {
    await client.close();
    await reg.close();
  }
});
pull.run();
