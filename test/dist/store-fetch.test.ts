import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestK6 } from '../../src/dist/k6-ingest.ts';
import { fetchRun } from '../../src/dist/store-fetch.ts';
import { LocalDirStore } from '../../src/dist/store-local.ts';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/capture-io.ts';
import { k6Pull, withTmpDir } from './k6-fixtures.ts';
import { makeRunDir, snapshotFiles, storedView } from './store-fixtures.ts';

const fetch = suite('fetchRun');
fetch('downloads latest, latest-pass or a named run into a fresh directory', async () => {
  await withTmpDir(async (dir) => {
    const store = new LocalDirStore(join(dir, 'store'));
    const runs = join(dir, 'runs');
    await store.put(makeRunDir(runs, { runId: 'r1', scenario: 'smoke', startedAt: '2026-11-20T00:00:00.000Z', pass: true }));
    await store.put(makeRunDir(runs, { runId: 'r2', scenario: 'smoke', startedAt: '2026-11-21T00:00:00.000Z', pass: false }));
    const latest = await fetchRun(store, 'latest', { parentDir: dir });
    assert.is(latest.ref.runId, 'r2');
    assert.equal(snapshotFiles(latest.runDir), storedView(snapshotFiles(join(runs, 'r2'))));
    assert.is((await fetchRun(store, 'latest-pass', { parentDir: dir })).ref.runId, 'r1');
    const named = await fetchRun(store, 'r1', { parentDir: dir });
    assert.ok(named.runDir !== latest.runDir && existsSync(join(named.runDir, 'summary.json')));
  });
});
fetch('says when nothing matches', async () => {
  await withTmpDir(async (dir) => {
    const store = new LocalDirStore(join(dir, 'store'));
    await store.put(makeRunDir(join(dir, 'runs'), { runId: 'r1', scenario: 'smoke', startedAt: '2026-11-20T00:00:00.000Z', pass: false }));
    const cases: [string, string | undefined, RegExp][] = [
      ['latest-pass', undefined, /no complete run whose thresholds all passed$/],
      ['latest', 'other', /no run of scenario other$/],
      ['r9', undefined, /no run r9$/],
    ];
    for (const [selector, scenario, message] of cases) {
      try {
        await fetchRun(store, selector, { parentDir: dir, ...(scenario === undefined ? {} : { scenario }) });
        assert.unreachable('should have thrown');
      } catch (err: unknown) {
        assert.match((err as Error).message, message);
      }
    }
  });
});
fetch('replbench report RUN --store URL reads the run from the store', async () => {
  await withTmpDir(async (dir) => {
    const lines = k6Pull({ time: '2026-11-22T09:00:00Z', worker: 'eastus', endpoint: 'eastus', durationMs: 42, ttfbMs: 4 });
    writeFileSync(join(dir, 'k6.json'), lines.join('\n'));
    const runDir = join(dir, 'runs', 'k6-run');
    await ingestK6({ inputs: [join(dir, 'k6.json')], runDir });
    await new LocalDirStore(join(dir, 'store')).put(runDir);
    const io = captureIo();
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = dir; // the download lands in a fresh directory under the temp dir: keep it in ours
    let code: number;
    try {
      code = await main(['report', 'latest', '--store', join(dir, 'store'), '--json'], io);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    assert.is(code, 0, io.err());
    assert.match(io.err(), new RegExp(`latest from file://.*downloaded to ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const summary = JSON.parse(io.out()) as { runId: string; metrics: { pull_duration: Record<string, { count: number }> } };
    assert.is(summary.metrics.pull_duration['endpoint=eastus,worker=eastus']?.count, 1);
  });
});
fetch.run();
