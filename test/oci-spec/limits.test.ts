import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ProtocolError } from '../../src/errors.ts';
import { MediaType } from '../../src/oci-spec/media-types.ts';
import { MAX_MANIFEST_BYTES } from '../../src/oci-spec/limits.ts';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { testClient } from '../helpers/test-client.ts';

const limits = suite('MAX_MANIFEST_BYTES');

limits('is 4 MiB, the size the spec asks every registry to accept', () => {
  assert.is(MAX_MANIFEST_BYTES, 4 * 1024 * 1024);
});

limits('the client refuses a manifest body one byte over it, and reads one of exactly that size', async () => {
  const reg = await startFakeRegistry();
  reg.intercept = (req, res) => {
    const size = req.url.endsWith('/over') ? MAX_MANIFEST_BYTES + 1 : MAX_MANIFEST_BYTES;
    res.writeHead(200, { 'content-type': MediaType.ociManifest });
    res.end(Buffer.alloc(size, 0x20));
    return true;
  };
  const { client } = testClient(reg.origin);
  try {
    const err = await client.pullManifest('app', 'over').then(() => undefined, (e: unknown) => e);
    assert.instance(err, ProtocolError);
    assert.match((err as Error).message, `expected a manifest of at most ${MAX_MANIFEST_BYTES} bytes, got more than that`);
    const atLimit = await client.pullManifest('app', 'exact').then(() => undefined, (e: unknown) => e);
    assert.not.match(String(atLimit), 'at most');
  } finally {
    await client.close();
    await reg.close();
  }
});

limits.run();
