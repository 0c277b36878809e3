import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

report('a corrupt line mid-log: a warning naming the line, counted in the report, nothing after it lost', async () => {
  const dir = join(tmp, 'corrupt');
  await cp(passing, dir, { recursive: true });
  const log = join(dir, 'events.jsonl');
  const lines = (await readFile(log, 'utf8')).split('\n');
  const before = JSON.parse(await readFile(join(passing, 'summary.json'), 'utf8')) as { metrics: Record<string, Record<string, { count: number }>> };
  // Line 3 becomes garbage (flipped bytes); every other line stays.
  const corrupted = lines.map((l, i) => (i === 2 ? `${l.slice(0, 10)}\u0000\u0000${l.slice(12)}` : l));
  await writeFile(log, corrupted.join('\n'));
  const io = captureIo();
  assert.is(await main(['report', dir, '--json'], io), 0, io.err());
  assert.match(io.err(), new RegExp(`replbench: warning: ${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: skipped a corrupt line \\(not a JSON record\\)`));
  const summary = JSON.parse(io.out()) as { complete: boolean; corruptLines?: number[]; metrics: typeof before.metrics };
  assert.equal(summary.corruptLines, [3]);
  assert.is(summary.complete, false);
  // Line 3 of a tiny run is no measurement: every series counts what it counted.
  assert.equal(Object.keys(summary.metrics), Object.keys(before.metrics));
  for (const [m, series] of Object.entries(before.metrics)) for (const [k, v] of Object.entries(series)) assert.is(summary.metrics[m]?.[k]?.count, v.count, `${m} ${k}`);
  assert.match(await readFile(join(dir, 'report.md'), 'utf8'), /1 corrupt event-log line skipped \(line 3\); every other line is counted/);
});

report('an empty or header-only event log: one line naming the file, exit 2', async () => {
  for (const [name, text, what] of [['empty', '', /holds no record/], ['header', `${(await readFile(join(passing, 'events.jsonl'), 'utf8')).split('\n')[0]}\n`, /holds only the run-start record/]] as const) {
    const dir = join(tmp, name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'events.jsonl'), text);
    const io = captureIo();
    assert.is(await main(['report', dir], io), 2, name);
    assert.match(io.err(), /^replbench: .*events\.jsonl: the event log /, name);
    assert.match(io.err(), what, name);
    assert.is(io.out(), '', name);
  }
});

report('a report file that cannot be written names the file and the cause', async () => {
  const dir = join(tmp, 'blocked');
  await cp(passing, dir, { recursive: true });
  // report.md.tmp as a directory: the write of report.md fails (EISDIR), the other files are fine.
  await mkdir(join(dir, 'report.md.tmp'));
  const io = captureIo();
  assert.is(await main(['report', dir], io), 1);
  assert.match(io.err(), new RegExp(`^replbench: cannot write ${join(dir, 'report.md').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
});

report.run();
