import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createRealClock, type RealClock } from '../../src/time/real-clock.ts';
import type { LinkParams } from '../../src/lab/link.ts';
import { ShapedSocket } from '../../src/lab/shaped-socket.ts';

/** A TCP server whose accepted sockets are shaped with `link` and handed to `onShaped`. */
async function shapedServer(clock: RealClock, link: () => LinkParams, onShaped: (s: ShapedSocket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer({ allowHalfOpen: true }, (raw) => {
    const shaped = new ShapedSocket(raw, { clock, link });
    shaped.on('error', () => undefined);
    onShaped(shaped);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

async function client(port: number): Promise<Socket> {
  const s = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('error', reject));
  s.setNoDelay(true);
  return s;
}

function close(server: Server): Promise<void> {
  return new Promise((r) => server.close(() => r()));
}

const socket = suite('ShapedSocket');

socket('an echo round trip costs the configured RTT', async () => {
  const clock = createRealClock();
  const { server, port } = await shapedServer(clock, () => ({ rttMs: 40 }), (s) => s.on('data', (d) => s.write(d)));
  const c = await client(port);
  try {
    const rtts: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      const echoed = new Promise<void>((r) => c.once('data', () => r()));
      c.write('ping');
      await echoed;
      rtts.push(performance.now() - t0);
    }
    rtts.sort((a, b) => a - b);
    assert.ok(rtts[0]! >= 39.5, `fastest ${rtts[0]}`);
    assert.ok(rtts[0]! < 40 + 30, `fastest ${rtts[0]}`); // generous: the precise figure is in bench/lab.bench.ts
  } finally {
    c.destroy();
    await close(server);
    clock.close();
  }
});

socket('a bandwidth cap holds in both directions (within 20%)', async () => {
  const clock = createRealClock();
  const bw = 16 * 1024 * 1024;
  const size = 3 * 1024 * 1024;
  const payload = Buffer.alloc(size, 7);
  let serverReceived = 0;
  let serverDoneAt = 0;
  const { server, port } = await shapedServer(clock, () => ({ rttMs: 2, bandwidthBytesPerSec: bw }), (s) => {
    s.on('data', (d: Buffer) => {
      if (d[0] === 0x67 && serverReceived === 0 && d.length === 3) return void s.write(payload); // "get"
      serverReceived += d.length;
      if (serverReceived >= size) serverDoneAt = performance.now();
    });
  });
  const c = await client(port);
  try {
    // download: server → client
    let got = 0;
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      c.on('data', (d) => {
        got += d.length;
        if (got >= size) resolve();
      });
      c.write('get');
    });
    const downMiBs = size / ((performance.now() - t0) / 1000) / 2 ** 20;
    // upload: client → server
    const t1 = performance.now();
    c.write(payload);
    for (let i = 0; i < 400 && serverDoneAt === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const upMiBs = size / ((serverDoneAt - t1) / 1000) / 2 ** 20;
    for (const [dir, v] of [['down', downMiBs], ['up', upMiBs]] as const) {
      assert.ok(Math.abs(v - 16) / 16 < 0.2, `${dir} ${v.toFixed(2)} MiB/s`);
    }
  } finally {
    c.destroy();
    await close(server);
    clock.close();
  }
});

socket('reads the link per chunk: a larger RTT applies to an open connection', async () => {
  const clock = createRealClock();
  let rttMs = 2;
  const { server, port } = await shapedServer(clock, () => ({ rttMs }), (s) => s.on('data', (d) => s.write(d)));
  const c = await client(port);
  try {
    const once = async (): Promise<number> => {
      const t0 = performance.now();
      const echoed = new Promise<void>((r) => c.once('data', () => r()));
      c.write('x');
      await echoed;
      return performance.now() - t0;
    };
    await once();
    rttMs = 60;
    assert.ok((await once()) >= 59.5);
  } finally {
    c.destroy();
    await close(server);
    clock.close();
  }
});

socket('half-close and end travel with the delay; destroy on either side closes the other', async () => {
  const clock = createRealClock();
  const { server, port } = await shapedServer(clock, () => ({ rttMs: 10 }), (s) => {
    s.on('data', (d) => s.write(d));
    s.on('end', () => s.end('bye'));
  });
  const c = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  try {
    let text = '';
    c.on('data', (d) => (text += d.toString()));
    const ended = new Promise<void>((r) => c.on('end', () => r()));
    c.end('hi');
    await ended;
    assert.is(text, 'hibye');
  } finally {
    c.destroy();
    await close(server);
    clock.close();
  }
});

socket.run();
