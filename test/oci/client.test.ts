import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../../src/errors.ts';
import { CLIENT_DEFAULTS, RegistryClient } from '../../src/oci/client.ts';

const make = suite('RegistryClient options');
const usage = (e: unknown): boolean => e instanceof UsageError;

make('resolves defaults once into readonly fields', async () => {
  const client = new RegistryClient({ endpoint: 'reg.example', env: {}, dockerConfigPath: '/nonexistent/config.json' });
  try {
    assert.is(client.endpoint.origin, 'https://reg.example');
    assert.is(client.insecure, false);
    assert.is(client.timeoutMs, CLIENT_DEFAULTS.timeoutMs);
    assert.is(client.maxRetries, CLIENT_DEFAULTS.maxRetries);
    assert.is(client.userAgent, CLIENT_DEFAULTS.userAgent);
    assert.equal(client.credentials, { kind: 'anonymous', source: 'none' });
    assert.is(typeof client.now(), 'number');
  } finally {
    await client.close();
  }
});
make('credentials are described, never exposed', async () => {
  const client = new RegistryClient({ endpoint: 'reg.example', credentials: { username: 'u', password: 'hunter2' } });
  try {
    assert.equal(client.credentials, { kind: 'basic', source: 'options' });
    assert.not.match(JSON.stringify(client.credentials), /hunter2/);
  } finally {
    await client.close();
  }
});
make('rejects http without insecure and nonsense numbers', () => {
  assert.throws(() => new RegistryClient({ endpoint: 'http://127.0.0.1:5000' }), usage);
  assert.throws(() => new RegistryClient({ endpoint: 'reg.example', timeoutMs: 0 }), usage);
  assert.throws(() => new RegistryClient({ endpoint: 'reg.example', maxRetries: -1 }), usage);
  assert.throws(() => new RegistryClient({ endpoint: 'reg.example', connections: 0 }), usage);
  assert.throws(() => new RegistryClient({ endpoint: 'reg.example', maxRetryWaitMs: Number.NaN }), usage);
});
make('invalid repository names and digests are UsageErrors before any request', async () => {
  const client = new RegistryClient({ endpoint: 'http://127.0.0.1:9', insecure: true, env: {} });
  try {
    for (const call of [() => client.probeManifest('Bad', 'v1'), () => client.probeBlob('app', 'sha256:nope'), () => client.listTags('a//b'), () => client.deleteManifest('app', 'v1')]) {
      try {
        await call();
        assert.unreachable();
      } catch (e) {
        assert.ok(usage(e), String(e));
      }
    }
  } finally {
    await client.close();
  }
});
make.run();
