import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from 'undici';
import { AbortedError, UsageError } from '../../src/errors.ts';
import { startLab, type Lab } from '../../src/lab/lab.ts';
import { startWebhookReceiver, type WebhookEvent, type WebhookReceiver, type WebhookReceiverOptions } from '../../src/measure/webhook-receiver.ts';
import { fakeImage } from '../helpers/fake-image.ts';
import { testClient } from '../helpers/test-client.ts';

const SECRET = { name: 'X-Replbench-Secret', value: 'hook-s3cret' };

function acrEvent(id: string, host: string, extra: Record<string, unknown> = {}) {
  return { id, timestamp: '2025-01-01T00:00:00.5Z', action: 'push', target: { repository: 'app', tag: 'v1', digest: 'sha256:abc' }, request: { host }, ...extra };
}

async function post(url: string, body: unknown, headers: Record<string, string> = { [SECRET.name]: SECRET.value }): Promise<number> {
  const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  await res.body.dump();
  return res.statusCode;
}

async function withReceiver(opts: WebhookReceiverOptions, fn: (rx: WebhookReceiver) => Promise<void>): Promise<void> {
  const rx = await startWebhookReceiver({ host: '127.0.0.1', port: 0, path: '/hooks/acr', secretHeader: SECRET, ...opts });
  try {
    await fn(rx);
  } finally {
    await rx.close();
  }
}

/** Reads `n` events (bounded by a timeout). */
async function take(rx: WebhookReceiver, n: number, timeoutMs = 10_000): Promise<WebhookEvent[]> {
  const out: WebhookEvent[] = [];
  if (n === 0) return out;
  for await (const e of rx.events(AbortSignal.timeout(timeoutMs))) {
    out.push(e);
    if (out.length >= n) break;
  }
  return out;
}

const rx = suite('startWebhookReceiver');

rx('accepts an ACR event: region from request.host, receiver clock, sender timestamp', async () => {
  let clock = 500;
  await withReceiver({ regionsByHost: { 'Reg.EastUS.geo.azurecr.io': 'eastus' }, now: () => clock++ }, async (r) => {
    assert.match(r.url, /^http:\/\/127\.0\.0\.1:\d+\/hooks\/acr$/);
    assert.is(await post(r.url, acrEvent('e1', 'reg.eastus.geo.azurecr.io:443')), 200);
    const [e] = await take(r, 1);
    assert.equal(e, {
      id: 'e1',
      format: 'acr',
      action: 'push',
      region: 'eastus',
      host: 'reg.eastus.geo.azurecr.io:443',
      repository: 'app',
      tag: 'v1',
      digest: 'sha256:abc',
      atMs: 500,
      mediaType: undefined,
      eventTimestamp: '2025-01-01T00:00:00.5Z',
      eventEpochMs: Date.UTC(2025, 0, 1) + 500,
    });
  });
});

rx('a missing or wrong secret is 401 and delivers nothing', async () => {
  await withReceiver({}, async (r) => {
    assert.is(await post(r.url, acrEvent('e1', 'h'), {}), 401);
    assert.is(await post(r.url, acrEvent('e1', 'h'), { [SECRET.name]: 'hook-s3cret-not' }), 401);
    assert.is(await post(r.url, acrEvent('e1', 'h'), { [SECRET.name.toLowerCase()]: SECRET.value }), 200);
    assert.equal([r.stats.unauthorized, r.stats.accepted], [2, 1]);
  });
});

rx('duplicates by id are dropped; distribution envelopes carry several events', async () => {
  await withReceiver({ regionsByHost: { '127.0.0.1:7001': 'east' } }, async (r) => {
    assert.is(await post(r.url, acrEvent('same', '127.0.0.1:7001')), 200);
    assert.is(await post(r.url, acrEvent('same', '127.0.0.1:7001')), 200);
    const envelope = { events: [acrEvent('d1', '127.0.0.1:7001'), acrEvent('d2', 'unknown:1'), acrEvent('same', '127.0.0.1:7001'), { id: 'x' }] };
    assert.is(await post(r.url, envelope), 200);
    const got = await take(r, 3);
    assert.equal(got.map((e) => [e.id, e.format, e.region]), [['same', 'acr', 'east'], ['d1', 'distribution', 'east'], ['d2', 'distribution', undefined]]);
    assert.equal({ ...r.stats }, { requests: 3, accepted: 3, duplicates: 2, unauthorized: 0, badRequests: 0, skipped: 1, unknownRegion: 1, dropped: 0, callbackErrors: 0 });
  });
});

rx('region from the path when the host is not mapped (one ACR webhook per replica location)', async () => {
  await withReceiver({}, async (r) => {
    assert.is(await post(`${r.url}/westeurope`, acrEvent('p1', 'reg.azurecr.io')), 200);
    assert.is((await take(r, 1))[0]!.region, 'westeurope');
    assert.is(await post(`${r.url}/a/b`, acrEvent('p2', 'reg.azurecr.io')), 404);
  });
});

rx('other paths, methods and bad bodies', async () => {
  await withReceiver({ maxBodyBytes: 1000 }, async (r) => {
    const base = new URL(r.url).origin;
    assert.is(await post(`${base}/elsewhere`, acrEvent('a', 'h')), 404);
    const get = await request(r.url);
    await get.body.dump();
    assert.is(get.statusCode, 405);
    assert.is(await post(r.url, '{not json'), 400);
    assert.is(await post(r.url, { pad: 'x'.repeat(2000) }), 413);
    assert.equal([r.stats.badRequests, r.stats.accepted], [2, 0]);
  });
});

rx('callback delivery; the iterator buffers only once asked; memory is bounded', async () => {
  const seen: string[] = [];
  await withReceiver({ onEvent: (e) => seen.push(e.id), maxQueuedEvents: 2 }, async (r) => {
    await post(r.url, acrEvent('before', 'h'));
    const it = r.events(AbortSignal.timeout(5_000));
    for (const id of ['q1', 'q2', 'q3']) await post(r.url, acrEvent(id, 'h'));
    assert.equal(seen, ['before', 'q1', 'q2', 'q3']);
    assert.is(r.stats.dropped, 1);
    assert.equal([(await it.next()).value?.id, (await it.next()).value?.id], ['q2', 'q3']);
  });
});

rx('close ends the iterator; an abort stops it with AbortedError', async () => {
  const r = await startWebhookReceiver({ path: '/h' });
  const ac = new AbortController();
  const reading = r.events(ac.signal).next();
  ac.abort();
  try {
    await reading;
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AbortedError, String(e));
  }
  const waiting = r.events().next();
  await r.close();
  assert.is((await waiting).done, true);
  await r.close(); // idempotent
});

rx('invalid options are a UsageError', async () => {
  for (const o of [{ path: 'nohash' }, { path: '/x?y' }, { secretHeader: { name: 'bad name', value: 'v' } }, { secretHeader: { name: 'X-S', value: '' } }]) {
    try {
      await startWebhookReceiver(o);
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof UsageError, String(e));
    }
  }
});
rx.run();

const e2e = suite('startWebhookReceiver with the lab (end to end)');

async function labRun(format: 'acr' | 'distribution'): Promise<void> {
  const r = await startWebhookReceiver({ host: '127.0.0.1', port: 0, path: '/hooks/lab', secretHeader: SECRET });
  let lab: Lab | undefined;
  try {
    lab = await startLab({
      regions: [{ name: 'east' }, { name: 'west' }, { name: 'north' }],
      links: [{ from: 'east', to: 'west', rtt: '2ms' }],
      replication: { lag: '30ms' },
      webhooks: [{ url: r.url, format, headers: { [SECRET.name]: SECRET.value } }],
    });
    const hosts = Object.fromEntries(lab.regions.map((g) => [new URL(lab!.endpointFor(g.name)).host, g.name]));
    const img = fakeImage(`webhook-${format}`);
    const { client } = testClient(lab.endpointFor('east'));
    try {
      await client.pushImage('app', 'v1', img, { mode: 'monolithic', concurrency: 2 });
    } finally {
      await client.close();
    }
    const events = await take(r, 3);
    const byHost = events.map((e) => hosts[e.host ?? '']).sort();
    assert.equal(byHost, ['east', 'north', 'west']);
    for (const e of events) {
      assert.equal([e.format, e.action, e.repository, e.tag, e.digest], [format, 'push', 'app', 'v1', img.manifest.digest]);
      assert.ok(e.eventEpochMs !== undefined && Number.isFinite(e.atMs));
    }
    await lab.settled();
    assert.equal([lab.webhookStats.delivered, lab.webhookStats.failed], [3, 0]);
    assert.equal([r.stats.accepted, r.stats.duplicates, r.stats.unauthorized], [3, 0, 0]);
  } finally {
    await lab?.close();
    await r.close();
  }
}

e2e('ACR payloads: one push event per replica region with the pushed digest', async () => {
  await labRun('acr');
});
e2e('distribution envelopes: the same', async () => {
  await labRun('distribution');
});
e2e('regions resolved by the receiver from request.host (regionOf, for a lab started after it), a wrong secret refused', async () => {
  // The lab needs the receiver's URL, and the receiver learns the lab's hosts only once the lab listens.
  let lab: Lab | undefined;
  const regionOf = (host: string): string | undefined => lab?.regions.find((g) => new URL(lab!.endpointFor(g.name)).host === host)?.name;
  const r = await startWebhookReceiver({ path: '/hooks/acr', secretHeader: SECRET, regionOf });
  try {
    lab = await startLab({
      regions: [{ name: 'east' }, { name: 'west' }],
      replication: { lag: '20ms' },
      webhooks: [
        { url: r.url, format: 'acr', headers: { [SECRET.name]: SECRET.value } },
        { url: r.url, format: 'acr', headers: { [SECRET.name]: 'wrong' }, retries: 0 },
      ],
    });
    const img = fakeImage('webhook-regions');
    const { client } = testClient(lab.endpointFor('east'));
    try {
      await client.pushImage('app', 'v2', img, { mode: 'monolithic', concurrency: 2 });
    } finally {
      await client.close();
    }
    const events = await take(r, 2);
    assert.equal(events.map((e) => e.region).sort(), ['east', 'west']);
    assert.ok(events.every((e) => e.digest === img.manifest.digest && e.tag === 'v2'));
    await lab.settled();
    assert.is(r.stats.unauthorized, 2);
    assert.is(r.stats.unknownRegion, 0);
    assert.equal([lab.webhookStats.delivered, lab.webhookStats.failed], [2, 2]);
  } finally {
    await lab?.close();
    await r.close();
  }
});
e2e.run();
