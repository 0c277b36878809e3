import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ProbeTraceLog, type ProbeTraceLine } from '../../src/run/probe-trace-log.ts';

const log = suite('ProbeTraceLog');
log('one line per probe, µs since the run started, with the watch\'s commit point', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-trace-'));
  try {
    const path = join(dir, 'probes.jsonl');
    const t = new ProbeTraceLog(path, (ms) => Math.round((ms - 1000) * 1000));
    t.write('westeurope', 'app:v1', 1100, [
      { component: 'manifest', plannedAtMs: 1110, launchedAtMs: 1110.5, releasedAtMs: 1110.5, sentAtMs: 1111, atMs: 1112, result: 'absent', status: 404 },
      { component: 'manifest', plannedAtMs: 1130, launchedAtMs: 1130, releasedAtMs: 1130, sentAtMs: 1130.25, atMs: 1131, result: 'present', status: 200 },
    ]);
    t.write('westeurope', 'app:v2', 1200, []);
    await t.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as ProbeTraceLine);
    assert.is(lines.length, 2);
    assert.equal(lines[0], { region: 'westeurope', image: 'app:v1', component: 'manifest', commitUs: 100_000, plannedUs: 110_000, launchedUs: 110_500, releasedUs: 110_500, sentUs: 111_000, answeredUs: 112_000, result: 'absent', status: 404 });
    assert.is(lines[1]?.result, 'present');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
log.run();
