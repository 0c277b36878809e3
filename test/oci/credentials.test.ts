import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, UsageError } from '../../src/errors.ts';
import { acrRefreshTokenFromBasic, dockerConfigPath, normalizeAuthKey, resolveCredentials } from '../../src/oci/credentials.ts';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
let dir = '';
function writeConfig(config: unknown): string {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

const resolve = suite('resolveCredentials');
resolve.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'replbench-creds-'));
});
resolve.after.each(() => rmSync(dir, { recursive: true, force: true }));

resolve('explicit options beat environment and config', () => {
  const path = writeConfig({ auths: { 'r.example': { auth: b64('cfg:pw') } } });
  const env = { REPLBENCH_USERNAME: 'env', REPLBENCH_PASSWORD: 'pw' };
  const r = resolveCredentials({ host: 'r.example', explicit: { username: 'me', password: 'secret' }, env, dockerConfigPath: path });
  assert.equal(r, { credentials: { kind: 'basic', username: 'me', password: 'secret' }, source: 'options' });
  assert.equal(resolveCredentials({ host: 'r.example', explicit: { token: 't' }, env }).credentials, { kind: 'bearer', token: 't' });
});

resolve('environment beats config: username/password, then token', () => {
  const path = writeConfig({ auths: { 'r.example': { auth: b64('cfg:pw') } } });
  const basic = resolveCredentials({ host: 'r.example', env: { REPLBENCH_USERNAME: 'u', REPLBENCH_PASSWORD: 'p', REPLBENCH_TOKEN: 't' }, dockerConfigPath: path });
  assert.equal(basic, { credentials: { kind: 'basic', username: 'u', password: 'p' }, source: 'env' });
  const token = resolveCredentials({ host: 'r.example', env: { REPLBENCH_TOKEN: 't' }, dockerConfigPath: path });
  assert.equal(token.credentials, { kind: 'bearer', token: 't' });
  assert.throws(() => resolveCredentials({ host: 'r.example', env: { REPLBENCH_USERNAME: 'u' } }), (e: unknown) => e instanceof UsageError);
});

resolve('docker config: host, host:port and URL key forms', () => {
  const path = writeConfig({
    auths: {
      'https://a.example/v1/': { auth: b64('ua:pa:with:colons') },
      'b.example:5000': { auth: b64('ub:pb') },
      'http://C.Example': { username: 'uc', password: 'pc' },
    },
  });
  assert.equal(resolveCredentials({ host: 'a.example', env: {}, dockerConfigPath: path }), {
    credentials: { kind: 'basic', username: 'ua', password: 'pa:with:colons' },
    source: 'docker-config',
    path,
  });
  assert.equal(resolveCredentials({ host: 'b.example:5000', env: {}, dockerConfigPath: path }).credentials, { kind: 'basic', username: 'ub', password: 'pb' });
  assert.equal(resolveCredentials({ host: 'c.example', env: {}, dockerConfigPath: path }).credentials, { kind: 'basic', username: 'uc', password: 'pc' });
  assert.equal(resolveCredentials({ host: 'b.example', env: {}, dockerConfigPath: path }).credentials, { kind: 'anonymous' });
});

resolve('identitytoken becomes a refresh token', () => {
  const path = writeConfig({ auths: { 'acr.example': { auth: b64('00000000-0000-0000-0000-000000000000:'), identitytoken: 'refresh-me' } } });
  assert.equal(resolveCredentials({ host: 'acr.example', env: {}, dockerConfigPath: path }).credentials, {
    kind: 'refresh',
    refreshToken: 'refresh-me',
    username: '00000000-0000-0000-0000-000000000000',
  });
});

resolve('Docker Hub aliases match index.docker.io', () => {
  const path = writeConfig({ auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pw') } } });
  assert.equal(resolveCredentials({ host: 'registry-1.docker.io', env: {}, dockerConfigPath: path }).credentials, { kind: 'basic', username: 'hub', password: 'pw' });
});

resolve('DOCKER_CONFIG dir, then ~/.docker/config.json', () => {
  mkdirSync(join(dir, 'dc'));
  writeFileSync(join(dir, 'dc', 'config.json'), JSON.stringify({ auths: { 'r.example': { auth: b64('dc:pw') } } }));
  assert.equal(resolveCredentials({ host: 'r.example', env: { DOCKER_CONFIG: join(dir, 'dc') } }).credentials, { kind: 'basic', username: 'dc', password: 'pw' });
  mkdirSync(join(dir, 'home', '.docker'), { recursive: true });
  writeFileSync(join(dir, 'home', '.docker', 'config.json'), JSON.stringify({ auths: { 'r.example': { auth: b64('home:pw') } } }));
  assert.equal(resolveCredentials({ host: 'r.example', env: {}, homeDir: join(dir, 'home') }).credentials, { kind: 'basic', username: 'home', password: 'pw' });
  assert.is(dockerConfigPath({}, '/h'), join('/h', '.docker', 'config.json'));
});

resolve('missing file is anonymous; an entry-less host is anonymous', () => {
  assert.equal(resolveCredentials({ host: 'r.example', env: {}, dockerConfigPath: join(dir, 'none.json') }), { credentials: { kind: 'anonymous' }, source: 'none' });
  const path = writeConfig({ auths: { 'r.example': {} } });
  assert.equal(resolveCredentials({ host: 'r.example', env: {}, dockerConfigPath: path }), { credentials: { kind: 'anonymous' }, source: 'none', path });
});

resolve('malformed config is a ConfigError naming the file; no secret in messages', () => {
  const bad = writeConfig('{not json');
  assert.throws(() => resolveCredentials({ host: 'r.example', env: {}, dockerConfigPath: bad }), (e: unknown) => e instanceof ConfigError && e.message.includes(bad));
  const noColon = writeConfig({ auths: { 'r.example': { auth: b64('justuser') } } });
  assert.throws(
    () => resolveCredentials({ host: 'r.example', env: {}, dockerConfigPath: noColon }),
    (e: unknown) => e instanceof ConfigError && e.message.includes('auths["r.example"].auth') && !e.message.includes('justuser'),
  );
});
resolve.run();

const keys = suite('normalizeAuthKey');
keys('strips scheme, path, case and :443', () => {
  assert.is(normalizeAuthKey('https://Reg.Example:443/v1/'), 'reg.example');
  assert.is(normalizeAuthKey('reg.example:5000'), 'reg.example:5000');
  assert.is(normalizeAuthKey(' http://reg.example/path '), 'reg.example');
});
keys.run();

const acr = suite('acrRefreshTokenFromBasic');
const NULL_GUID = '00000000-0000-0000-0000-000000000000';
acr('the null-GUID user name with an ACR refresh token is a refresh credential', () => {
  assert.equal(acrRefreshTokenFromBasic({ kind: 'basic', username: NULL_GUID, password: 'rt' }), { kind: 'refresh', refreshToken: 'rt', username: NULL_GUID });
  const basic = { kind: 'basic', username: 'admin', password: 'pw' } as const;
  assert.is(acrRefreshTokenFromBasic(basic), basic);
});
acr('resolveCredentials applies it to every source, and passes resolved credentials through', () => {
  const explicit = resolveCredentials({ host: 'r.azurecr.io', explicit: { username: NULL_GUID, password: 'rt' }, env: {} });
  assert.equal([explicit.source, explicit.credentials.kind], ['options', 'refresh']);
  const env = resolveCredentials({ host: 'r.azurecr.io', env: { REPLBENCH_USERNAME: NULL_GUID, REPLBENCH_PASSWORD: 'rt' } });
  assert.is(env.credentials.kind, 'refresh');
  const signIn = { accessToken: async () => ({ token: 't', lifetimeMs: 1, issuedAtEpochMs: undefined }) };
  const azure = resolveCredentials({ host: 'r.azurecr.io', explicit: { kind: 'azure', signIn }, env: {} });
  assert.equal(azure, { credentials: { kind: 'azure', signIn }, source: 'options' });
});
acr.run();
