import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { emptyTarget, LocalDirStore } from '../../src/dist/store-local.ts';
import { withTmpDir } from './k6-fixtures.ts';
import { makeRunDir, snapshotFiles, storedView } from './store-fixtures.ts';

const local = suite('LocalDirStore');
local('put → list → get gives back byte-identical files', async () => {
  await withTmpDir(async (dir) => {
    const run = makeRunDir(join(dir, 'runs'), { runId: '20261122T001500Z-smoke', scenario: 'smoke', startedAt: '2026-11-22T00:15:00.000Z', pass: false });
    const store = new LocalDirStore(join(dir, 'store'));
    const url = await store.put(run);
    assert.is(url, pathToFileURL(join(dir, 'store', '20261122T001500Z-smoke')).href);
    assert.equal(await store.list(), [
      { runId: '20261122T001500Z-smoke', url, scenario: 'smoke', startedAt: '2026-11-22T00:15:00.000Z', complete: true, thresholdsPass: false, thresholds: 1 },
    ]);
    const back = await store.get('20261122T001500Z-smoke', join(dir, 'back'));
    assert.equal(snapshotFiles(back), storedView(snapshotFiles(run)));
    assert.equal(readdirSync(join(dir, 'store')), ['20261122T001500Z-smoke'], 'no staging directory left');
  });
});
local('putting a run again replaces it whole', async () => {
  await withTmpDir(async (dir) => {
    const run = makeRunDir(join(dir, 'runs'), { runId: 'r', scenario: 's', startedAt: '2026-01-01T00:00:00.000Z', pass: true });
    const store = new LocalDirStore(join(dir, 'store'));
    await store.put(run);
    unlinkSync(join(run, 'report.html'));
    writeFileSync(join(run, 'report.md'), 'changed\n');
    await store.put(run);
    assert.equal(snapshotFiles(join(dir, 'store', 'r')), storedView(snapshotFiles(run)));
  });
});
local('list filters by prefix, newest first; an absent store directory lists nothing', async () => {
  await withTmpDir(async (dir) => {
    const store = new LocalDirStore(join(dir, 'store'));
    assert.equal(await store.list(), []);
    await store.put(makeRunDir(join(dir, 'runs'), { runId: '20261120-a', scenario: 'a', startedAt: '2026-11-20T00:00:00.000Z', pass: true }));
    await store.put(makeRunDir(join(dir, 'runs'), { runId: '20261121-b', scenario: 'b', startedAt: '2026-11-21T00:00:00.000Z', pass: true }));
    assert.equal((await store.list()).map((r) => r.runId), ['20261121-b', '20261120-a']);
    assert.equal((await store.list('20261120')).map((r) => r.runId), ['20261120-a']);
  });
});
local('a missing run is a ConfigError', async () => {
  await withTmpDir(async (dir) => {
    try {
      await new LocalDirStore(dir).get('nope', join(dir, 'back'));
      assert.unreachable('should have thrown');
    } catch (err: unknown) {
      assert.match((err as Error).message, /: no run nope$/);
    }
  });
});
local.run();

const target = suite('emptyTarget');
target('a new or empty directory is fine; a non-empty one is refused', async () => {
  await withTmpDir(async (dir) => {
    assert.is(await emptyTarget(dir, 'r'), join(dir, 'r'));
    makeRunDir(dir, { runId: 'taken', scenario: 's', startedAt: '2026-01-01T00:00:00.000Z', pass: true });
    try {
      await emptyTarget(dir, 'taken');
      assert.unreachable('should have thrown');
    } catch (err: unknown) {
      assert.match((err as Error).message, /taken: already exists and is not empty/);
    }
  });
});
target.run();
