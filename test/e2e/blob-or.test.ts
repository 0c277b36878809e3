/**
 * `replbench run scenarios/blob-or.yaml`, end to end (15–25 s): azurite
 * started and stopped by the run, three accounts, the lab copier replicating.
 * Asserted: every blob replicated in both replicas, pulls from every region,
 * egress reported, and the thresholds pass
 * (azurite's own start and stop by PID: test/blob/azurite-process.test.ts).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/capture-io.ts';
import { readRun, withReportsDir } from './e2e-helpers.ts';

const e2e = suite('e2e: scenarios/blob-or.yaml');

e2e('replication lag and pull duration come out as for a registry', async () => {
  await withReportsDir(async (reports) => {
    const io = captureIo();
    const code = await main(['run', 'scenarios/blob-or.yaml', '--reports-dir', reports], io);
    assert.is(code, 0, io.err());
    const { summary, events } = await readRun(reports);
    const s = summary as unknown as Record<string, any>;
    assert.ok(s.complete);
    for (const region of ['westeurope', 'japaneast']) {
      assert.equal(s.outcomes.replication[region], { replicated: 8, timedOut: 0, errored: 0, inconsistent: 0 });
    }
    assert.is(Object.keys(s.metrics.pull_duration).length, 9);
    assert.equal(Object.keys(s.egress), ['eastus', 'japaneast', 'westeurope']);
    assert.ok(s.thresholds.every((t: { ok: boolean }) => t.ok));
    assert.equal(events.filter((e) => e.type === 'error'), []);
  });
});

e2e.run();
