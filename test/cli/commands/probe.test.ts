import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../src/cli/main.ts';
import { captureIo } from '../../helpers/capture-io.ts';
import { startRegistry, type TestRegistry } from '../../lab/registry-test-server.ts';

const probe = suite('probeCommand');
let registry: TestRegistry | undefined;
probe.before(async () => {
  registry = await startRegistry();
  await main(['push', '--endpoint', registry.url, '--insecure', '--repo', 'cli/probe', '--tag', 'v1', '--layer-size', '8KiB'], captureIo());
});
probe.after(async () => {
  await registry?.close();
});
const run = async (...args: string[]) => {
  const io = captureIo();
  const code = await main(['probe', '--endpoint', registry?.url ?? '', '--insecure', ...args], io);
  return { code, out: io.out() };
};

probe('a present manifest and its blobs exit 0', async () => {
  const r = await run('cli/probe:v1', '--blobs');
  assert.is(r.code, 0);
  assert.is(r.out.split('\n').filter((l) => / present /.test(l)).length, 3);
});

probe('--json: one object, present and a result per object; the full reference needs no flags', async () => {
  const io = captureIo();
  const host = (registry?.url ?? '').replace(/^http:\/\//, '');
  assert.is(await main(['probe', `${host}/cli/probe:v1`, '--blobs', '--json'], io), 0, io.err());
  const doc = JSON.parse(io.out()) as { command: string; present: boolean; objects: { object: string; result: string; status: number }[] };
  assert.equal([doc.command, doc.present, doc.objects.length], ['probe', true, 3]);
  assert.equal(doc.objects.map((o) => o.object), ['manifest', 'blob', 'blob']);
  const missing = captureIo();
  assert.is(await main(['probe', `${host}/cli/probe:missing`, '--json'], missing), 1);
  const absent = JSON.parse(missing.out()) as { present: boolean; objects: { result: string; status: number }[] };
  assert.equal([absent.present, absent.objects[0]?.result, absent.objects[0]?.status], [false, 'absent', 404]);
});

probe('an absent tag is an answer (exit 1), not an error', async () => {
  const r = await run('cli/probe:missing');
  assert.is(r.code, 1);
  assert.match(r.out, /absent\s+404/);
});

probe('a blob missing from a present manifest is reported and exits 1', async () => {
  const repo = 'cli/probe';
  const tagged = await registry?.store.tagGet(repo, 'v1');
  const manifest = tagged ? await registry?.store.manifestGet(repo, tagged) : undefined;
  const layer = (JSON.parse(new TextDecoder().decode(manifest?.bytes)) as { layers: { digest: string }[] }).layers[0]?.digest ?? '';
  await registry?.store.blobDelete(layer);
  const r = await run(`${repo}:v1`, '--blobs');
  assert.is(r.code, 1);
  assert.match(r.out, new RegExp(`blob ${layer.slice(0, 19)}\\s+absent`));
});

probe.run();
