/**
 * Real replication on real parts (scripts/real-replication/): three
 * docker-registry processes, replicated by skopeo copy on the origin's own
 * notifications, `replbench run` in its own process with an oci target —
 * every lag bracket must overlap the interval the replicas' own notifications
 * and the copies pin, and distribution envelopes must give webhook lag beside
 * the probes.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_SCENARIO, runRealReplication } from '../../scripts/real-replication/main.ts';
import { freePort } from '../helpers/free-port.ts';

const real = suite('runRealReplication');

real('every bracket overlaps the registries\' truth; webhook lag comes from distribution envelopes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-real-'));
  try {
    const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    let text = await readFile(DEFAULT_SCENARIO, 'utf8');
    ['15101', '15102', '15103', '15199'].forEach((p, i) => (text = text.replaceAll(p, String(ports[i]))));
    text = text.replace('images: 40', 'images: 16').replace('pushRate: 4/s', 'pushRate: 8/s');
    const scenarioPath = join(dir, 'real.yaml');
    await writeFile(scenarioPath, text);
    const log = new PassThrough();
    let output = '';
    log.on('data', (c: Buffer) => (output += c.toString()));
    const result = await runRealReplication({ scenarioPath, reportsDir: join(dir, 'reports'), stderr: log });
    assert.is(result.exitCode, 0, output);
    assert.equal(result.copyErrors, []);
    const regions = result.check.regions.map((r) => [r.region, r.samples, r.unmatched]);
    assert.equal(regions, [['japaneast', 16, 0], ['westeurope', 16, 0]], output);
    assert.is(result.check.misses, 0, JSON.stringify(result.check.samples.filter((s) => !s.overlaps)));
    for (const s of result.check.samples) assert.ok(s.trueFromMs > 0 && s.trueToMs >= s.trueFromMs, `${s.region} ${s.image}: [${s.trueFromMs}, ${s.trueToMs}]`);
    const summary = JSON.parse(await readFile(join(result.runDir, 'summary.json'), 'utf8')) as { eventSources?: { webhook?: Record<string, { received?: number }> } };
    const webhook = summary.eventSources?.webhook ?? {};
    assert.ok(Object.keys(webhook).length > 0, `no webhook lag in summary.json: ${JSON.stringify(summary.eventSources)}`);
    const events = (await readFile(join(result.runDir, 'events.jsonl'), 'utf8')).split('\n').filter((l) => l.includes('"replication-signal"'));
    const received = events.filter((l) => l.includes('"received"')).length;
    assert.is(received, 32, `webhook events received: ${received}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

real.run();
