import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthError, ConfigError, ProtocolError, UnreachableError } from '../../src/errors.ts';
import { Coordinator } from '../../src/dist/coordinator.ts';
import { connectToCoordinator, coordinatorUrl, upgradeOnce } from '../../src/dist/worker-connect.ts';
import { freePort } from '../helpers/free-port.ts';

const TOKEN = 'test-token-0123456789abcdef';

const url = suite('coordinatorUrl');

url('http(s) URLs and bare host:port; no credentials in the URL', () => {
  assert.is(coordinatorUrl('10.0.0.4:7341').origin, 'http://10.0.0.4:7341');
  assert.is(coordinatorUrl('https://c.example.test').protocol, 'https:');
  assert.throws(() => coordinatorUrl('ftp://c'), (e: unknown) => e instanceof ConfigError);
  assert.throws(() => coordinatorUrl('http://user:secret@c:1'), (e: unknown) => e instanceof ConfigError && !e.message.includes('secret'));
});

url.run();

const upgrade = suite('upgradeOnce');

upgrade('a server that is not a coordinator is a ProtocolError; a refused token an AuthError', async () => {
  const plain = createServer((_req, res) => res.writeHead(200).end('hello'));
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  const c = await Coordinator.start({ listen: { host: '127.0.0.1', port: 0 }, token: TOKEN, now: () => 0 });
  try {
    try {
      await upgradeOnce(new URL(`http://127.0.0.1:${(plain.address() as AddressInfo).port}`), TOKEN);
      assert.unreachable();
    } catch (err) {
      assert.ok(err instanceof ProtocolError && /answered HTTP 200/.test(err.message));
    }
    try {
      await upgradeOnce(new URL(c.url), 'not-the-token-0123456789');
      assert.unreachable();
    } catch (err) {
      assert.instance(err, AuthError);
    }
  } finally {
    await new Promise<void>((r) => plain.close(() => r()));
    await c.close();
  }
});

upgrade.run();

const connect = suite('connectToCoordinator');

connect('retries until the coordinator listens; gives up with UnreachableError after connectTimeoutMs', async () => {
  const port = await freePort();
  let c: Coordinator | undefined;
  const retries: string[] = [];
  setTimeout(() => void Coordinator.start({ listen: { host: '127.0.0.1', port }, token: TOKEN, now: () => 0 }).then((x) => (c = x)), 150);
  try {
    const { socket } = await connectToCoordinator({ coordinator: `http://127.0.0.1:${port}`, token: TOKEN, retryMs: 50, connectTimeoutMs: 5000, onRetry: (r) => retries.push(r) });
    assert.ok(retries.length >= 1 && retries.every((r) => !r.includes(TOKEN)));
    socket.destroy();
  } finally {
    await c?.close();
  }
  const dead = await freePort();
  try {
    await connectToCoordinator({ coordinator: `http://127.0.0.1:${dead}`, token: TOKEN, retryMs: 20, connectTimeoutMs: 100 });
    assert.unreachable();
  } catch (err) {
    assert.ok(err instanceof UnreachableError && /gave up after 0\.1 s/.test(err.message), String(err));
  }
});

connect.run();
