import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../src/cli/main.ts';
import { captureIo } from '../../helpers/capture-io.ts';
import { startRegistry, type TestRegistry } from '../../lab/registry-test-server.ts';

const pull = suite('pullCommand');
let registry: TestRegistry | undefined;
let digest = '';
pull.before(async () => {
  registry = await startRegistry();
  const io = captureIo();
  await main(['push', '--endpoint', registry.url, '--insecure', '--repo', 'cli/pull', '--tag', 'v1', '--layers', '2', '--layer-size', '32KiB'], io);
  digest = (io.out().trimEnd().split('\n').at(-1) ?? '').replace(/^.*@/, '');
});
pull.after(async () => {
  await registry?.close();
});

pull('pulls by tag and by digest, printing a row per manifest and blob', async () => {
  for (const ref of ['cli/pull:v1', `cli/pull@${digest}`]) {
    const io = captureIo();
    assert.is(await main(['pull', '--endpoint', registry?.url ?? '', '--insecure', ref], io), 0, io.err());
    assert.match(io.out(), new RegExp(`pulled 127\\.0\\.0\\.1:\\d+/cli/pull@${digest}: \\d+ bytes verified`));
    assert.is(io.out().split('\n').filter((l) => l.startsWith('blob ')).length, 3);
  }
});

const host = (): string => (registry?.url ?? '').replace(/^http:\/\//, '');

pull('a full reference needs no --endpoint and no --insecure on loopback; the note is on stderr', async () => {
  const io = captureIo();
  assert.is(await main(['pull', `${host()}/cli/pull:v1`], io), 0, io.err());
  assert.match(io.out(), new RegExp(`^pulled ${host()}/cli/pull@${digest}: \\d+ bytes verified`, 'm'));
  assert.not.match(io.out(), /loopback/);
  assert.match(io.err(), /loopback address: using plain HTTP/);
});

pull('--json prints one object with the digest and a row per blob', async () => {
  const io = captureIo();
  assert.is(await main(['pull', `${host()}/cli/pull@${digest}`, '--json'], io), 0, io.err());
  const doc = JSON.parse(io.out()) as { command: string; version: number; digest: string; reference: string; blobs: unknown[]; totalBytes: number };
  assert.equal([doc.command, doc.version, doc.digest, doc.blobs.length], ['pull', 1, digest, 3]);
  assert.is(doc.reference, `${host()}/cli/pull@${digest}`);
  assert.ok(doc.totalBytes > 64 * 1024);
});

pull('TLS against this plain-HTTP registry: exit 3, and the error says it speaks plain HTTP', async () => {
  const io = captureIo();
  assert.is(await main(['pull', `https://${host()}/cli/pull:v1`, '--timeout', '5s'], io), 3);
  assert.match(io.err(), /this endpoint speaks plain HTTP: pass --insecure/);
  assert.is(io.err().split('\n').filter(Boolean).length, 1);
});

pull('an unknown tag fails with the registry error code and exit 1', async () => {
  const io = captureIo();
  assert.is(await main(['pull', '--endpoint', registry?.url ?? '', '--insecure', 'cli/pull:nope'], io), 1);
  assert.match(io.err(), /MANIFEST_UNKNOWN|404/);
});

pull('an unreachable endpoint exits 3 with one line', async () => {
  const io = captureIo();
  assert.is(await main(['pull', '--endpoint', 'http://127.0.0.1:1', '--insecure', '--timeout', '2s', 'cli/pull:v1'], io), 3);
  assert.is(io.err().split('\n').filter(Boolean).length, 1);
});

pull.run();
