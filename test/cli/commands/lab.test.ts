import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { labCommand, runLab } from '../../../src/cli/commands/lab.ts';
import { main } from '../../../src/cli/main.ts';
import type { CliIo } from '../../../src/cli/io.ts';
import { parseLabConfig } from '../../../src/lab/lab-config.ts';

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env: {},
    exitCode: 0,
    out: () => out,
    err: () => err,
  };
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

const run = suite('runLab');

run('prints the banner, serves until the signal, then closes every port', async () => {
  const io = captureIo();
  const ac = new AbortController();
  const config = parseLabConfig({ regions: [{ name: 'a' }, { name: 'b' }], links: [{ from: 'a', to: 'b', rtt: '30ms' }] });
  const running = runLab(config, io, ac.signal);
  for (let i = 0; i < 200 && !io.out().includes('Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 5));
  const ports = [...io.out().matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
  assert.ok(ports.length >= 5, io.out());
  assert.not.ok(await refused(ports[0]!));
  ac.abort();
  await running;
  assert.match(io.err(), /stopping/);
  for (const p of new Set(ports)) assert.ok(await refused(p), `port ${p}`);
});

run('an already aborted signal starts and closes at once', async () => {
  const io = captureIo();
  const ac = new AbortController();
  ac.abort();
  await runLab(parseLabConfig({ regions: [{ name: 'solo' }] }), io, ac.signal);
  assert.match(io.out(), /1 region\(s\)/);
});

const command = suite('labCommand');

command('--config FILE --base-port N starts that lab on fixed ports and stops on SIGINT', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-cli-lab-'));
  try {
    const file = join(dir, 'lab.yaml');
    await writeFile(file, 'regions: [{name: x}, {name: y}]\n');
    const { freePortRange } = await import('../../helpers/free-port.ts');
    // Two regions: 4 region ports, the control port, and room for the storage hosts.
    const base = await freePortRange(12);
    const io = captureIo();
    const parsing = yargs([]).command(labCommand).strict().exitProcess(false).parseAsync(['lab', '--config', file, '--base-port', String(base)], { io });
    let failed: unknown;
    parsing.catch((err: unknown) => (failed = err));
    for (let i = 0; i < 2000 && !io.out().includes('Ctrl-C') && failed === undefined; i++) await new Promise((r) => setTimeout(r, 5));
    assert.is(failed, undefined, String(failed));
    assert.match(io.out(), new RegExp(`127\\.0\\.0\\.1:${base} `));
    assert.match(io.out(), new RegExp(`Control: http://127\\.0\\.0\\.1:${base + 4}`));
    process.emit('SIGINT');
    await parsing;
    assert.ok(await refused(base));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

command('a bad --base-port is a usage error', async () => {
  const io = captureIo();
  assert.is(await main(['lab', '--base-port', '70000'], io), 2);
  assert.is(io.err(), 'replbench: --base-port: expected a whole number from 1 to 65535, found "70000"\n');
});

run.run();
command.run();
