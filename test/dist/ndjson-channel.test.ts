import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NdjsonChannel } from '../../src/dist/ndjson-channel.ts';
import { parseWorkerMessage, type CoordinatorMessage, type WorkerMessage } from '../../src/dist/protocol.ts';

/** A raw TCP pair on loopback: the channel reads `server`'s end; the test writes on `client`. */
async function pair(): Promise<{ client: Socket; server: Socket; close: () => Promise<void> }> {
  let accepted: (s: Socket) => void = () => undefined;
  const got = new Promise<Socket>((r) => (accepted = r));
  const srv: Server = createServer((s) => accepted(s));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const client = connect((srv.address() as AddressInfo).port, '127.0.0.1');
  const server = await got;
  return { client, server, close: () => new Promise<void>((r) => (client.destroy(), server.destroy(), srv.close(() => r()))) };
}

const channel = suite('NdjsonChannel');

channel('lines split anywhere (multi-byte characters too) become messages; heartbeats are not passed on', async () => {
  const p = await pair();
  const got: WorkerMessage[] = [];
  const ch = new NdjsonChannel<WorkerMessage, CoordinatorMessage>({ socket: p.server, parse: parseWorkerMessage, onMessage: (m) => got.push(m), onClose: () => undefined });
  try {
    const text = `{"v":1,"type":"heartbeat"}\n${JSON.stringify({ v: 1, type: 'failed', taskId: 1, code: 'E_X', message: 'zürich → 東京' })}\n`;
    const bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < bytes.length; i += 7) p.client.write(bytes.subarray(i, i + 7));
    for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(got, [{ v: 1, type: 'failed', taskId: 1, code: 'E_X', message: 'zürich → 東京' }]);
  } finally {
    ch.close('test over');
    await p.close();
  }
});

channel('a malformed line closes it with the reason; send() after close is refused', async () => {
  const p = await pair();
  const reasons: string[] = [];
  const ch = new NdjsonChannel<WorkerMessage, CoordinatorMessage>({ socket: p.server, parse: parseWorkerMessage, onMessage: () => undefined, onClose: (r) => reasons.push(r) });
  try {
    p.client.write('{"v":7,"type":"heartbeat"}\n');
    for (let i = 0; i < 100 && reasons.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.match(reasons[0] ?? '', /protocol version 7/);
    assert.ok(ch.closed);
    assert.not.ok(ch.send({ v: 1, type: 'heartbeat' }));
    ch.close('again');
    assert.is(reasons.length, 1);
  } finally {
    await p.close();
  }
});

channel('a silent peer is lost after lostAfterMs; a live one is kept by heartbeats', async () => {
  const p = await pair();
  const reasons: string[] = [];
  const ch = new NdjsonChannel<WorkerMessage, CoordinatorMessage>({ socket: p.server, parse: parseWorkerMessage, onMessage: () => undefined, onClose: (r) => reasons.push(r), heartbeatMs: 20, lostAfterMs: 120 });
  try {
    let beats = '';
    p.client.on('data', (d: Buffer) => (beats += d.toString()));
    for (let i = 0; i < 100 && reasons.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(reasons[0] ?? '', /no message for/);
    assert.match(beats, /"type":"heartbeat"/);
  } finally {
    ch.close('done');
    await p.close();
  }
});

channel.run();
