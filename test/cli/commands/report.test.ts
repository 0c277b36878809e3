import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.ts';
import { runScenario } from '../../../src/run/runner.ts';
import { captureIo } from '../../helpers/capture-io.ts';
import { tinyScenario } from '../../run/tiny-scenario.ts';

const report = suite('report command');

async function digests(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = createHash('sha256').update(await readFile(join(dir, name))).digest('hex');
  return out;
}

let tmp = '';
let passing = '';
let failing = '';

report.before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'replbench-cli-report-'));
  const pull = { workers: ['a'], endpoints: 'all' };
  passing = (await runScenario(tinyScenario({ pull }), { reportsDir: tmp })).runDir;
  failing = (await runScenario(tinyScenario({ pull, thresholds: { replication_outcome: ['count(timed-out)>0'] } }), { reportsDir: tmp })).runDir;
});

report.after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

report('re-renders every report byte-identical and prints the summary table, exit 0', async () => {
  const before = await digests(passing);
  const io = captureIo();
  assert.is(await main(['report', passing], io), 0);
  assert.equal(await digests(passing), before);
  assert.match(io.out(), /^replbench run \d{8}T\d{6}Z-tiny/);
  assert.match(io.out(), /Accuracy against the lab's ground truth/);
});

report('--json prints summary.json', async () => {
  const io = captureIo();
  assert.is(await main(['report', passing, '--json'], io), 0);
  assert.is(io.out(), await readFile(join(passing, 'summary.json'), 'utf8'));
});

report('re-evaluates the thresholds: a failure exits 99 and is named on stderr', async () => {
  const io = captureIo();
  assert.is(await main(['report', failing], io), 99);
  assert.match(io.err(), /threshold failed: replication_outcome: count\(timed-out\)>0 on all series: actual 0\n/);
});

report('a directory without events.jsonl: one line, exit 2', async () => {
  const io = captureIo();
  assert.is(await main(['report', join(tmp, 'nope')], io), 2);
  assert.match(io.err(), /^replbench: cannot read the event log .*events\.jsonl/);
});

report.run();
