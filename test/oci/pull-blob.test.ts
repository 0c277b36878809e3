import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DigestMismatchError, ProtocolError } from '../../src/errors.ts';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { patternBytes, sha256 } from '../helpers/fake-image.ts';
import { sendEmpty, startServer } from '../helpers/fake-server.ts';
import { testClient } from '../helpers/test-client.ts';

const pull = suite('pullBlob');
const BYTES = patternBytes(100_000, 'pull-blob');
const DIGEST = sha256(BYTES);

pull('follows redirects to another host without Authorization; hops recorded; bytes verified', async () => {
  const storage = await startServer((req, res) => {
    if (req.url.startsWith('/hop1')) return sendEmpty(res, 302, { location: '/final?sig=SECRET' });
    res.writeHead(200, { 'content-length': BYTES.length }).end(BYTES);
  });
  const registry = await startServer((req, res) => {
    if (!req.headers.authorization) return sendEmpty(res, 401, { 'www-authenticate': 'Basic realm="r"' });
    sendEmpty(res, 307, { location: `${storage.origin}/hop1?sig=SECRET` });
  });
  const { client } = testClient(registry.origin, { credentials: { username: 'u', password: 'p' } });
  try {
    const r = await client.pullBlob('app', { digest: DIGEST, size: BYTES.length });
    assert.is(r.sizeBytes, BYTES.length);
    assert.equal(r.hops.map((h) => [h.status, h.host]), [[307, registry.host], [302, storage.host], [200, storage.host]]);
    assert.is(r.timing.bytes, BYTES.length);
    assert.ok(r.timing.ttfbMs <= r.timing.totalMs);
    assert.ok(storage.requests.every((q) => q.headers.authorization === undefined));
    assert.match(String(registry.requests.at(-1)!.headers.authorization), /^Basic /);
    assert.is(r.requests, 4);
  } finally {
    await client.close();
    await registry.close();
    await storage.close();
  }
});

pull('corrupted bytes are a DigestMismatchError; a wrong size a ProtocolError', async () => {
  const reg = await startFakeRegistry();
  const corrupt = Buffer.from(BYTES);
  corrupt[500] = (corrupt[500]! + 1) & 0xff;
  reg.intercept = (req, res) => {
    res.writeHead(200).end(req.url.includes('short') ? BYTES : corrupt);
    return true;
  };
  const { client } = testClient(reg.origin);
  try {
    try {
      await client.pullBlob('app', { digest: DIGEST });
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof DigestMismatchError && e.expected === DIGEST, String(e));
    }
    try {
      await client.pullBlob('short', { digest: DIGEST, size: BYTES.length + 1 });
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof ProtocolError, String(e));
    }
  } finally {
    await client.close();
    await reg.close();
  }
});

pull('redirect loops are bounded', async () => {
  const server = await startServer((_req, res) => sendEmpty(res, 302, { location: '/again' }));
  const { client } = testClient(server.origin);
  try {
    await client.pullBlob('app', { digest: DIGEST });
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof ProtocolError && /redirects/.test(e.message), String(e));
    assert.is(server.requests.length, 6);
  } finally {
    await client.close();
    await server.close();
  }
});
pull.run();
