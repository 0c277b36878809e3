import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { header, readSmallBody, sendBytes, sendStream, startStream } from '../../src/lab/registry-http.ts';

async function serveOnce(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  body: (url: string) => Promise<void>,
): Promise<void> {
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const small = suite('readSmallBody');

small('reads up to the limit; past it drains and says too-large', async () => {
  await serveOnce(async (req, res) => {
    const result = await readSmallBody(req, 8);
    sendBytes(res, 200, {}, result.kind === 'ok' ? Buffer.from(result.bytes).toString() : 'too-large');
  }, async (url) => {
    assert.is(await (await fetch(url, { method: 'PUT', body: 'abc' })).text(), 'abc');
    assert.is(await (await fetch(url, { method: 'PUT', body: 'x'.repeat(9) })).text(), 'too-large');
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(4));
        controller.close();
      },
    });
    const res = await fetch(url, { method: 'PUT', body: streamed, duplex: 'half' } as RequestInit);
    assert.is(await res.text(), 'too-large');
  });
});

small.run();

const stream = suite('sendStream');

stream('streams chunks with the given headers', async () => {
  async function* parts() {
    yield new TextEncoder().encode('ab');
    yield new TextEncoder().encode('cd');
  }
  await serveOnce(async (_req, res) => sendStream(res, 206, { 'X-Test': 'yes' }, parts()), async (url) => {
    const res = await fetch(url);
    assert.is(res.status, 206);
    assert.is(res.headers.get('x-test'), 'yes');
    assert.is(await res.text(), 'abcd');
  });
});

stream.run();

const headerSuite = suite('header');

headerSuite('reads a header case-insensitively', async () => {
  await serveOnce(async (req, res) => sendBytes(res, 200, {}, header(req, 'X-Thing') ?? 'none'), async (url) => {
    assert.is(await (await fetch(url, { headers: { 'x-thing': 'v' } })).text(), 'v');
    assert.is(await (await fetch(url)).text(), 'none');
  });
});

headerSuite.run();

const start = suite('startStream');

start('replays the first chunk, fails early, closes the source', async () => {
  let closed = false;
  async function* source() {
    try {
      yield new Uint8Array([1]);
      yield new Uint8Array([2, 3]);
    } finally {
      closed = true;
    }
  }
  const sizes: number[] = [];
  for await (const chunk of await startStream(source())) sizes.push(chunk.byteLength);
  assert.equal(sizes, [1, 2]);
  assert.ok(closed);
  async function* failing(): AsyncIterable<Uint8Array> {
    throw new Error('at once');
  }
  try {
    await startStream(failing());
    assert.unreachable('expected the first pull to fail');
  } catch (err) {
    assert.match(String(err), /at once/);
  }
  async function* empty(): AsyncIterable<Uint8Array> {}
  for await (const _ of await startStream(empty())) assert.unreachable('no chunks expected');
});

start.run();
