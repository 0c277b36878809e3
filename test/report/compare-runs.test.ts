import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReports } from '../../src/report/compare.ts';
import { DEFAULT_COMPARE_OPTIONS } from '../../src/report/compare-options.ts';
import { findLatestPass, loadRun, writeComparison } from '../../src/report/compare-runs.ts';
import { SUMMARY_FILE } from '../../src/report/renderers.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { syntheticRun, writeRunDir } from './synthetic-run.ts';

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'replbench-cmpruns-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const load = suite('loadRun');
load('folds a run directory (symlinks followed); refuses a URL and a directory without a log', () =>
  withDir(async (root) => {
    const dir = await writeRunDir(root, 'r1', { seed: 1, images: 20 });
    symlinkSync(dir, join(root, 'latest'));
    const run = await loadRun(join(root, 'latest'));
    assert.is(run.dir, dir);
    assert.is(run.report.runId, 'r1');
    assert.is(run.report.series.find((s) => s.metric === 'replication_lag')?.samples.length, 20);
    for (const [spec, re] of [['https://store.example/runs/1', /a URL is not a run directory; name the results store with --store/], [root, /expected a run directory holding events\.jsonl/]] as const) {
      try {
        await loadRun(spec);
        assert.unreachable();
      } catch (err: unknown) {
        assert.match((err as Error).message, re);
      }
    }
  }));
load.run();

const latest = suite('findLatestPass');
latest('picks the newest complete, passing run of the same scenario started before the candidate', () =>
  withDir(async (root) => {
    await writeRunDir(root, 'a-old-pass', { seed: 1, images: 20, startedAt: '2024-01-01T00:00:00.000Z' });
    const good = await writeRunDir(root, 'b-pass', { seed: 2, images: 20, startedAt: '2024-01-02T00:00:00.000Z' });
    await writeRunDir(root, 'c-fail', { seed: 3, images: 20, startedAt: '2024-01-03T00:00:00.000Z', thresholds: { replication_lag: ['p(50)<1ms'] } });
    await writeRunDir(root, 'd-other', { seed: 4, images: 20, startedAt: '2024-01-03T12:00:00.000Z', scenario: 'smoke' });
    const candidate = await writeRunDir(root, 'e-candidate', { seed: 5, images: 20, startedAt: '2024-01-04T00:00:00.000Z' });
    await writeRunDir(root, 'f-newer', { seed: 6, images: 20, startedAt: '2024-01-05T00:00:00.000Z' });
    mkdirSync(join(root, 'g-crashed'));
    writeFileSync(join(root, 'g-crashed', SUMMARY_FILE), '{"complete": tr');
    symlinkSync(candidate, join(root, 'latest'));
    const report = (await loadRun(candidate)).report;
    assert.is(await findLatestPass(join(root, 'latest'), report), good);
    try {
      await findLatestPass(candidate, { ...report, scenario: 'nothing-like-it' });
      assert.unreachable();
    } catch (err: unknown) {
      assert.match((err as Error).message, /no passing run of scenario "nothing-like-it" started before 2024-01-04T00:00:00\.000Z/);
    }
  }));
latest.run();

const write = suite('writeComparison');
write('writes compare.md and compare.html into the directory, creating it', () =>
  withDir(async (root) => {
    const a = foldEvents(syntheticRun({ seed: 1, images: 30 }));
    const b = foldEvents(syntheticRun({ seed: 2, images: 30 }));
    const c = compareReports(a, b, DEFAULT_COMPARE_OPTIONS);
    const out = join(root, 'out', 'deeper');
    const paths = await writeComparison(out, c, a, b);
    assert.equal(paths, [join(out, 'compare.md'), join(out, 'compare.html')]);
    assert.match(readFileSync(paths[0] ?? '', 'utf8'), /^# replbench compare: no regression/);
    assert.match(readFileSync(paths[1] ?? '', 'utf8'), /^<!DOCTYPE html>/);
  }));
write.run();
