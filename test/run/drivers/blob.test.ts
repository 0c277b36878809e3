import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/errors.ts';
import { readEventLog } from '../../../src/events/log.ts';
import type { ReplEvent } from '../../../src/events/index.ts';
import { runScenario } from '../../../src/run/runner.ts';
import { resolveScenario } from '../../../src/scenario/resolve.ts';
import { blobDriver } from '../../../src/run/drivers/blob.ts';
import { tinyScenario, tinyScenarioDoc } from '../tiny-scenario.ts';

const ofType = <T extends ReplEvent['type']>(events: readonly ReplEvent[], type: T): Extract<ReplEvent, { type: T }>[] =>
  events.filter((e): e is Extract<ReplEvent, { type: T }> => e.type === type);

const blobDoc = (extra: Record<string, unknown> = {}) => tinyScenarioDoc({
  name: 'tiny-blob',
  target: {
    kind: 'blob',
    azurite: true,
    copier: { lag: { model: 'constant', lag: '120ms' }, poll: '10ms' },
    regions: [{ name: 'a', container: 'source' }, { name: 'b', container: 'replica', account: 'bacct' }],
    links: [{ from: 'a', to: 'b', rtt: '20ms' }],
    cleanup: true,
  },
  egress: { pricePerGB: { default: 0.05 } },
  ...extra,
});
const blobScenario = () => resolveScenario(blobDoc());

const run = suite('blobDriver (through runScenario)');
run('the same run directory and report as a registry run: lag from probes, pulls per region, egress', async () => {
  const reports = await mkdtemp(join(tmpdir(), 'replbench-blob-run-'));
  try {
    const result = await runScenario(blobScenario(), { reportsDir: reports });
    assert.ok(result.complete, result.interrupted);
    assert.is(result.error, undefined);
    assert.match(result.runId, /-tiny-blob$/);
    const { events } = await readEventLog(join(result.runDir, 'events.jsonl'));
    assert.is(ofType(events, 'push').length, 3);
    const reps = ofType(events, 'replication');
    assert.equal(reps.map((r) => [r.labels.region, r.outcome]), [['b', 'replicated'], ['b', 'replicated'], ['b', 'replicated']]);
    for (const r of reps) if (r.outcome === 'replicated') assert.ok(r.valueUs + r.uncertaintyUs >= 100_000, `lag ${r.valueUs} µs ± ${r.uncertaintyUs} covers the copier's 120 ms`);
    // 2 workers × 2 endpoints × 3 images × (cold + warm)
    assert.is(ofType(events, 'pull').length, 24);
    assert.equal(ofType(events, 'error'), []);
    const summary = JSON.parse(await readFile(join(result.runDir, 'summary.json'), 'utf8')) as Record<string, any>;
    assert.is(summary.metrics.replication_lag['region=b'].count, 3);
    assert.equal(Object.keys(summary.metrics.pull_duration), ['endpoint=a,worker=a', 'endpoint=a,worker=b', 'endpoint=b,worker=a', 'endpoint=b,worker=b']);
    assert.ok(summary.egress.b.remoteBytes > 0 && summary.egress.b.localBytes > 0);
    assert.equal(summary.outcomes.replication, { b: { replicated: 3, timedOut: 0, errored: 0, inconsistent: 0 } });
  } finally {
    await rm(reports, { recursive: true, force: true });
  }
});
run('refuses a scenario that is not a blob one, and what a blob target cannot do, before anything opens', async () => {
  for (const scenario of [tinyScenario(), resolveScenario(blobDoc({ load: { kind: 'manifest-head', rate: '10/s', connections: 1, duration: '1s' } }))]) {
    try {
      await blobDriver.open(scenario, { now: () => 0, runId: 'r' });
      assert.unreachable('the scenario must be refused');
    } catch (err: unknown) {
      assert.instance(err, ConfigError);
    }
  }
});
run.run();
