import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../src/cli/main.ts';
import { planImage, resolveSizeDistribution } from '../../../src/workload/index.ts';
import { captureIo } from '../../helpers/capture-io.ts';
import { startRegistry, type TestRegistry } from '../../lab/registry-test-server.ts';

const push = suite('pushCommand');
let registry: TestRegistry | undefined;
push.before(async () => {
  registry = await startRegistry();
});
push.after(async () => {
  await registry?.close();
});
const url = (): string => registry?.url ?? '';
const host = (): string => url().replace(/^http:\/\//, '');

push('a full loopback reference: stdout piped holds only the reference with its digest; the table goes to stderr', async () => {
  const io = captureIo();
  const args = ['push', `${host()}/cli/app:v1`, '--layers', '2', '--layer-size', '64KiB', '--seed', 's1'];
  assert.is(await main(args, io), 0, io.err());
  const plan = await planImage({ seed: 's1', imageIndex: 0, layerCount: 2, sizes: resolveSizeDistribution('64KiB'), repository: 'cli/app', tag: 'v1' });
  assert.is(io.out(), `${host()}/cli/app:v1@${plan.manifest.digest}\n`);
  assert.is(io.err().split('\n').filter((l) => / uploaded /.test(l)).length, 3); // config + 2 layers
  assert.match(io.err(), /loopback address: using plain HTTP/);
  assert.is(await registry?.store.tagGet('cli/app', 'v1'), plan.manifest.digest);
});

push('on a terminal the table and summary come first on stdout, the reference last; --quiet drops them', async () => {
  const tty = captureIo();
  (tty.stdout as { isTTY?: boolean }).isTTY = true;
  assert.is(await main(['push', `${host()}/cli/app:v3`, '--layer-size', '8KiB'], tty), 0, tty.err());
  const lines = tty.out().trimEnd().split('\n');
  assert.match(lines.at(-1) ?? '', new RegExp(`^${host()}/cli/app:v3@sha256:[0-9a-f]{64}$`));
  assert.ok(lines.some((l) => /^pushed .*cli\/app:v3 in /.test(l)), tty.out());
  const quiet = captureIo();
  (quiet.stdout as { isTTY?: boolean }).isTTY = true;
  assert.is(await main(['push', `${host()}/cli/app:v3`, '--layer-size', '8KiB', '--quiet'], quiet), 0);
  assert.is(quiet.out(), `${lines.at(-1)}\n`);
  assert.not.match(quiet.err(), /pushed/);
});

push('--json prints one object: reference, digest and a row per blob', async () => {
  const io = captureIo();
  assert.is(await main(['push', `${host()}/cli/app:v4`, '--layer-size', '8KiB', '--json'], io), 0, io.err());
  const doc = JSON.parse(io.out()) as { command: string; version: number; reference: string; digest: string; repository: string; tag: string; blobs: unknown[] };
  assert.equal([doc.command, doc.version, doc.repository, doc.tag, doc.blobs.length], ['push', 1, 'cli/app', 'v4', 2]);
  assert.is(doc.reference, `${host()}/cli/app:v4@${doc.digest}`);
});

push('the older --endpoint/--repo/--tag spelling still works; chunked pushes of the same seed skip blobs already there', async () => {
  const io = captureIo();
  const args = ['push', '--endpoint', url(), '--insecure', '--repo', 'cli/app', '--tag', 'v2', '--layers', '2', '--layer-size', '64KiB', '--seed', 's1', '--chunked', '--chunk-size', '16KiB'];
  assert.is(await main(args, io), 0, io.err());
  assert.is(io.err().split('\n').filter((l) => / skipped /.test(l)).length, 3);
  assert.match(io.out(), /^127\.0\.0\.1:\d+\/cli\/app:v2@sha256:/);
});

push('plain http to a remote host without --insecure is refused with exit 2', async () => {
  const io = captureIo();
  assert.is(await main(['push', 'http://registry.example.com:5000/cli/app'], io), 2);
  assert.match(io.err(), /--insecure/);
});

push('a digest, both spellings at once, or no image at all: usage errors', async () => {
  for (const args of [
    ['push', `${host()}/cli/app@sha256:${'a'.repeat(64)}`],
    ['push', `${host()}/cli/app:v1`, '--repo', 'cli/app'],
    ['push'],
    ['push', '--repo', 'cli/app'],
  ]) {
    const io = captureIo();
    assert.is(await main(args, io), 2, args.join(' '));
    assert.is(io.err().split('\n').filter(Boolean).length, 1, io.err());
  }
});

push.run();
