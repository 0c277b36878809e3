import { mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EVENT_LOG_FILE, openEventLog } from '../../src/events/log.ts';
import { finishRun } from '../../src/run/finish-run.ts';
import { createRunDir } from '../../src/run/run-dir.ts';
import { RttTable } from '../../src/run/rtt-phase.ts';
import { runEvents } from '../report/fixtures.ts';

const finish = suite('finishRun');

finish('renders the reports from events.jsonl, points latest at the run, carries the phases’ error', async () => {
  const reports = await mkdtemp(join(tmpdir(), 'replbench-finish-'));
  try {
    const dir = await createRunDir(reports, 'run-1');
    const log = openEventLog(join(dir.path, EVENT_LOG_FILE));
    for (const e of runEvents()) log.append(e);
    await log.close();
    const failure = new Error('credentials refused');
    const rtts = new RttTable();
    const result = await finishRun(reports, dir, { error: failure, rtts });
    assert.is(result.runDir, dir.path);
    assert.is(result.error, failure);
    assert.is(result.rtts, rtts);
    assert.ok(result.files.length > 0);
    assert.is(result.latestWarning, undefined);
    assert.is(await readlink(join(reports, 'latest')), 'run-1');
  } finally {
    await rm(reports, { recursive: true, force: true });
  }
});

finish.run();
