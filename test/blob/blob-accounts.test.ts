import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openBlobAccounts, type BlobTarget } from '../../src/blob/blob-accounts.ts';
import { ConfigError } from '../../src/errors.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { tinyScenarioDoc } from '../run/tiny-scenario.ts';
import { startFakeStorage } from './fake-storage.ts';

const now = (): number => performance.now();
const targetOf = (target: Record<string, unknown>): BlobTarget => {
  const t = resolveScenario(tinyScenarioDoc({ target })).target;
  if (t.kind !== 'blob') throw new Error('expected a blob target');
  return t;
};
const KEY = Buffer.alloc(32, 7).toString('base64');

const open = suite('openBlobAccounts');
open('azurite: starts it, creates every container, one client per (container, client region); close() stops it', async () => {
  const t = targetOf({
    kind: 'blob',
    azurite: true,
    copier: { lag: '10ms' },
    regions: [{ name: 'a', container: 'source' }, { name: 'b', container: 'replica', account: 'bacct' }],
    links: [{ from: 'a', to: 'b', rtt: '20ms' }],
  });
  const accounts = await openBlobAccounts(t, { now });
  const pid = accounts.azurite?.pid;
  try {
    assert.equal(accounts.regions, ['a', 'b']);
    assert.ok(await accounts.container('a', 'a').exists());
    assert.ok(await accounts.container('b', 'a').exists(), 'b\'s container, reached from a through the a↔b link');
    assert.is(accounts.container('b', 'a').containerName, 'replica');
    assert.is.not(accounts.container('b', 'a').url, accounts.container('b', 'b').url);
    assert.is(accounts.describe('b'), 'azurite bacct/replica');
    assert.throws(() => accounts.container('zz', 'a'), /no container for region "zz"/);
  } finally {
    await accounts.close();
  }
  assert.ok(pid !== undefined);
  assert.throws(() => process.kill(pid as number, 0));
});
open('Azure: a connection string from the named variable; a missing variable or container is a ConfigError that names no secret', async () => {
  const regions = (env: string) => [{ name: 'a', container: 'src', connectionStringEnv: env }, { name: 'b', container: 'dst', connectionStringEnv: env }];
  try {
    await openBlobAccounts(targetOf({ kind: 'blob', regions: regions('NOPE') }), { now, env: {} });
    assert.unreachable('an unset variable must fail');
  } catch (err: unknown) {
    assert.instance(err, ConfigError);
    assert.match((err as Error).message, /NOPE.*unset/);
  }
  const fake = await startFakeStorage(() => ({ status: 404, headers: { 'x-ms-error-code': 'ContainerNotFound' } }));
  try {
    const port = new URL(fake.container.url).port;
    const cs = `DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${port}/acct;`;
    await openBlobAccounts(targetOf({ kind: 'blob', regions: regions('CS') }), { now, env: { CS: cs } });
    assert.unreachable('a missing container must fail');
  } catch (err: unknown) {
    assert.instance(err, ConfigError);
    assert.match((err as Error).message, /the container src does not exist/);
    assert.not.match((err as Error).message, new RegExp(KEY.slice(0, 12)));
  } finally {
    await fake.close();
  }
});
open.run();
