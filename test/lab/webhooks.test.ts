import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { seededRandom } from '../../src/random.ts';
import type { ReplicationEvent } from '../../src/lab/replicator.ts';
import type { WebhookConfig } from '../../src/lab/webhook-config.ts';
import { WebhookSender } from '../../src/lab/webhooks.ts';

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: any;
}

async function receiver(statuses: number[]): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  let i = 0;
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += d));
    req.on('end', () => {
      got.push({ headers: req.headers, body: JSON.parse(text) });
      res.statusCode = statuses[Math.min(i++, statuses.length - 1)] ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, got, server };
}

const event = (region: string, action: 'push' | 'delete' = 'push'): ReplicationEvent => ({
  region,
  action,
  atMs: 1,
  payload:
    action === 'push'
      ? { kind: 'manifest', repo: 'app', digest: 'sha256:d', mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: new Uint8Array(3), tag: 't', origin: 'a', committedAtMs: 0, sizeBytes: 3 }
      : { kind: 'delete-manifest', repo: 'app', digest: 'sha256:d', origin: 'a', committedAtMs: 0 },
});

const hook = (url: string, extra: Partial<WebhookConfig> = {}): WebhookConfig => ({ url, format: 'acr', timeoutMs: 2000, retries: 2, ...extra });
const sender = (hooks: WebhookConfig[]) =>
  new WebhookSender(hooks, { clock: { toEpochMs: (t) => Date.UTC(2025, 0, 1) + t }, prng: seededRandom(1), hostOf: (r) => `127.0.0.1:${r === 'a' ? 1 : 2}`, backoffMs: 5 });

const webhooks = suite('WebhookSender');

webhooks('posts one event per region with the region host, custom headers and the ACR shape', async () => {
  const rx = await receiver([200]);
  const s = sender([hook(rx.url, { headers: { authorization: 'Bearer secret' } })]);
  try {
    s.send(event('a'));
    s.send(event('b'));
    await s.flush();
    assert.is(rx.got.length, 2);
    assert.equal(rx.got.map((g) => g.body.request.host).sort(), ['127.0.0.1:1', '127.0.0.1:2']);
    assert.is(rx.got[0]!.headers['authorization'], 'Bearer secret');
    assert.ok(['a', 'b'].includes(String(rx.got[0]!.headers['x-replbench-lab-region'])));
    assert.is(rx.got[0]!.body.target.repository, 'app');
    assert.is(rx.got[0]!.body.timestamp, '2025-01-01T00:00:00.001000Z');
    assert.equal(s.stats, { delivered: 2, failed: 0, retried: 0, dropped: 0 });
  } finally {
    await s.close();
    rx.server.close();
  }
});

webhooks('retries failures a bounded number of times, then counts a failure', async () => {
  const rx = await receiver([500, 503, 200]);
  const s = sender([hook(rx.url)]);
  try {
    s.send(event('a'));
    await s.flush();
    assert.is(rx.got.length, 3);
    assert.equal(s.stats, { delivered: 1, failed: 0, retried: 2, dropped: 0 });
    const always = await receiver([500]);
    const s2 = sender([hook(always.url, { retries: 1 })]);
    s2.send(event('a'));
    await s2.flush();
    assert.is(always.got.length, 2);
    assert.is(s2.stats.failed, 1);
    await s2.close();
    always.server.close();
  } finally {
    await s.close();
    rx.server.close();
  }
});

webhooks('filters by region and action; distribution format sends an envelope', async () => {
  const rx = await receiver([200]);
  const s = sender([hook(rx.url, { format: 'distribution', regions: ['b'], actions: ['delete'] })]);
  try {
    s.send(event('a', 'delete'));
    s.send(event('b', 'push'));
    s.send(event('b', 'delete'));
    await s.flush();
    assert.is(rx.got.length, 1);
    assert.is(rx.got[0]!.headers['content-type'], 'application/vnd.docker.distribution.events.v1+json');
    assert.is(rx.got[0]!.body.events[0].action, 'delete');
  } finally {
    await s.close();
    rx.server.close();
  }
});

webhooks('an unreachable URL never throws into the caller; close() gives up at once', async () => {
  const rx = await receiver([200]);
  const url = rx.url;
  await new Promise((r) => rx.server.close(r));
  const s = sender([hook(url, { retries: 10 })]);
  s.send(event('a'));
  await new Promise((r) => setTimeout(r, 20));
  await s.close();
  assert.is(s.stats.delivered, 0);
});

webhooks('close() closes the keep-alive connections it opened to webhook receivers', async () => {
  const rx = await receiver([200]);
  let open = 0;
  rx.server.on('connection', (sock) => {
    open++;
    sock.once('close', () => open--);
  });
  const s = sender([hook(rx.url)]);
  try {
    s.send(event('a'));
    await s.flush();
    assert.is(rx.got.length, 1);
    assert.is(open, 1);
    await s.close();
    for (let i = 0; i < 200 && open > 0; i++) await new Promise((r) => setTimeout(r, 10)); // bounded
    assert.is(open, 0);
  } finally {
    await s.close();
    rx.server.close();
  }
});

webhooks.run();
