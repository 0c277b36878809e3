import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/capture-io.ts';
import { COMMANDS } from '../../src/cli/command-index.ts';

const mainSuite = suite('main');

mainSuite('an unknown command is a usage error: one line, exit 2', async () => {
  const io = captureIo();
  assert.is(await main(['frobnicate'], io), 2);
  assert.match(io.err(), /^replbench: .*frobnicate.*\n$/);
});

mainSuite('no command at all is a usage error naming the commands', async () => {
  const io = captureIo();
  assert.is(await main([], io), 2);
  for (const c of COMMANDS) assert.ok(io.err().includes(c.name), `${c.name} listed in: ${io.err()}`);
});

mainSuite('a reference without a registry host (and no --endpoint) is a usage error naming both ways', async () => {
  const io = captureIo();
  assert.is(await main(['pull', 'bench/app:v1'], io), 2);
  assert.match(io.err(), /HOST\[:PORT\]\/bench\/app:v1.*--endpoint/);
});

mainSuite('a bad unit is a usage error naming the flag and the text, without a stack trace', async () => {
  const io = captureIo();
  const code = await main(['push', '--endpoint', 'http://127.0.0.1:9', '--insecure', '--repo', 'a', '--layer-size', '12XB'], io);
  assert.is(code, 2);
  assert.is(io.err(), 'replbench: --layer-size: expected a size such as "64MiB", from 1 byte to 64GiB, found "12XB"\n');
});

mainSuite.run();
