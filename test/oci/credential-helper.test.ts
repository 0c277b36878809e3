/**
 * Docker credential helpers, with a fake `docker-credential-fake` script on a
 * private PATH that records its argv and stdin and answers from a table, the
 * way docker-credential-helpers' programs do.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthError, ConfigError } from '../../src/errors.ts';
import { NOT_FOUND_MESSAGE, runCredentialHelper } from '../../src/oci/credential-helper.ts';
import { helperServerAddress, resolveCredentials } from '../../src/oci/credentials.ts';

let dir = '';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

/**
 * Writes docker-credential-<name>: for `get`, looks the address read from stdin
 * up in `answers` (address → stdout JSON); prints the not-found message and
 * exits 1 for an unknown one. `raw` replaces the whole body.
 */
function fakeHelper(name: string, answers: Record<string, unknown>, raw?: string): void {
  const table = join(dir, `${name}.json`);
  writeFileSync(table, JSON.stringify(answers));
  const script = raw ?? `#!/usr/bin/env node
const fs = require('node:fs');
const input = fs.readFileSync(0, 'utf8');
fs.appendFileSync(${JSON.stringify(join(dir, `${name}.calls`))}, JSON.stringify({ argv: process.argv.slice(2), input }) + '\\n');
const answers = JSON.parse(fs.readFileSync(${JSON.stringify(table)}, 'utf8'));
if (process.argv[2] !== 'get') { console.log('unknown action'); process.exit(1); }
if (!(input in answers)) { console.log(${JSON.stringify(NOT_FOUND_MESSAGE)}); process.exit(1); }
console.log(JSON.stringify(answers[input]));
`;
  const path = join(dir, `docker-credential-${name}`);
  writeFileSync(path, script);
  chmodSync(path, 0o755);
}

function calls(name: string): { argv: string[]; input: string }[] {
  return readFileSync(join(dir, `${name}.calls`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { argv: string[]; input: string });
}

function config(value: unknown): string {
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify(value));
  return path;
}

const PATH = (): string => `${dir}:${process.env.PATH ?? ''}`;

const helper = suite('runCredentialHelper');
helper.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'replbench-helper-'));
});
helper.after.each(() => rmSync(dir, { recursive: true, force: true }));

helper('runs docker-credential-<name> get with the address on stdin, no newline, and reads Username/Secret', () => {
  fakeHelper('fake', { 'r.example:5000': { ServerURL: 'r.example:5000', Username: 'alice', Secret: 's3cret' } });
  const r = runCredentialHelper({ name: 'fake', serverAddress: 'r.example:5000', path: PATH(), configuredIn: 'config.json credsStore' });
  assert.equal(r, { kind: 'basic', username: 'alice', password: 's3cret' });
  assert.equal(calls('fake'), [{ argv: ['get'], input: 'r.example:5000' }]);
});
helper('Username <token> is an identity token; the not-found message is "nothing here"', () => {
  fakeHelper('fake', { 'r.example': { ServerURL: 'r.example', Username: '<token>', Secret: 'refresh-me' } });
  assert.equal(runCredentialHelper({ name: 'fake', serverAddress: 'r.example', path: PATH(), configuredIn: 'c' }), { kind: 'identity-token', token: 'refresh-me', username: undefined });
  assert.equal(runCredentialHelper({ name: 'fake', serverAddress: 'other.example', path: PATH(), configuredIn: 'c' }), { kind: 'not-found' });
});
helper('a missing helper is a ConfigError naming where it was configured; a failing one an AuthError with its message, not its output', () => {
  assert.throws(
    () => runCredentialHelper({ name: 'absent', serverAddress: 'r.example', path: dir, configuredIn: '/x/config.json credsStore' }),
    (e: unknown) => e instanceof ConfigError && /\/x\/config\.json credsStore names credential helper "absent".*docker-credential-absent is not on PATH/.test(e.message),
  );
  fakeHelper('broken', {}, '#!/bin/sh\necho "error getting credentials - keychain locked"\nexit 3\n');
  assert.throws(
    () => runCredentialHelper({ name: 'broken', serverAddress: 'r.example', path: PATH(), configuredIn: 'c' }),
    (e: unknown) => e instanceof AuthError && /docker-credential-broken get failed for r\.example \(exit 3\): error getting credentials - keychain locked/.test(e.message),
  );
  fakeHelper('garbled', {}, '#!/bin/sh\necho "Secret: hunter2"\n');
  assert.throws(
    () => runCredentialHelper({ name: 'garbled', serverAddress: 'r.example', path: PATH(), configuredIn: 'c' }),
    (e: unknown) => e instanceof AuthError && /not JSON/.test(e.message) && !e.message.includes('hunter2'),
  );
});
helper('a helper that never answers is given up on, naming it', () => {
  fakeHelper('slow', {}, '#!/bin/sh\nsleep 30\n');
  const started = Date.now();
  assert.throws(
    () => runCredentialHelper({ name: 'slow', serverAddress: 'r.example', path: PATH(), configuredIn: 'c', timeoutMs: 300 }),
    (e: unknown) => e instanceof AuthError && /docker-credential-slow get did not answer/.test(e.message),
  );
  assert.ok(Date.now() - started < 10_000);
});
helper.run();

const resolve = suite('resolveCredentials with helpers');
resolve.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'replbench-helper-'));
});
resolve.after.each(() => rmSync(dir, { recursive: true, force: true }));

resolve('credHelpers[host] beats credsStore, which beats the auths entry (as docker)', () => {
  fakeHelper('ecr', { 'r.example': { Username: 'AWS', Secret: 'from-ecr' } });
  fakeHelper('desktop', { 'r.example': { Username: 'me', Secret: 'from-desktop' }, 'q.example': { Username: 'q', Secret: 'q-pw' } });
  const path = config({ auths: { 'r.example': { auth: b64('file:pw') }, 'q.example': {} }, credsStore: 'desktop', credHelpers: { 'r.example': 'ecr' } });
  const r = resolveCredentials({ host: 'r.example', env: {}, dockerConfigPath: path, helperPath: PATH() });
  assert.equal(r, { credentials: { kind: 'basic', username: 'AWS', password: 'from-ecr' }, source: 'credential-helper', path, helper: 'ecr' });
  const q = resolveCredentials({ host: 'q.example', env: {}, dockerConfigPath: path, helperPath: PATH() });
  assert.equal(q.credentials, { kind: 'basic', username: 'q', password: 'q-pw' });
  assert.is(q.helper, 'desktop');
});
resolve('a helper with nothing stored falls back to the auths entry, then to anonymous', () => {
  fakeHelper('desktop', {});
  const path = config({ auths: { 'r.example': { auth: b64('file:pw') }, 'e.example': {} }, credsStore: 'desktop' });
  assert.equal(resolveCredentials({ host: 'r.example', env: {}, dockerConfigPath: path, helperPath: PATH() }), { credentials: { kind: 'basic', username: 'file', password: 'pw' }, source: 'docker-config', path });
  assert.equal(resolveCredentials({ host: 'e.example', env: {}, dockerConfigPath: path, helperPath: PATH() }).credentials, { kind: 'anonymous' });
  assert.equal(calls('desktop').map((c) => c.input), ['r.example', 'e.example']);
});
resolve('an identity token from a helper becomes a refresh-token grant; the ACR refresh-token user too', () => {
  fakeHelper('acr-env', { 'c.azurecr.io': { Username: '<token>', Secret: 'rt' }, 'd.azurecr.io': { Username: '00000000-0000-0000-0000-000000000000', Secret: 'rt2' } });
  const path = config({ credHelpers: { 'c.azurecr.io': 'acr-env', 'd.azurecr.io': 'acr-env' } });
  assert.equal(resolveCredentials({ host: 'c.azurecr.io', env: {}, dockerConfigPath: path, helperPath: PATH() }).credentials, { kind: 'refresh', refreshToken: 'rt', username: undefined });
  assert.is(resolveCredentials({ host: 'd.azurecr.io', env: {}, dockerConfigPath: path, helperPath: PATH() }).credentials.kind, 'refresh');
});
resolve('environment credentials still come first: no helper is run', () => {
  fakeHelper('desktop', { 'r.example': { Username: 'me', Secret: 'x' } });
  const path = config({ credsStore: 'desktop' });
  const r = resolveCredentials({ host: 'r.example', env: { REPLBENCH_TOKEN: 't' }, dockerConfigPath: path, helperPath: PATH() });
  assert.is(r.source, 'env');
  assert.throws(() => readFileSync(join(dir, 'desktop.calls')));
});
resolve.run();

const address = suite('helperServerAddress');
address('is the host with its port, and Docker Hub\'s index URL for Docker Hub', () => {
  assert.is(helperServerAddress('R.Example:5000'), 'r.example:5000');
  assert.is(helperServerAddress('r.example:443'), 'r.example');
  assert.is(helperServerAddress('registry-1.docker.io'), 'https://index.docker.io/v1/');
});
address.run();
