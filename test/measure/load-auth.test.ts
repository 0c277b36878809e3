import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UnreachableError } from '../../src/errors.ts';
import { discoverLoadAuth } from '../../src/measure/load-auth.ts';
import { startServer } from '../helpers/fake-server.ts';

const auth = suite('discoverLoadAuth');

auth('an open registry: no Authorization', async () => {
  const server = await startServer((_req, res) => void res.writeHead(200).end());
  try {
    const a = await discoverLoadAuth({ baseUrl: server.origin, credentials: { kind: 'anonymous' }, insecure: true });
    assert.is(a.scheme, 'none');
    assert.is(await a.authorization(['repository:r:pull']), undefined);
    await a.close();
  } finally {
    await server.close();
  }
});

auth('Bearer: the token is fetched from the realm and cached', async () => {
  const server = await startServer((req, res) => {
    if (req.url.startsWith('/token')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"tok","expires_in":300}');
    res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="s"` }).end();
  });
  try {
    const a = await discoverLoadAuth({ baseUrl: server.origin, credentials: { kind: 'basic', username: 'u', password: 'p' }, insecure: true });
    assert.is(a.scheme, 'bearer');
    assert.equal(a.realm, { realm: `${server.origin}/token`, service: 's' });
    assert.is(await a.authorization(['repository:r:pull']), 'Bearer tok');
    assert.is(await a.authorization(['repository:r:pull']), 'Bearer tok');
    assert.is(server.requests.filter((r) => r.url.startsWith('/token')).length, 1);
    await a.close();
  } finally {
    await server.close();
  }
});

auth('an endpoint that does not answer is UnreachableError', async () => {
  const server = await startServer((_req, res) => void res.end());
  const origin = server.origin;
  await server.close();
  try {
    await discoverLoadAuth({ baseUrl: origin, credentials: { kind: 'anonymous' }, insecure: true });
    assert.unreachable('should have failed');
  } catch (err) {
    assert.instance(err, UnreachableError);
  }
});

auth.run();
