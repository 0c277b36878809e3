import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { startLinkProxy } from '../../src/blob/link-proxy.ts';
import { createRealClock } from '../../src/time/real-clock.ts';

const proxy = suite('startLinkProxy');
proxy('forwards requests and bodies both ways through the shaped link; close() ends it', async () => {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.end(`echo ${req.method} ${req.url} ${Buffer.concat(chunks).byteLength}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const clock = createRealClock();
  const p = await startLinkProxy({ upstreamPort: (server.address() as AddressInfo).port, link: { rttMs: 10, bandwidthBytesPerSec: 10 * 1024 * 1024 }, clock });
  try {
    const r = await request(`http://127.0.0.1:${p.port}/acct/c/b`, { method: 'PUT', body: Buffer.alloc(100_000) });
    assert.is(await r.body.text(), 'echo PUT /acct/c/b 100000');
  } finally {
    await p.close();
    clock.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
  try {
    await request(`http://127.0.0.1:${p.port}/`, { headersTimeout: 2000 });
    assert.unreachable('the proxy should be closed');
  } catch (err: unknown) {
    assert.match(String((err as { code?: string }).code ?? err), /ECONNREFUSED|UND_ERR/);
  }
});
proxy.run();
