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

push('pushes the planned image and prints its manifest digest last', async () => {
  const io = captureIo();
  const args = ['push', '--endpoint', url(), '--insecure', '--repo', 'cli/app', '--tag', 'v1', '--layers', '2', '--layer-size', '64KiB', '--seed', 's1'];
  assert.is(await main(args, io), 0, io.err());
  const plan = await planImage({ seed: 's1', imageIndex: 0, layerCount: 2, sizes: resolveSizeDistribution('64KiB'), repository: 'cli/app', tag: 'v1' });
  const lines = io.out().trimEnd().split('\n');
  assert.is(lines.at(-1), plan.manifest.digest);
  assert.is(lines.filter((l) => / uploaded /.test(l)).length, 3); // config + 2 layers
  assert.is(await registry?.store.tagGet('cli/app', 'v1'), plan.manifest.digest);
});

push('chunked pushes of the same seed skip blobs already there', async () => {
  const io = captureIo();
  const args = ['push', '--endpoint', url(), '--insecure', '--repo', 'cli/app', '--tag', 'v2', '--layers', '2', '--layer-size', '64KiB', '--seed', 's1', '--chunked', '--chunk-size', '16KiB'];
  assert.is(await main(args, io), 0, io.err());
  assert.is(io.out().split('\n').filter((l) => / skipped /.test(l)).length, 3);
});

push('plain http without --insecure is refused with exit 2', async () => {
  const io = captureIo();
  assert.is(await main(['push', '--endpoint', url(), '--repo', 'cli/app'], io), 2);
  assert.match(io.err(), /--insecure/);
});

push.run();
