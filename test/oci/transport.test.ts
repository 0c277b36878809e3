import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, AuthError, ProtocolError, TimeoutError, UnreachableError } from '../../src/errors.ts';
import { resolveEndpoint } from '../../src/oci/endpoint.ts';
import { discard } from '../../src/oci/response.ts';
import { TRANSFER_DEFAULTS } from '../../src/oci/transfer-watch.ts';
import { Transport, type TransportOptions } from '../../src/oci/transport.ts';
import { sendEmpty, sendJson, startServer } from '../helpers/fake-server.ts';

function transport(origin: string, extra: Partial<TransportOptions> = {}) {
  const sleeps: number[] = [];
  const t = new Transport({
    endpoint: resolveEndpoint(origin, true),
    credentials: { kind: 'anonymous' },
    insecure: true,
    timeoutMs: 5_000,
    limits: TRANSFER_DEFAULTS,
    maxRetries: 3,
    maxRetryWaitMs: 30_000,
    tlsRejectUnauthorized: true,
    userAgent: 'replbench-test',
    connections: undefined,
    now: () => 0,
    dateNow: () => Date.UTC(2024, 0, 1),
    sleep: async (ms) => void sleeps.push(ms),
    ...extra,
  });
  return { t, sleeps };
}

const retry = suite('Transport retries (429/503)');
retry('429 with Retry-After is retried after that wait', async () => {
  let n = 0;
  const server = await startServer((_req, res) => (++n <= 2 ? sendEmpty(res, 429, { 'retry-after': '2' }) : sendEmpty(res, 200)));
  const { t, sleeps } = transport(server.origin);
  try {
    const counter = { requests: 0 };
    const ex = await t.request({ method: 'GET', url: '/v2/', counter });
    await discard(ex);
    assert.is(ex.status, 200);
    assert.equal(sleeps, [2000, 2000]);
    assert.is(counter.requests, 3);
  } finally {
    await t.close();
    await server.close();
  }
});
retry('503 without Retry-After backs off; an HTTP-date uses the injected wall clock', async () => {
  let n = 0;
  const server = await startServer((_req, res) => {
    n++;
    if (n === 1) return sendEmpty(res, 503);
    if (n === 2) return sendEmpty(res, 503, { 'retry-after': 'Mon, 01 Jan 2024 00:00:04 GMT' });
    sendEmpty(res, 200);
  });
  const { t, sleeps } = transport(server.origin);
  try {
    await discard(await t.request({ method: 'GET', url: '/v2/' }));
    assert.equal(sleeps, [250, 4000]);
  } finally {
    await t.close();
    await server.close();
  }
});
retry('bounded count, bounded total wait, retries: 0 — then the 429 is handed back with its Retry-After', async () => {
  const server = await startServer((_req, res) => sendEmpty(res, 429, { 'retry-after': '10' }));
  try {
    const a = transport(server.origin, { maxRetries: 2 });
    const ex = await a.t.request({ method: 'GET', url: '/v2/' });
    assert.is(ex.status, 429);
    assert.is(ex.retryAfterMs, 10_000);
    assert.equal(a.sleeps, [10_000, 10_000]);
    await a.t.close();
    const b = transport(server.origin, { maxRetryWaitMs: 25_000 });
    assert.is((await b.t.request({ method: 'GET', url: '/v2/' })).status, 429);
    assert.equal(b.sleeps, [10_000, 10_000]);
    await b.t.close();
    const c = transport(server.origin);
    assert.is((await c.t.request({ method: 'GET', url: '/v2/', retries: 0 })).status, 429);
    assert.equal(c.sleeps, []);
    await c.t.close();
    const d = transport(server.origin, { maxRetryWaitMs: 5_000 });
    const long = await d.t.request({ method: 'GET', url: '/v2/' });
    assert.equal([long.status, long.retryAfterMs, d.sleeps], [429, 10_000, []], 'a Retry-After beyond the budget is not shortened');
    await d.t.close();
  } finally {
    await server.close();
  }
});
retry('a retried request streams its body again', async () => {
  let n = 0;
  const server = await startServer((req, res) => (++n === 1 ? sendEmpty(res, 503, { 'retry-after': '0' }) : sendJson(res, 201, { got: req.body.toString() })));
  const { t } = transport(server.origin);
  try {
    let opened = 0;
    const ex = await t.request({
      method: 'PUT',
      url: '/v2/x',
      headers: { 'content-length': '5' },
      body: () => (async function* () { opened++; yield Buffer.from('hel'); yield Buffer.from('lo'); })(),
    });
    assert.is(ex.status, 201);
    assert.is(await ex.body.text(), '{"got":"hello"}');
    assert.is(opened, 2);
  } finally {
    await t.close();
    await server.close();
  }
});
retry.run();

const auth = suite('Transport auth');
auth('Bearer flow: 401 → token (Basic to the token server) → retry; next request authenticates up front', async () => {
  const tokenServer = await startServer((req, res) => {
    const ok = req.headers.authorization === `Basic ${Buffer.from('u:p').toString('base64')}`;
    return ok ? sendJson(res, 200, { token: 'T', expires_in: 300 }) : sendEmpty(res, 401);
  });
  const registry = await startServer((req, res) => {
    if (req.headers.authorization === 'Bearer T') return sendEmpty(res, 200);
    sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': `Bearer realm="${tokenServer.origin}/token",service="reg"` });
  });
  const { t } = transport(registry.origin, { credentials: { kind: 'basic', username: 'u', password: 'p' } });
  try {
    const counter = { requests: 0 };
    await discard(await t.request({ method: 'GET', url: '/v2/app/tags/list', scopes: ['repository:app:pull'], counter }));
    await discard(await t.request({ method: 'GET', url: '/v2/app/tags/list', scopes: ['repository:app:pull'], counter }));
    assert.is(counter.requests, 3);
    assert.is(tokenServer.requests.length, 1);
    const tokenUrl = new URL(tokenServer.requests[0]!.url, 'http://x');
    assert.is(tokenUrl.searchParams.get('scope'), 'repository:app:pull');
    assert.is(tokenUrl.searchParams.get('service'), 'reg');
    assert.is(registry.requests[0]!.headers.authorization, undefined);
    assert.is(registry.requests[2]!.headers.authorization, 'Bearer T');
    assert.is(registry.requests[0]!.headers['user-agent'], 'replbench-test');
  } finally {
    await t.close();
    await registry.close();
    await tokenServer.close();
  }
});
auth('a second 401 is an AuthError with no secret in it', async () => {
  const tokenServer = await startServer((_req, res) => sendJson(res, 200, { token: 'SECRET-TOKEN' }));
  const registry = await startServer((_req, res) =>
    sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'nope' }] }, { 'www-authenticate': `Bearer realm="${tokenServer.origin}/token"` }),
  );
  const { t } = transport(registry.origin);
  try {
    await t.request({ method: 'GET', url: '/v2/app/manifests/v1?x=SECRET-QUERY', scopes: ['repository:app:pull'] });
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AuthError, String(e));
    assert.is((e as AuthError).status, 401);
    assert.not.match((e as Error).message, /SECRET/);
    assert.is(registry.requests.length, 2);
  } finally {
    await t.close();
    await registry.close();
    await tokenServer.close();
  }
});
auth('Authorization is never sent to another origin', async () => {
  const other = await startServer((_req, res) => sendEmpty(res, 200));
  const registry = await startServer((req, res) =>
    req.headers.authorization ? sendEmpty(res, 200) : sendEmpty(res, 401, { 'www-authenticate': 'Basic realm="r"' }),
  );
  const { t } = transport(registry.origin, { credentials: { kind: 'basic', username: 'u', password: 'p' } });
  try {
    await discard(await t.request({ method: 'GET', url: '/v2/' }));
    await discard(await t.request({ method: 'GET', url: `${other.origin}/blob?sig=1` }));
    assert.match(String(registry.requests[1]!.headers.authorization), /^Basic /);
    assert.is(other.requests[0]!.headers.authorization, undefined);
  } finally {
    await t.close();
    await registry.close();
    await other.close();
  }
});
auth.run();

const failures = suite('Transport failures');
failures('no answer within timeoutMs is a TimeoutError', async () => {
  const server = await startServer(() => undefined); // never answers
  const { t } = transport(server.origin, { timeoutMs: 200 });
  try {
    await t.request({ method: 'GET', url: '/v2/' });
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof TimeoutError && e.timeoutMs === 200, String(e));
  } finally {
    await t.close();
    await server.close();
  }
});
failures('the caller abort is an AbortedError', async () => {
  const server = await startServer(() => undefined);
  const { t } = transport(server.origin);
  const controller = new AbortController();
  try {
    const pending = t.request({ method: 'GET', url: '/v2/', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await pending;
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AbortedError, String(e));
  } finally {
    await t.close();
    await server.close();
  }
});
failures('a closed port is an UnreachableError', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  const { t } = transport(`http://127.0.0.1:${port}`);
  try {
    await t.request({ method: 'GET', url: '/v2/' });
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof UnreachableError && e.endpoint === `http://127.0.0.1:${port}`, String(e));
  } finally {
    await t.close();
  }
});
failures('plain-http URLs are refused without insecure', async () => {
  const { t } = transport('https://reg.example', { insecure: false });
  try {
    await t.request({ method: 'GET', url: 'http://storage.example/blob' });
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof ProtocolError && /insecure/.test(e.message), String(e));
  } finally {
    await t.close();
  }
});
failures.run();

const keepAlive = suite('Transport connections');
keepAlive('HEAD requests reuse one keep-alive connection (undici would close after each)', async () => {
  const { createServer: createHttpServer } = await import('node:http');
  let connections = 0;
  const server = createHttpServer((_req, res) => {
    res.writeHead(404, { 'content-length': '0' });
    res.end();
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { t } = transport(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  try {
    for (let i = 0; i < 20; i++) await discard(await t.request({ method: 'HEAD', url: '/v2/app/manifests/v1', retries: 0 }));
    // Without reset: false undici opens one connection per HEAD (20 here); with it, at most 2.
    assert.ok(connections <= 2, `${connections} connections for 20 HEADs`);
  } finally {
    await t.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
keepAlive.run();
