import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { sendEmpty, sendJson, startServer } from '../helpers/fake-server.ts';
import { testClient } from '../helpers/test-client.ts';

const ping = suite('ping');
ping('200 with the API version header', async () => {
  const reg = await startFakeRegistry();
  const { client } = testClient(reg.origin);
  try {
    const r = await client.ping();
    assert.equal({ ...r, latencyMs: 0 }, { status: 200, ok: true, latencyMs: 0, apiVersionHeader: 'registry/2.0', authScheme: undefined });
  } finally {
    await client.close();
    await reg.close();
  }
});
ping('429 and 503 are handed back at once (no retry) with their Retry-After', async () => {
  const server = await startServer((_req, res) => sendEmpty(res, 429, { 'retry-after': '30' }));
  const { client, sleeps } = testClient(server.origin);
  try {
    const r = await client.ping();
    assert.equal([r.status, r.ok, r.retryAfterMs], [429, false, 30_000]);
    assert.equal(sleeps, []);
  } finally {
    await client.close();
    await server.close();
  }
});
ping('401 is up-but-authenticated; the challenge is learned, so the next request authenticates at once', async () => {
  const tokens = await startServer((_req, res) => sendJson(res, 200, { token: 'T' }));
  const server = await startServer((req, res) => {
    if (req.headers.authorization === 'Bearer T') return sendJson(res, 200, { name: 'app', tags: [] });
    sendEmpty(res, 401, { 'www-authenticate': `Bearer realm="${tokens.origin}/token",service="s"` });
  });
  const { client } = testClient(server.origin);
  try {
    const r = await client.ping();
    assert.is(r.status, 401);
    assert.ok(r.ok);
    assert.is(r.authScheme, 'bearer');
    await client.listTags('app');
    assert.is(server.requests.length, 2, 'no 401 round trip after ping');
    assert.is(server.requests[1]!.headers.authorization, 'Bearer T');
  } finally {
    await client.close();
    await server.close();
    await tokens.close();
  }
});
ping.run();
