import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { COMMANDS, invokedCommand, listedOnly } from '../../src/cli/command-index.ts';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/capture-io.ts';

const commands = suite('COMMANDS');
commands('each entry names, lists and loads its own module: the help lines cannot drift from the modules', async () => {
  assert.equal(
    COMMANDS.map((c) => c.name),
    ['push', 'pull', 'probe', 'run', 'report', 'lab', 'compare', 'k6', 'worker'],
  );
  for (const entry of COMMANDS) {
    const module = await entry.load();
    assert.is(entry.command, module.command, `${entry.name}: command`);
    assert.is(entry.describe, module.describe, `${entry.name}: describe`);
    assert.is(String(module.command).split(' ')[0], entry.name, `${entry.name}: name`);
  }
});
commands.run();

const invoked = suite('invokedCommand');
invoked('is the first word that is not an option', () => {
  assert.is(invokedCommand(['probe', '--endpoint', 'x', 'a/b:c'])?.name, 'probe');
  assert.is(invokedCommand(['--help', 'run', 's.yaml'])?.name, 'run');
  assert.is(invokedCommand(['--help']), undefined);
  assert.is(invokedCommand(['frobnicate']), undefined);
  assert.is(invokedCommand([]), undefined);
});
invoked.run();

const listed = suite('listedOnly');
listed('keeps the help line without the module', async () => {
  const probe = COMMANDS.find((c) => c.name === 'probe');
  assert.ok(probe);
  const stub = listedOnly(probe);
  assert.is(stub.command, 'probe <image>');
  assert.is(stub.describe, probe.describe);
});
listed('the top-level help lists every command, and a command still gets its own options', async () => {
  const top = await helpText(['--help']);
  for (const entry of COMMANDS) assert.ok(top.includes(`replbench ${entry.command}`), entry.name);
  assert.match(await helpText(['probe', '--help']), /--blobs/);
  assert.not.match(top, /--endpoint/);
});

/** yargs prints help through console.log, not the injected io. */
async function helpText(args: readonly string[]): Promise<string> {
  const log = console.log;
  let text = '';
  console.log = (...parts: unknown[]) => void (text += `${parts.join(' ')}\n`);
  try {
    assert.is(await main(args, captureIo()), 0);
  } finally {
    console.log = log;
  }
  return text;
}
listed('a misspelt command is still recognised by its listed name', async () => {
  const io = captureIo();
  assert.is(await main(['prob', 'x'], io), 2);
  assert.match(io.err(), /Did you mean probe/);
});
listed.run();
