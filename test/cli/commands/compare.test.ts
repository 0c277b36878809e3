import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.ts';
import { captureIo } from '../../helpers/capture-io.ts';
import { writeRunDir } from '../../report/synthetic-run.ts';
import { openStore } from '../../../src/dist/store.ts';
import { connectionStringFor, startAzurite, type Azurite } from '../../dist/azurite.ts';

const compare = suite('compareCommand');
let root = '';
let base = '';
let same = '';
let doubled = '';
compare.before(async () => {
  root = mkdtempSync(join(tmpdir(), 'replbench-cli-compare-'));
  base = await writeRunDir(root, '20240101T000000Z-nightly', { seed: 1, images: 120, startedAt: '2024-01-01T00:00:00.000Z' });
  same = await writeRunDir(root, '20240102T000000Z-nightly', { seed: 2, images: 120, startedAt: '2024-01-02T00:00:00.000Z' });
  doubled = await writeRunDir(root, '20240103T000000Z-nightly', { seed: 3, images: 120, startedAt: '2024-01-03T00:00:00.000Z', lagMedianMs: 800, lagP99Ms: 4000 });
});
compare.after(() => {
  rmSync(root, { recursive: true, force: true });
});

compare('two runs of one configuration: exit 0, compare.md and compare.html in the candidate', async () => {
  const io = captureIo();
  const code = await main(['compare', base, same], io);
  assert.is(code, 0, io.err());
  assert.match(io.out(), /^baseline {2}20240101T000000Z-nightly \(/);
  assert.match(io.out(), /replication_lag\{region=westeurope\} +p50 /);
  assert.match(io.out(), /no regression; wrote .*compare\.md, .*compare\.html\n$/);
  assert.ok(existsSync(join(same, 'compare.md')) && existsSync(join(same, 'compare.html')));
});

compare('a doubled lag median: exit 99, the regression printed, compare.md appended to $GITHUB_STEP_SUMMARY', async () => {
  const summary = join(root, 'step-summary.md');
  writeFileSync(summary, '');
  const out = join(root, 'cmp-out');
  const io = captureIo({ GITHUB_STEP_SUMMARY: summary });
  const code = await main(['compare', base, doubled, '--out', out], io);
  assert.is(code, 99);
  assert.match(io.out(), /replication_lag\{region=japaneast\} +p50 .* regression\n/);
  assert.match(io.out(), /\d+ regressions?/);
  assert.match(readFileSync(summary, 'utf8'), /^# replbench compare: \*\*REGRESSION\*\*/);
  assert.ok(existsSync(join(out, 'compare.html')));
});

compare('--baseline latest-pass picks the newest passing run of the scenario before the candidate', async () => {
  symlinkSync(doubled, join(root, 'latest'));
  try {
    const io = captureIo();
    const code = await main(['compare', '--baseline', 'latest-pass', join(root, 'latest'), '--json'], io);
    assert.is(code, 99);
    const c = JSON.parse(io.out());
    assert.is(c.baseline.runId, '20240102T000000Z-nightly');
    assert.is(c.candidate.runId, '20240103T000000Z-nightly');
    assert.ok(c.regressions >= 1);
  } finally {
    rmSync(join(root, 'latest'));
  }
});

compare('flags override the defaults: a 500% tolerance lets the doubled run pass', async () => {
  const io = captureIo();
  const code = await main(['compare', base, doubled, '--out', join(root, 'tol'), '--tolerance', 'replication_lag=500%', '--resamples', '500', '--seed', '2'], io);
  assert.is(code, 0, io.out());
});

compare('usage errors exit 2 with one line', async () => {
  for (const args of [['compare', base], ['compare', '--baseline', base, base, same], ['compare', base, same, '--tolerance', 'lag=1%']]) {
    const io = captureIo();
    const code = await main(args, io);
    assert.is(code, 2, args.join(' '));
    assert.is(io.err().trim().split('\n').length, 1, io.err());
    assert.match(io.err(), /^replbench: /);
  }
  const io = captureIo();
  assert.is(await main(['compare', join(root, 'nope'), same], io), 2);
  assert.match(io.err(), /expected a run directory holding events\.jsonl/);
});

compare('a typo in a flag or a wrong path with --baseline latest-pass exits 2, never the no-baseline code', async () => {
  for (const args of [
    ['compare', '--baseline', 'latest-pass', same, '--tolerence', '20%'],
    ['compare', '--baseline', 'latest-pass', join(root, 'no-such-run')],
    ['compare', '--basline', 'latest-pass', same],
  ]) {
    const io = captureIo();
    assert.is(await main(args, io), 2, `${args.join(' ')}: ${io.err()}`);
  }
});

compare('a slower candidate on a busier machine: "conditions differ" on every surface, not a regression, and still exit 99', async () => {
  const quietRun = await writeRunDir(root, 'cond-quiet', { seed: 4, images: 150, startedAt: '2024-02-01T00:00:00.000Z', scenario: 'cond', machine: { load1: 0.3, cpus: 2, busyPct: 25, stealPct: 0 } });
  const busyRun = await writeRunDir(root, 'cond-busy', { seed: 5, images: 150, startedAt: '2024-02-02T00:00:00.000Z', scenario: 'cond', pushMedianMs: 110, machine: { load1: 2.4, cpus: 2, busyPct: 95, stealPct: 0 } });
  const io = captureIo();
  assert.is(await main(['compare', quietRun, busyRun], io), 99);
  assert.match(io.out(), /push_duration\{[^}]*\} +p50 .* conditions differ\n/);
  assert.match(io.out(), /warning: conditions differ: load average per CPU: 0\.15 \(baseline\) vs 1\.2 \(candidate\)/);
  assert.match(io.out(), /no regression; \d+ changes? where conditions differ/);
  assert.match(io.err(), /where the runs' conditions differ .*: the machine, not necessarily the registry, changed/);
  const md = readFileSync(join(busyRun, 'compare.md'), 'utf8');
  assert.match(md, /^# replbench compare: \*\*conditions differ\*\*/);
  assert.match(md, /## Conditions\n\n\| {2}\| baseline \| candidate \|/);
  assert.match(md, /\| p50 \| .* \| conditions differ \|/);
  assert.match(readFileSync(join(busyRun, 'compare.html'), 'utf8'), /<td class="fail">conditions differ<\/td>/);
  const json = captureIo();
  assert.is(await main(['compare', quietRun, busyRun, '--json'], json), 99);
  const doc = JSON.parse(json.out()) as { command: string; version: number; verdict: string; exitCode: number; regressions: number; conditionsDiffer: number; files: string[] };
  assert.equal([doc.command, doc.version, doc.verdict, doc.exitCode, doc.regressions], ['compare', 1, 'conditions-differ', 99, 0]);
  assert.ok(doc.conditionsDiffer >= 1 && doc.files.length === 2);
  const reverse = captureIo();
  assert.is(await main(['compare', busyRun, quietRun, '--out', join(root, 'cond-rev')], reverse), 0, 'a faster candidate on a quieter machine fails nothing');
  assert.match(reverse.out(), /push_duration\{[^}]*\} +p50 .* conditions differ\n/);
});

compare('--aa: every pair of runs of one configuration compared, the false-alarm rate printed, exit 0; fewer than three runs exit 2', async () => {
  const io = captureIo();
  assert.is(await main(['compare', '--aa', base, same, doubled, '--resamples', '400'], io), 0, io.err());
  assert.match(io.out(), /^A\/A: 3 runs of scenario "nightly", 3 pairs compared/);
  assert.match(io.out(), /false alarms: 2 of 3 pairs \(66\.7%; 95% interval/);
  assert.match(io.out(), /replication_lag: largest change \d+(\.\d+)?% vs tolerance 25% — on this runner, --tolerance replication_lag=\d+%/);
  const json = captureIo();
  assert.is(await main(['compare', '--aa', base, same, doubled, '--resamples', '400', '--json'], json), 0);
  const doc = JSON.parse(json.out()) as { command: string; mode: string; pairs: unknown[]; falseAlarms: number };
  assert.equal([doc.command, doc.mode, doc.pairs.length, doc.falseAlarms], ['compare', 'aa', 3, 2]);
  const two = captureIo();
  assert.is(await main(['compare', '--aa', base, same], two), 2);
  assert.match(two.err(), /at least 3 run directories/);
});

compare('no passing run before the candidate: exit 4 (no baseline yet), one line', async () => {
  const io = captureIo();
  assert.is(await main(['compare', '--baseline', 'latest-pass', base], io), 4);
  assert.is(io.err().trim().split('\n').length, 1, io.err());
  assert.match(io.err(), /no passing run of scenario "nightly" started before/);
  const ok = captureIo();
  assert.is(await main(['compare', '--baseline', 'latest-pass', '--allow-no-baseline', base], ok), 0);
  assert.match(ok.err(), /nothing compared \(--allow-no-baseline: exit 0\)/);
  assert.is(ok.out(), '');
  const typo = captureIo();
  assert.is(await main(['compare', '--baseline', 'latest-pass', '--allow-no-baseline', join(root, 'no-such-run')], typo), 2, 'a wrong path is still an error');
});
compare.run();

const stored = suite('compareCommand --store (azurite on 127.0.0.1)');
let azurite: Azurite | undefined;
let storeRoot = '';
const STORE = 'azblob://devstoreaccount1/replbench-runs/nightly';
const envOf = (): Record<string, string> => ({ AZURE_STORAGE_CONNECTION_STRING: connectionStringFor(azurite?.port ?? 0) });
stored.before(async () => {
  const started = await startAzurite();
  if (!started.ok) return void console.log(`\n  SKIP compare --store tests: ${started.reason}\n`);
  azurite = started.azurite;
  storeRoot = mkdtempSync(join(tmpdir(), 'replbench-cli-compare-store-'));
  const store = await openStore(STORE, envOf());
  for (const [id, opts] of [
    ['20240101T000000Z-nightly', { seed: 1, images: 120, startedAt: '2024-01-01T00:00:00.000Z' }],
    ['20240102T000000Z-nightly', { seed: 2, images: 120, startedAt: '2024-01-02T00:00:00.000Z' }],
    ['20240103T000000Z-nightly', { seed: 3, images: 120, startedAt: '2024-01-03T00:00:00.000Z', lagMedianMs: 800, lagP99Ms: 4000 }],
  ] as const) await store.put(await writeRunDir(storeRoot, id, opts));
});
stored.after(async () => {
  await azurite?.stop();
  if (storeRoot !== '') rmSync(storeRoot, { recursive: true, force: true });
});

stored('--baseline latest-pass finds the newest passing run before the candidate in the store, never the candidate itself', async () => {
  if (azurite === undefined) return;
  const io = captureIo(envOf());
  const code = await main(['compare', '--store', STORE, '--baseline', 'latest-pass', join(storeRoot, '20240103T000000Z-nightly'), '--json'], io);
  assert.is(code, 99, io.err());
  const c = JSON.parse(io.out());
  assert.is(c.baseline.runId, '20240102T000000Z-nightly');
  assert.is(c.candidate.runId, '20240103T000000Z-nightly');
  assert.match(io.err(), /^replbench: baseline 20240102T000000Z-nightly \(latest-pass\) from azblob:\/\/devstoreaccount1\/replbench-runs\/nightly downloaded to /);
});
stored('runs named by id or latest come from the store; a local directory wins', async () => {
  if (azurite === undefined) return;
  const io = captureIo(envOf());
  assert.is(await main(['compare', '--store', STORE, '--baseline', 'latest-pass', 'latest', '--json'], io), 99, io.err());
  assert.equal([JSON.parse(io.out()).baseline.runId, JSON.parse(io.out()).candidate.runId], ['20240102T000000Z-nightly', '20240103T000000Z-nightly']);
  const ids = captureIo(envOf());
  assert.is(await main(['compare', '--store', STORE, '20240101T000000Z-nightly', join(storeRoot, '20240102T000000Z-nightly'), '--json'], ids), 0, ids.err());
  assert.is(ids.err().split('\n').filter((l) => l.includes('downloaded')).length, 1, 'only the baseline is downloaded');
});
stored('no baseline in the store: one line, exit 4', async () => {
  if (azurite === undefined) return;
  const io = captureIo(envOf());
  assert.is(await main(['compare', '--store', STORE, '--baseline', 'latest-pass', '20240101T000000Z-nightly'], io), 4);
  const lines = io.err().split('\n').filter((l) => l !== '');
  assert.match(lines[0] ?? '', /^replbench: 20240101T000000Z-nightly from .* downloaded to /);
  assert.is(lines.length, 2);
  assert.match(`${lines[1]}\n`, /^replbench: azblob:\/\/devstoreaccount1\/replbench-runs\/nightly: no complete run of scenario "nightly" whose thresholds all passed, started before 2024-01-01T00:00:00\.000Z \(the candidate 20240101T000000Z-nightly aside\)\n$/);
});
stored.run();
