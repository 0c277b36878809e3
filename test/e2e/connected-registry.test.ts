/**
 * `replbench run scenarios/connected-registry.yaml`, end to end (about 25 s):
 * the lab's hierarchy cloud → onprem (ReadWrite, synced every 10 s for 3 s)
 * → line1 (ReadOnly). Asserted: both directions replicate, artifacts outside
 * a subset time out as "not-synced", the push at the ReadOnly node is denied,
 * every lag covers the wait its sync schedule imposed, and the webhook and
 * egress figures are reported.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/capture-io.ts';
import { readRun, withReportsDir } from './e2e-helpers.ts';

const e2e = suite('e2e: scenarios/connected-registry.yaml');

e2e('cloud → edge and edge → cloud, subsets, a refused push, time to sync against the schedule', async () => {
  await withReportsDir(async (reports) => {
    const io = captureIo();
    const code = await main(['run', 'scenarios/connected-registry.yaml', '--reports-dir', reports], io);
    assert.is(code, 0, io.err());
    const { summary, events } = await readRun(reports);
    const s = summary as unknown as Record<string, any>;
    assert.ok(s.complete);
    const d = s.connected.directions;
    assert.equal(d['cloud->onprem'], { ...d['cloud->onprem'], replicated: 3, timedOut: 3, notSynced: 3, errored: 0 });
    assert.equal(d['cloud->line1'], { ...d['cloud->line1'], replicated: 3, timedOut: 3, notSynced: 3 });
    assert.equal(d['onprem->cloud'], { ...d['onprem->cloud'], replicated: 3, timedOut: 0 });
    assert.equal(d['onprem->line1'], { ...d['onprem->line1'], replicated: 0, timedOut: 3, notSynced: 3 });
    assert.equal(s.connected.writeChecks, { line1: { denied: 1, accepted: 0, errored: 0 } });
    assert.equal(Object.keys(s.connected.sync), ['cloud', 'line1', 'onprem']);
    // The lag is a bracket's midpoint: the scheduled wait can exceed it by no more than the bracket's half-width.
    const uncertaintyUs = new Map(events.flatMap((e) => (e.type === 'replication' && e.outcome === 'replicated' ? [[`${e.labels.region} ${e.labels.digest}`, e.uncertaintyUs] as const] : [])));
    for (const e of events) {
      if (e.type !== 'sync-timing') continue;
      const u = uncertaintyUs.get(`${e.labels.region} ${e.labels.digest}`) ?? 0;
      assert.ok(e.scheduledWaitUs <= e.lagUs + u + 1_000, `${e.labels.region}: wait ${e.scheduledWaitUs} µs ≤ lag ${e.lagUs} µs ± ${u}`);
    }
    for (const region of ['cloud', 'onprem', 'line1']) {
      assert.is(s.eventSources.webhook.regions[region].received, 3, region);
      assert.is(s.eventSources.webhook.regions[region].paired, 3, region);
    }
    assert.equal(Object.keys(s.egress), ['cloud', 'line1', 'onprem']);
    const md = await readFile(join(reports, 'latest', 'report.md'), 'utf8');
    for (const title of ['Connected registry: lag by direction', 'ReadOnly nodes: pushes refused', 'Time to sync against the schedule', 'Replication lag from webhook events', 'Egress']) {
      assert.ok(md.includes(`## ${title}`), title);
    }
  });
});

e2e.run();
