/**
 * scenarios/lab-faults.yaml end to end, trimmed for the test suite (3 images
 * instead of 6, a 4 s replication timeout instead of 8 s; everything else as
 * written): a region that is down never counts as replicated, a stalled one
 * times out, and one answering 2% 503s still replicates every image. The
 * region that never answered makes it exit 3, naming it.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/capture-io.ts';
import { readRun, withReportsDir } from './e2e-helpers.ts';

const faults = suite('e2e: scenarios/lab-faults.yaml (trimmed)');

const IMAGES = 3;

faults('outcome counts per fault: down → none replicated, stalled → timed out, 5xx → all replicated', async () => {
  await withReportsDir(async (reports) => {
    const doc = parse(await readFile('scenarios/lab-faults.yaml', 'utf8')) as Record<string, Record<string, unknown>>;
    doc.workload = { ...doc.workload, images: IMAGES };
    doc.replication = { ...doc.replication, timeout: '4s' };
    doc.thresholds = {
      ...doc.thresholds,
      'replication_outcome{region:japaneast}': [`count(timed-out)==${IMAGES}`],
    };
    const file = join(reports, 'lab-faults-trimmed.yaml');
    await writeFile(file, stringify(doc));
    const io = captureIo();
    const code = await main(['run', file, '--reports-dir', reports], io);
    assert.is(code, 3, `${io.out()}\n${io.err()}`);
    assert.match(io.err(), /replbench: the replica westeurope could not be reached for the entire run \(3 of 3 watches\)/);
    const { summary, events } = await readRun(reports);
    const o = summary.outcomes.replication;
    assert.is(o.westeurope?.replicated, 0);
    assert.is((o.westeurope?.errored ?? 0) + (o.westeurope?.timedOut ?? 0), IMAGES);
    assert.equal(o.japaneast, { replicated: 0, timedOut: IMAGES, errored: 0, inconsistent: 0 });
    const { confirm, ...australia } = o.australiaeast as Record<string, unknown> & { confirm?: { artifacts: number } };
    assert.equal(australia, { replicated: IMAGES, timedOut: 0, errored: 0, inconsistent: 0 });
    assert.is(confirm?.artifacts, IMAGES);
    assert.equal(Object.keys(summary.metrics.replication_lag ?? {}), ['region=australiaeast']);
    assert.ok(summary.thresholds.every((t) => t.ok));
    // Nothing is pulled from where nothing replicated.
    const pulledFrom = new Set(events.flatMap((e) => (e.type === 'pull' ? [e.labels.endpoint] : [])));
    assert.equal([...pulledFrom].sort(), ['australiaeast', 'eastus']);
  });
});

faults.run();
