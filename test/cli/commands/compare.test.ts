import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.ts';
import { captureIo } from '../../helpers/capture-io.ts';
import { writeRunDir } from '../../report/synthetic-run.ts';

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
compare.run();
