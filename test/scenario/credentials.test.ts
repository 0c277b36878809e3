import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.ts';
import { RegistryClient } from '../../src/oci/client.ts';
import { credentialsFor } from '../../src/scenario/credentials.ts';

const creds = suite('credentialsFor');

creds('anonymous, basic and bearer read the named variables', () => {
  assert.equal(credentialsFor({ kind: 'anonymous' }, 'r.test', {}).credentials, { kind: 'anonymous' });
  const basic = credentialsFor({ kind: 'basic', username: 'bot', passwordEnv: 'PW' }, 'r.test', { PW: 'pw-value' });
  assert.equal(basic, { credentials: { kind: 'basic', username: 'bot', password: 'pw-value' }, source: 'env' });
  const bearer = credentialsFor({ kind: 'bearer', tokenEnv: 'TOK' }, 'r.test', { TOK: 't-value' });
  assert.equal(bearer.credentials, { kind: 'bearer', token: 't-value' });
});

creds('an unset or empty variable is a ConfigError naming the variable, not a value', () => {
  const isUnset = (e: unknown) =>
    e instanceof ConfigError && e.message === 'target.auth.passwordEnv: expected the environment variable PW to hold the password, found it unset';
  assert.throws(() => credentialsFor({ kind: 'basic', username: 'bot', passwordEnv: 'PW' }, 'r.test', {}), isUnset);
  assert.throws(
    () => credentialsFor({ kind: 'bearer', tokenEnv: 'TOK' }, 'r.test', { TOK: '' }),
    (e: unknown) => e instanceof ConfigError && /TOK to hold the token, found it empty$/.test(e.message),
  );
});

creds('docker-config reads only the config file, not REPLBENCH_* variables', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-creds-'));
  try {
    const path = join(dir, 'config.json');
    await writeFile(path, JSON.stringify({ auths: { 'r.test': { auth: Buffer.from('u:p').toString('base64') } } }));
    const env = { REPLBENCH_USERNAME: 'other', REPLBENCH_PASSWORD: 'other' };
    const got = credentialsFor({ kind: 'docker-config', configPath: path }, 'r.test', env);
    assert.equal(got.credentials, { kind: 'basic', username: 'u', password: 'p' });
    assert.is(got.source, 'docker-config');
    const viaEnv = credentialsFor({ kind: 'docker-config', configPath: null }, 'r.test', { DOCKER_CONFIG: dir });
    assert.equal(viaEnv.credentials, { kind: 'basic', username: 'u', password: 'p' });
    assert.equal(credentialsFor({ kind: 'docker-config', configPath: path }, 'other.test', {}).credentials, { kind: 'anonymous' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

creds.run();

const acr = suite('credentialsFor (acr target auth)');
acr('azure: one shared Entra sign-in per tenant for every regional host', () => {
  const a = credentialsFor({ kind: 'azure', tenant: 't-1', aadScope: null }, 'reg.eastus.geo.azurecr.io', {});
  const b = credentialsFor({ kind: 'azure', tenant: 't-1', aadScope: null }, 'reg.westeurope.geo.azurecr.io', {});
  const c = credentialsFor({ kind: 'azure', tenant: null, aadScope: null }, 'reg.westeurope.geo.azurecr.io', {});
  assert.is(a.credentials.kind, 'azure');
  if (a.credentials.kind !== 'azure' || b.credentials.kind !== 'azure' || c.credentials.kind !== 'azure') return;
  assert.is(a.credentials.signIn, b.credentials.signIn);
  assert.is.not(a.credentials.signIn, c.credentials.signIn);
});
acr('token with the null-GUID user name: basic here, a refresh_token grant in the client', async () => {
  const r = credentialsFor({ kind: 'basic', username: '00000000-0000-0000-0000-000000000000', passwordEnv: 'ACR_RT' }, 'reg.azurecr.io', { ACR_RT: 'rt' });
  assert.equal(r.credentials, { kind: 'basic', username: '00000000-0000-0000-0000-000000000000', password: 'rt' });
  if (r.credentials.kind !== 'basic') return;
  const client = new RegistryClient({ endpoint: 'reg.azurecr.io', env: {}, credentials: { username: r.credentials.username, password: r.credentials.password } });
  assert.is(client.credentials.kind, 'refresh');
  await client.close();
});
acr.run();
