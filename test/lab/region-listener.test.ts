import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connect, createServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { createRealClock } from '../../src/time/real-clock.ts';
import { abortConnection, RegionListener } from '../../src/lab/region-listener.ts';
import type { ShapedSocket } from '../../src/lab/shaped-socket.ts';

function tryConnect(port: number): Promise<'connected' | (string & {})> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

async function timedGet(url: string): Promise<{ ms: number; body: string }> {
  const t0 = performance.now();
  const res = await request(url);
  const body = await res.body.text();
  return { ms: performance.now() - t0, body };
}

/** Resolves to the promise's outcome, or 'timed out' after `ms` (a bound against hangs, not a speed check). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | 'timed out'> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), ms)));
  try {
    return await Promise.race([p, bound]);
  } finally {
    clearTimeout(timer);
  }
}

function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap').length;
}

/** Waits (bounded) until at most `max` TCP handles are open; returns the count seen last. */
async function tcpHandlesDownTo(max: number): Promise<number> {
  for (let i = 0; i < 200 && tcpHandles() > max; i++) await new Promise((r) => setTimeout(r, 10));
  return tcpHandles();
}

const listener = suite('RegionListener');

listener('one port per client region; the handler learns the client region; each port has its link RTT', async () => {
  const clock = createRealClock();
  const l = new RegionListener({
    region: 'west',
    clientRegions: ['west', 'east'],
    clock,
    link: (client) => ({ rttMs: client === 'east' ? 30 : 1 }),
    handler: (_req, res, ctx) => res.end(`${ctx.clientRegion}`),
  });
  try {
    await l.start();
    assert.is.not(l.ports['west'], l.ports['east']);
    assert.is(l.url('east'), `http://127.0.0.1:${l.ports['east']}`);
    await timedGet(l.url('east')); // connection set-up and warm-up
    await timedGet(l.url('west'));
    const east = await timedGet(l.url('east'));
    assert.is(east.body, 'east');
    assert.is((await timedGet(l.url('west'))).body, 'west');
    assert.ok(east.ms >= 29.5, `east ${east.ms}`);
    let westMs = Infinity;
    for (let i = 0; i < 5; i++) westMs = Math.min(westMs, (await timedGet(l.url('west'))).ms);
    assert.ok(westMs < 29.5, `west ${westMs}`);
  } finally {
    await l.close();
    clock.close();
  }
});

listener('down refuses connections on every port; up listens on the same ports again', async () => {
  const clock = createRealClock();
  const l = new RegionListener({
    region: 'r',
    clientRegions: ['r', 'q'],
    clock,
    link: () => ({ rttMs: 0 }),
    handler: (_req, res) => res.end('ok'),
  });
  try {
    await l.start();
    const ports = { ...l.ports };
    await l.setDown(true);
    assert.ok(l.isDown);
    assert.is(await tryConnect(ports['r']!), 'ECONNREFUSED');
    assert.is(await tryConnect(ports['q']!), 'ECONNREFUSED');
    await l.setDown(false);
    assert.equal(l.ports, ports);
    assert.is((await timedGet(l.url('q'))).body, 'ok');
  } finally {
    await l.close();
    clock.close();
  }
});

listener('going down resets open connections', async () => {
  const clock = createRealClock();
  const l = new RegionListener({ region: 'r', clientRegions: ['r'], clock, link: () => ({ rttMs: 0 }), handler: () => undefined });
  try {
    await l.start();
    const s = connect({ host: '127.0.0.1', port: l.ports['r']! });
    await new Promise((r) => s.once('connect', r));
    const closed = new Promise<string>((resolve) => {
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      s.once('close', () => resolve('closed'));
    });
    await new Promise((r) => setTimeout(r, 10));
    await l.setDown(true);
    assert.ok(['ECONNRESET', 'closed'].includes(await closed));
    s.destroy();
  } finally {
    await l.close();
    clock.close();
  }
});

listener('close() frees every port', async () => {
  const clock = createRealClock();
  const l = new RegionListener({ region: 'r', clientRegions: ['r', 's'], clock, link: () => ({ rttMs: 0 }), handler: (_q, res) => res.end() });
  await l.start();
  const ports = Object.values(l.ports);
  await l.close();
  clock.close();
  for (const p of ports) assert.is(await tryConnect(p), 'ECONNREFUSED');
});

listener('close() right after a connection sent its FIN resolves and leaves no TCP handle open', async () => {
  // The shaped socket ends its raw socket (FIN) once the client hung up; a reset
  // in the same turn used to fail (EINVAL) and leak the handle: close() never
  // resolved and the process spun forever at exit.
  const before = tcpHandles();
  const clock = createRealClock();
  let closing: Promise<void> | undefined;
  const l = new RegionListener({
    region: 'r',
    clientRegions: ['r'],
    clock,
    link: () => ({ rttMs: 0 }),
    handler: (req) => {
      (req.socket as unknown as ShapedSocket).raw.end();
      closing = l.close();
    },
  });
  let s: Socket | undefined;
  try {
    await l.start();
    s = connect({ host: '127.0.0.1', port: l.ports['r']!, allowHalfOpen: true });
    s.on('error', () => undefined);
    s.resume();
    s.write('GET /v2/ HTTP/1.1\r\nhost: x\r\n\r\n');
    for (let i = 0; i < 200 && closing === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(closing !== undefined, 'the request reached the handler');
    assert.is.not(await within(closing, 5000), 'timed out');
  } finally {
    s?.destroy();
    await l.close();
    clock.close();
  }
  assert.ok((await tcpHandlesDownTo(before)) <= before, `TCP handles ${process.getActiveResourcesInfo()}`);
});

listener.run();

const abort = suite('abortConnection');

abort('resets an open connection: the peer sees ECONNRESET; resolves once the handle is closed', async () => {
  let accepted: Socket | undefined;
  const server = createServer((raw) => (accepted = raw));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = connect({ host: '127.0.0.1', port: (server.address() as { port: number }).port });
  try {
    const peer = new Promise<string>((resolve) => {
      client.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      client.once('close', () => resolve('closed'));
    });
    for (let i = 0; i < 200 && accepted === undefined; i++) await new Promise((r) => setTimeout(r, 5));
    await within(abortConnection(accepted!), 5000);
    assert.ok(accepted!.closed);
    assert.is(await within(peer, 5000), 'ECONNRESET');
  } finally {
    client.destroy();
    await new Promise((r) => server.close(r));
  }
});

abort('a socket whose end() was just called (shutdown pending) is destroyed, not reset, and closes', async () => {
  const errors: string[] = [];
  let result: Promise<unknown> | undefined;
  let raw: Socket | undefined;
  const server = createServer({ allowHalfOpen: true }, (s) => {
    raw = s;
    s.on('error', (e: NodeJS.ErrnoException) => errors.push(`${e.code} ${e.syscall}`));
    s.end();
    result = within(abortConnection(s), 5000);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = connect({ host: '127.0.0.1', port: (server.address() as { port: number }).port, allowHalfOpen: true });
  client.on('error', () => undefined);
  try {
    for (let i = 0; i < 200 && result === undefined; i++) await new Promise((r) => setTimeout(r, 5));
    assert.is.not(await result, 'timed out');
    assert.ok(raw!.closed);
    assert.equal(errors, []);
  } finally {
    client.destroy();
    await new Promise((r) => server.close(r));
  }
});

abort.run();
