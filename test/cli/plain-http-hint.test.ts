import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PLAIN_HTTP_HINT, speaksPlainHttp, withPlainHttpHint } from '../../src/cli/plain-http-hint.ts';
import { UnreachableError } from '../../src/errors.ts';
import { RegistryClient } from '../../src/oci/index.ts';

const hint = suite('withPlainHttpHint');
const http = createServer((_req, res) => {
  res.statusCode = 401;
  res.end();
});
let port = 0;
hint.before(async () => {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  port = (http.address() as AddressInfo).port;
});
hint.after(() => new Promise<void>((resolve) => http.close(() => resolve())));

hint('TLS against a plain-HTTP server: the error says so', async () => {
  const client = new RegistryClient({ endpoint: `https://127.0.0.1:${port}`, timeoutMs: 5000, maxRetries: 0 });
  let caught: unknown;
  try {
    await client.pullManifest('a/b', 'v1');
  } catch (err) {
    caught = err;
  } finally {
    await client.close();
  }
  const err = await withPlainHttpHint(caught);
  assert.instance(err, UnreachableError);
  assert.ok((err as Error).message.includes(PLAIN_HTTP_HINT), (err as Error).message);
  assert.match((err as Error).message, new RegExp(`http://127\\.0\\.0\\.1:${port}`));
});

hint('other errors, and http endpoints, pass through unchanged', async () => {
  const refused = new UnreachableError(`https://127.0.0.1:${port}`, 'x', { cause: Object.assign(new Error('c'), { code: 'ECONNREFUSED' }) });
  assert.is(await withPlainHttpHint(refused), refused);
  const plain = new UnreachableError(`http://127.0.0.1:${port}`, 'x', { cause: Object.assign(new Error('c'), { code: 'ECONNRESET' }) });
  assert.is(await withPlainHttpHint(plain), plain);
  const reset = new UnreachableError('https://127.0.0.1:1', 'x', { cause: Object.assign(new Error('c'), { code: 'ECONNRESET' }) });
  assert.is(await withPlainHttpHint(reset, async () => false), reset);
  const other = new Error('boom');
  assert.is(await withPlainHttpHint(other), other);
});

hint('speaksPlainHttp: an HTTP answer is yes, a closed port is no', async () => {
  assert.is(await speaksPlainHttp(`http://127.0.0.1:${port}`), true);
  assert.is(await speaksPlainHttp('http://127.0.0.1:1'), false);
});
hint.run();
