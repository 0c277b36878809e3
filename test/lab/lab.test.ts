import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connect, Socket } from 'node:net';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { VirtualClock } from '../../src/time/virtual-clock.ts';
import { startLab, type Lab } from '../../src/lab/lab.ts';
import { dockerRef, hasSkopeo, skopeo } from '../helpers/skopeo.ts';
import type { LabConfigInput } from '../../src/lab/lab-config.ts';
import { pushBlob, pushImage, status } from './lab-test-helpers.ts';

async function withLab(config: LabConfigInput, fn: (lab: Lab) => Promise<void>): Promise<void> {
  const lab = await startLab(config);
  try {
    await fn(lab);
  } finally {
    await lab.close();
  }
}

function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = connect({ host: hostname, port: Number(port) });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

const twoRegions: LabConfigInput = {
  regions: [{ name: 'east' }, { name: 'west' }],
  links: [{ from: 'east', to: 'west', rtt: '20ms' }],
  replication: { lag: '150ms' },
};

const lab = suite('startLab');

lab('a push to one region is invisible in another before the lag and pullable just after', async () => {
  await withLab(twoRegions, async (l) => {
    const east = l.endpointFor('east');
    const westLocal = l.endpointFor('west', 'west');
    const img = await pushImage(east, 'app', { tag: 'v1' });
    const probeSent = l.clock.now();
    const early = await status(westLocal, 'HEAD', `/v2/app/manifests/${img.digest}`);
    const probeDone = l.clock.now();
    const entry = await l.groundTruth.settled('app', img.digest, 'west', AbortSignal.timeout(5000));
    assert.is(entry.state.status, 'pullable');
    const atMs = entry.state.status === 'pullable' ? entry.state.atMs : NaN;
    if (probeDone < atMs) assert.is(early, 404);
    assert.ok(probeSent < atMs);
    const lagMs = atMs - entry.committedAtMs;
    assert.ok(lagMs >= 150 && lagMs < 150 + 50, `lag ${lagMs}`); // generous under load; exact on a fake clock below
    assert.is(await status(westLocal, 'HEAD', '/v2/app/manifests/v1'), 200);
    for (const b of img.blobs) assert.is(await status(westLocal, 'HEAD', `/v2/app/blobs/${b}`), 200);
  });
});

lab('each client region reaches a server region through its own port with that link RTT', async () => {
  await withLab(twoRegions, async (l) => {
    const timed = async (url: string): Promise<number> => {
      const t0 = performance.now();
      await status(url, 'GET', '/v2/');
      return performance.now() - t0;
    };
    const far = l.endpointFor('west', 'east');
    await timed(far);
    const rtts: number[] = [];
    for (let i = 0; i < 5; i++) rtts.push(await timed(far));
    assert.ok(Math.min(...rtts) >= 19.5, `rtts ${rtts}`);
    assert.ok(Math.min(...rtts) < 20 + 30, `rtts ${rtts}`); // generous; the precise figure is in bench/lab.bench.ts
    assert.is.not(l.endpointFor('west', 'east'), l.endpointFor('west', 'west'));
    assert.equal(Object.keys(l.regions[0]!.endpoints), ['east', 'west']);
  });
});

lab('faults from the control endpoint: down refuses, 5xx, 429 with Retry-After, slow link; cleared again', async () => {
  await withLab(twoRegions, async (l) => {
    const west = l.endpointFor('west');
    const post = async (fault: unknown) => (await request(`${l.controlUrl}/faults`, { method: 'POST', body: JSON.stringify(fault) })).body.json() as Promise<{ id: string }>;
    const clear = async () => (await request(`${l.controlUrl}/faults`, { method: 'DELETE' })).body.dump();

    await post({ kind: 'down', region: 'west' });
    assert.ok(await refused(west));
    assert.ok(await refused(l.endpointFor('west', 'east')));
    await clear();
    assert.is(await status(west, 'GET', '/v2/'), 200);

    await post({ kind: 'error-rate', region: 'west', rate: 1, status: 503 });
    assert.is(await status(west, 'GET', '/v2/'), 503);
    assert.is(await status(l.endpointFor('east'), 'GET', '/v2/'), 200);
    await clear();

    await post({ kind: 'throttle', region: 'west', retryAfter: '3s' });
    const res = await request(`${west}/v2/`);
    const text = await res.body.text();
    assert.is(res.statusCode, 429);
    assert.is(res.headers['retry-after'], '3');
    assert.match(text, /TOOMANYREQUESTS/);
    await clear();

    await status(west, 'GET', '/v2/');
    await post({ kind: 'slow-link', region: 'west', extraRtt: '40ms' });
    const t0 = performance.now();
    await status(west, 'GET', '/v2/');
    assert.ok(performance.now() - t0 >= 40, 'slow link adds RTT');
    await clear();
  });
});

lab('replication stalls while a region is down and catches up when it is back', async () => {
  await withLab({ ...twoRegions, replication: { lag: '10ms' } }, async (l) => {
    const f = l.setFault({ kind: 'down', region: 'west' });
    const img = await pushImage(l.endpointFor('east'), 'app');
    await new Promise((r) => setTimeout(r, 60));
    const pending = l.groundTruth.get('app', img.digest, 'west')!;
    assert.equal(pending.state, { status: 'pending', reason: 'region-down' });
    l.clearFault(f.id);
    const entry = await l.groundTruth.settled('app', img.digest, 'west', AbortSignal.timeout(5000));
    assert.is(entry.state.status, 'pullable');
    assert.is(await status(l.endpointFor('west'), 'HEAD', `/v2/app/manifests/${img.digest}`), 200);
  });
});

lab('hierarchy: ReadOnly nodes and repos outside a node subset refuse pushes with DENIED', async () => {
  await withLab(
    {
      replication: { lag: '5ms' },
      topology: {
        kind: 'hierarchy',
        nodes: [
          { name: 'cloud' },
          { name: 'factory', parent: 'cloud', mode: 'ReadWrite', repositories: ['apps/*'] },
          { name: 'line', parent: 'factory', mode: 'ReadOnly' },
        ],
      },
    },
    async (l) => {
      const res = await request(`${l.endpointFor('line')}/v2/apps/web/blobs/uploads/`, { method: 'POST' });
      assert.is(res.statusCode, 403);
      assert.match(await res.body.text(), /DENIED/);
      const outside = await request(`${l.endpointFor('factory')}/v2/other/blobs/uploads/`, { method: 'POST' });
      assert.is(outside.statusCode, 403);
      await outside.body.dump();
      const img = await pushImage(l.endpointFor('factory'), 'apps/web', { tag: 'v1' });
      const up = await l.groundTruth.settled('apps/web', img.digest, 'cloud', AbortSignal.timeout(5000));
      const down = await l.groundTruth.settled('apps/web', img.digest, 'line', AbortSignal.timeout(5000));
      assert.is(up.state.status, 'pullable');
      assert.is(down.state.status, 'pullable');
      assert.is(await status(l.endpointFor('line'), 'GET', '/v2/apps/web/manifests/v1'), 200);
      assert.equal(l.regions.map((r) => [r.name, r.mode, r.parent ?? '-']), [
        ['cloud', 'ReadWrite', '-'],
        ['factory', 'ReadWrite', 'cloud'],
        ['line', 'ReadOnly', 'factory'],
      ]);
    },
  );
});

lab('webhooks: one ACR event per region as the push becomes visible there', async () => {
  const got: { region: string; body: any }[] = [];
  const rx = createServer((req, res) => {
    let t = '';
    req.on('data', (d) => (t += d));
    req.on('end', () => {
      got.push({ region: String(req.headers['x-replbench-lab-region']), body: JSON.parse(t) });
      res.end();
    });
  });
  await new Promise<void>((r) => rx.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(rx.address() as { port: number }).port}/hook`;
  try {
    await withLab({ ...twoRegions, replication: { lag: '20ms' }, webhooks: [{ url, format: 'acr' }] }, async (l) => {
      const img = await pushImage(l.endpointFor('east'), 'app', { tag: 'v7' });
      await l.groundTruth.settled('app', img.digest, 'west', AbortSignal.timeout(5000));
      await l.settled();
      assert.equal(got.map((g) => g.region).sort(), ['east', 'west']);
      const west = got.find((g) => g.region === 'west')!.body;
      assert.is(west.action, 'push');
      assert.equal(
        { digest: west.target.digest, tag: west.target.tag, repository: west.target.repository },
        { digest: img.digest, tag: 'v7', repository: 'app' },
      );
      assert.is(west.request.host, new URL(l.endpointFor('west')).host);
      assert.is(l.webhookStats.delivered, 2);
    });
  } finally {
    rx.close();
  }
});

lab('the control endpoint serves ground truth as epoch µs', async () => {
  await withLab({ ...twoRegions, replication: { lag: '5ms' } }, async (l) => {
    const img = await pushImage(l.endpointFor('east'), 'app');
    await l.groundTruth.settled('app', img.digest, 'west', AbortSignal.timeout(5000));
    const res = await request(`${l.controlUrl}/ground-truth?digest=${img.digest}&region=west`);
    const body = (await res.body.json()) as { entries: { state: { atEpochUs: number }; committedAtEpochUs: number }[] };
    const e = body.entries[0]!;
    assert.ok(Math.abs(e.state.atEpochUs / 1000 - Date.now()) < 10_000);
    assert.ok(e.state.atEpochUs - e.committedAtEpochUs >= 5000);
  });
});

lab('directory store: replicated blobs land on disk in each region', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-lab-'));
  try {
    await withLab({ ...twoRegions, replication: { lag: '5ms' }, store: { kind: 'directory', dir } }, async (l) => {
      const img = await pushImage(l.endpointFor('east'), 'app', { layers: [new Uint8Array(200_000).fill(1)] });
      const e = await l.groundTruth.settled('app', img.digest, 'west', AbortSignal.timeout(5000));
      assert.is(e.state.status, 'pullable');
      assert.is((await l.store('west').blobStat(img.blobs[1]!))?.sizeBytes, 200_000);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

lab('faults in the config are active from the start; close() frees every port', async () => {
  const l = await startLab({ ...twoRegions, faults: [{ kind: 'down', region: 'west' }] });
  const urls = l.regions.flatMap((r) => Object.values(r.endpoints));
  try {
    assert.ok(await refused(l.endpointFor('west')));
    assert.is(await status(l.endpointFor('east'), 'GET', '/v2/'), 200);
    assert.is(l.faults().length, 1);
    assert.throws(() => l.setFault({ kind: 'down', region: 'mars' }), /unknown region "mars"/);
  } finally {
    await l.close();
  }
  for (const u of [...urls, l.controlUrl]) assert.ok(await refused(u), u);
});

lab('with an injected fake clock, replication waits for the clock however long the real time', async () => {
  const clock = new VirtualClock();
  const l = await startLab(twoRegions, { clock });
  try {
    const img = await pushImage(l.endpointFor('east'), 'app', { tag: 'v1' });
    await new Promise((r) => setTimeout(r, 200));
    assert.is(await status(l.endpointFor('west'), 'HEAD', `/v2/app/manifests/${img.digest}`), 404);
    await clock.advance(149.9);
    await l.settled();
    assert.is(await status(l.endpointFor('west'), 'HEAD', `/v2/app/manifests/${img.digest}`), 404);
    await clock.advance(0.1);
    await l.settled();
    assert.is(await status(l.endpointFor('west'), 'HEAD', '/v2/app/manifests/v1'), 200);
    assert.equal(l.groundTruth.get('app', img.digest, 'west')?.state, { status: 'pullable', atMs: 150 });
  } finally {
    await l.close();
  }
});

function handleCount(kind: 'TCPServerWrap' | 'TCPSocketWrap'): number {
  return process.getActiveResourcesInfo().filter((r) => r === kind).length;
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

lab('close() mid-replication, mid-transfer and just as a connection sends its FIN resolves and leaves no lab handle', async () => {
  const servers = handleCount('TCPServerWrap');
  const sockets = handleCount('TCPSocketWrap');
  const l = await startLab({
    ...twoRegions,
    links: [{ from: 'east', to: 'west', rtt: '20ms', bandwidth: '256KiB/s' }],
    replication: { lag: '2s' },
  });
  const labPorts = new Set(l.regions.flatMap((r) => Object.values(r.ports)));
  // Close in the very turn a lab-side socket ends (its shutdown still pending): that reset used to
  // fail with EINVAL and leak the handle, so the process spun forever at exit.
  let closing: Promise<void> | undefined;
  const end = Socket.prototype.end;
  Socket.prototype.end = function (this: Socket, ...args: unknown[]) {
    const out = (end as (...a: unknown[]) => Socket).apply(this, args);
    if (closing === undefined && this.localPort !== undefined && labPorts.has(this.localPort)) closing = l.close();
    return out;
  } as Socket['end'];
  let hungUp: Socket | undefined;
  let transfer: Promise<unknown> = Promise.resolve();
  try {
    const img = await pushImage(l.endpointFor('east'), 'app', { tag: 'v1' });
    assert.is(l.groundTruth.get('app', img.digest, 'west')?.state.status, 'pending');
    // A paced upload over the capped link (~4 s), still running when the lab closes.
    transfer = pushBlob(l.endpointFor('west', 'east'), 'app', new Uint8Array(1024 * 1024).fill(7)).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 50));
    assert.is(closing, undefined);
    hungUp = connect({ host: '127.0.0.1', port: l.regions[0]!.ports['east']!, allowHalfOpen: true });
    hungUp.on('error', () => undefined);
    hungUp.resume();
    hungUp.end('GET /v2/ HTTP/1.1\r\nhost: lab\r\nconnection: close\r\n\r\n');
    for (let i = 0; i < 200 && closing === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(closing !== undefined, 'the lab ended a connection');
    assert.is(await within(closing, 5000), undefined, 'close() resolves');
  } finally {
    Socket.prototype.end = end;
    hungUp?.destroy();
    await within(l.close(), 5000);
  }
  assert.ok(handleCount('TCPServerWrap') <= servers, `servers left: ${process.getActiveResourcesInfo()}`);
  assert.is.not(await within(transfer, 5000), 'timed out');
  // Client-side sockets learn of the reset over a few loop turns (bounded wait, not a speed check).
  for (let i = 0; i < 200 && handleCount('TCPSocketWrap') > sockets; i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(handleCount('TCPSocketWrap') <= sockets, `sockets left: ${process.getActiveResourcesInfo()}`);
});

const withSkopeo = suite('startLab with skopeo');

withSkopeo('skopeo pushes into one region and inspects in another once replicated; its delete propagates', async () => {
  if (!hasSkopeo()) return console.log('  (skopeo not installed: skipped)');
  await withLab({ ...twoRegions, replication: { lag: '100ms' } }, async (l) => {
    await pushImage(l.endpointFor('east'), 'src', { tag: 'v1', layers: [new Uint8Array(50_000).fill(5)] });
    const tls = ['--src-tls-verify=false', '--dest-tls-verify=false'];
    await skopeo(['copy', ...tls, dockerRef(l.endpointFor('east'), 'src:v1'), dockerRef(l.endpointFor('east'), 'app:v1')]);
    const digest = l.groundTruth.list({ repo: 'app', region: 'east' })[0]!.digest;
    const entry = await l.groundTruth.settled('app', digest, 'west', AbortSignal.timeout(10_000));
    assert.is(entry.state.status, 'pullable');
    const inspected = JSON.parse(await skopeo(['inspect', '--tls-verify=false', dockerRef(l.endpointFor('west', 'east'), 'app:v1')])) as { Digest: string };
    assert.is(inspected.Digest, digest);
    await skopeo(['delete', '--tls-verify=false', dockerRef(l.endpointFor('east'), `app@${digest}`)]);
    for (let i = 0; i < 100 && (await l.store('west').manifestGet('app', digest)) !== undefined; i++) await new Promise((r) => setTimeout(r, 20));
    assert.is(await l.store('west').manifestGet('app', digest), undefined);
  });
});

lab.run();
withSkopeo.run();
