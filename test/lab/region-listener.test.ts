import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { createRealClock } from '../../src/lab/clock.ts';
import { RegionListener } from '../../src/lab/region-listener.ts';

function tryConnect(port: number): Promise<'connected' | string> {
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

listener.run();
