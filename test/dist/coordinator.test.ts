import { request } from 'node:http';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, TimeoutError } from '../../src/errors.ts';
import { Coordinator, parseListen } from '../../src/dist/coordinator.ts';
import { NdjsonChannel } from '../../src/dist/ndjson-channel.ts';
import { parseCoordinatorMessage, type CoordinatorMessage, type WorkerMessage } from '../../src/dist/protocol.ts';
import { upgradeOnce } from '../../src/dist/worker-connect.ts';

const TOKEN = 'test-token-0123456789abcdef';

/** A bare protocol client: upgrade, hello, collect what the coordinator says. */
async function dial(url: string, region: string, token = TOKEN): Promise<{ received: CoordinatorMessage[]; closed: Promise<string>; channel: NdjsonChannel<CoordinatorMessage, WorkerMessage> }> {
  const { socket, head } = await upgradeOnce(new URL(url), token);
  const received: CoordinatorMessage[] = [];
  let onClosed: (r: string) => void = () => undefined;
  const closed = new Promise<string>((r) => (onClosed = r));
  const channel = new NdjsonChannel<CoordinatorMessage, WorkerMessage>({ socket, head, parse: parseCoordinatorMessage, onMessage: (m) => received.push(m), onClose: onClosed });
  channel.send({ v: 1, type: 'hello', region, agent: { host: 'test', pid: 1, version: '0', node: 'v20' } });
  return { received, closed, channel };
}

const start = (extra: Partial<Parameters<typeof Coordinator.start>[0]> = {}): Promise<Coordinator> =>
  Coordinator.start({ listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, now: () => performance.now(), regions: ['a', 'b'], ...extra });

const coordinator = suite('Coordinator');

coordinator('workers with the token join; waitFor resolves once every region is there', async () => {
  const joined: string[] = [];
  const c = await start({ onJoin: (s) => joined.push(s.region) });
  try {
    const waiting = c.waitFor(['a', 'b'], 5000);
    const a = await dial(c.url, 'a');
    const b = await dial(c.url, 'b');
    const sessions = await waiting;
    assert.equal([...sessions.keys()], ['a', 'b']);
    assert.equal(joined.sort(), ['a', 'b']);
    assert.is(sessions.get('a')?.agent.host, 'test');
    await c.close('done');
    assert.match(await a.closed, /bye: done|closed/);
    await b.closed;
    assert.ok(a.received.some((m) => m.type === 'welcome') && a.received.some((m) => m.type === 'bye'));
  } finally {
    await c.close();
  }
});

coordinator('a wrong token gets 401 and never a hello; an unknown or taken region is rejected by name', async () => {
  const rejections: string[] = [];
  const c = await start({ onReject: (why) => rejections.push(why) });
  try {
    try {
      await upgradeOnce(new URL(c.url), 'wrong-token-0123456789abcdef');
      assert.unreachable('a wrong token must be refused');
    } catch (err) {
      assert.match(String(err), /refused the worker token \(401\)/);
    }
    const rejected = async (region: string): Promise<string> => {
      const d = await dial(c.url, region);
      await d.closed;
      const m = d.received.find((x) => x.type === 'reject');
      return m?.type === 'reject' ? m.reason : '';
    };
    assert.match(await rejected('z'), /region "z" is not expected by this run \(expected: a, b\)/);
    const first = await dial(c.url, 'a');
    await c.waitFor(['a'], 2000);
    assert.match(await rejected('a'), /region "a" already has a worker/);
    c.seal('the run has started');
    assert.match(await rejected('b'), /can no longer join: the run has started/);
    assert.is(rejections.length, 4);
    assert.ok(rejections.every((r) => !r.includes(TOKEN)));
    first.channel.close('test over');
  } finally {
    await c.close();
  }
});

coordinator('waitFor names the regions missing after the join timeout', async () => {
  const c = await start();
  try {
    await c.waitFor(['a', 'b'], 50);
    assert.unreachable('nobody joined');
  } catch (err) {
    assert.ok(err instanceof TimeoutError && /no worker joined for a, b within 50ms/.test(err.message), String(err));
  } finally {
    await c.close();
  }
});

coordinator('a lost worker is reported once, with the reason', async () => {
  const lost: string[] = [];
  const c = await start({ onLost: (s, why) => lost.push(`${s.region}: ${why}`) });
  try {
    const a = await dial(c.url, 'a');
    const session = (await c.waitFor(['a'], 2000)).get('a');
    a.channel.close('crash');
    for (let i = 0; i < 100 && lost.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.is(lost.length, 1);
    assert.match(lost[0] ?? '', /^a: /);
    assert.ok(session?.lost !== undefined);
  } finally {
    await c.close();
  }
});

coordinator('GET /healthz answers 200; other plain requests 426; a short token is refused at start', async () => {
  const c = await start();
  try {
    const status = (path: string): Promise<number> =>
      new Promise((resolve, reject) => request(new URL(path, c.url), (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject).end());
    assert.is(await status('/healthz'), 200);
    assert.is(await status('/'), 426);
  } finally {
    await c.close();
  }
  try {
    await start({ token: 'short' });
    assert.unreachable();
  } catch (err) {
    assert.ok(err instanceof ConfigError && !err.message.includes('short'));
  }
});

coordinator.run();

const listen = suite('parseListen');

listen('HOST:PORT, PORT, [v6]:PORT; the host defaults to loopback', () => {
  assert.equal(parseListen('0.0.0.0:7341'), { host: '0.0.0.0', port: 7341 });
  assert.equal(parseListen('7341'), { host: '127.0.0.1', port: 7341 });
  assert.equal(parseListen('[::1]:80'), { host: '::1', port: 80 });
  assert.throws(() => parseListen('host:'), (e: unknown) => e instanceof ConfigError && /--listen: expected HOST:PORT/.test(e.message));
  assert.throws(() => parseListen('h:70000'), (e: unknown) => e instanceof ConfigError);
});

listen.run();
