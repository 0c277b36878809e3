import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DigestMismatchError, ProtocolError } from '../../src/errors.ts';
import { MANIFEST_ACCEPT, MediaType } from '../../src/oci-spec/media-types.ts';
import { parseManifest } from '../../src/oci/pull-manifest.ts';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { fakeImage, sha256 } from '../helpers/fake-image.ts';
import { testClient } from '../helpers/test-client.ts';

const pull = suite('pullManifest');

pull('by tag and by digest, with the full Accept list, verified', async () => {
  const reg = await startFakeRegistry();
  const image = fakeImage('pull');
  const { client } = testClient(reg.origin);
  try {
    await client.pushImage('app', 'v1', image, { mode: 'monolithic', concurrency: 2 });
    const byTag = await client.pullManifest('app', 'v1');
    assert.is(byTag.digest, image.manifest.digest);
    assert.is(byTag.mediaType, MediaType.ociManifest);
    assert.is(byTag.parsed.kind, 'manifest');
    assert.ok(Buffer.from(byTag.bytes).equals(image.manifest.bytes));
    assert.is(byTag.timing.bytes, image.manifest.bytes.length);
    assert.is(reg.requests.at(-1)!.headers.accept, MANIFEST_ACCEPT.join(', '));
    const byDigest = await client.pullManifest('app', image.manifest.digest);
    assert.is(byDigest.digest, image.manifest.digest);
  } finally {
    await client.close();
    await reg.close();
  }
});

pull('Docker-Content-Digest disagreeing with the body, or a body not matching the digest asked for, is a DigestMismatchError', async () => {
  const reg = await startFakeRegistry();
  const image = fakeImage('mismatch');
  const other = fakeImage('other');
  reg.intercept = (req, res) => {
    const lie = req.url.endsWith('/lie');
    res.writeHead(200, { 'content-type': MediaType.ociManifest, 'docker-content-digest': lie ? other.manifest.digest : image.manifest.digest });
    res.end(lie ? image.manifest.bytes : other.manifest.bytes);
    return true;
  };
  const { client } = testClient(reg.origin);
  try {
    for (const ref of ['lie', image.manifest.digest]) {
      try {
        await client.pullManifest('app', ref);
        assert.unreachable();
      } catch (e) {
        assert.ok(e instanceof DigestMismatchError, `${ref}: ${String(e)}`);
      }
    }
  } finally {
    await client.close();
    await reg.close();
  }
});
pull.run();

const parse = suite('parseManifest');
parse('image manifests and indexes; the media type from the body or the header', () => {
  const image = fakeImage('p');
  assert.is(parseManifest(image.manifest.bytes, 'application/json').kind, 'manifest');
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: MediaType.ociManifest, digest: sha256(image.manifest.bytes), size: 1 }] }));
  const parsed = parseManifest(index, MediaType.ociIndex);
  assert.is(parsed.kind, 'index');
  assert.is(parsed.kind === 'index' && parsed.index.mediaType, MediaType.ociIndex);
});
parse('anything else is a ProtocolError', () => {
  for (const text of ['nope', '{"schemaVersion":1}', '{"schemaVersion":2}', '{"schemaVersion":2,"config":{"digest":"x"},"layers":[]}', '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json"}']) {
    assert.throws(() => parseManifest(Buffer.from(text), ''), (e: unknown) => e instanceof ProtocolError, text);
  }
});
parse.run();
