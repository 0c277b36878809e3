import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readdir, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.ts';
import { createRunDir, LATEST_LINK, pointLatest } from '../../src/run/run-dir.ts';

async function withTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-rundir-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const create = suite('createRunDir');

create('creates the reports dir and the run dir', async () => {
  await withTemp(async (tmp) => {
    const reports = join(tmp, 'nested', 'reports');
    const d = await createRunDir(reports, '20260101T000000Z-x');
    assert.is(d.runId, '20260101T000000Z-x');
    assert.is(d.path, join(reports, '20260101T000000Z-x'));
    assert.ok((await stat(d.path)).isDirectory());
  });
});

create('a taken id gets a -2, -3 … suffix', async () => {
  await withTemp(async (tmp) => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await createRunDir(tmp, 'r')).runId);
    assert.equal(ids, ['r', 'r-2', 'r-3']);
  });
});

create('a reports dir that is a file, or under one: a ConfigError naming the file', async () => {
  await withTemp(async (tmp) => {
    const file = join(tmp, 'reports');
    await writeFile(file, 'not a directory\n');
    for (const dir of [file, join(file, 'nightly')]) {
      try {
        await createRunDir(dir, 'r');
        assert.unreachable('should have thrown');
      } catch (e) {
        assert.instance(e, ConfigError);
        assert.is((e as Error).message, `the reports directory ${dir} (report.dir or --reports-dir) cannot be created: ${file} is a file, not a directory`);
      }
    }
  });
});

create.run();

const latest = suite('pointLatest');

latest('points latest at the newest run, replacing the old link, leaving no temporary file', async () => {
  await withTemp(async (tmp) => {
    const a = await createRunDir(tmp, 'a');
    const b = await createRunDir(tmp, 'b');
    await pointLatest(tmp, a.path);
    assert.is(await readlink(join(tmp, LATEST_LINK)), 'a');
    await pointLatest(tmp, b.path);
    assert.is(await readlink(join(tmp, LATEST_LINK)), 'b');
    assert.equal((await readdir(tmp)).sort(), ['a', 'b', 'latest']);
  });
});

latest.run();
