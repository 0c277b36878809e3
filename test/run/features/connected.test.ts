/**
 * Connected registries end to end on the lab, through runScenario: other push
 * streams, a ReadOnly write check, not-synced reasons, sync timing.
 * Loopback only; the run takes a few seconds.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readEventLog } from '../../../src/events/log.ts';
import { runScenario } from '../../../src/run/runner.ts';
import { resolveScenario } from '../../../src/scenario/resolve.ts';
import { tinyScenarioDoc } from '../tiny-scenario.ts';
import { ofType, withTempDir } from './feature-run.ts';


const feature = suite('startConnected (through runScenario)');

feature('a connected-registry hierarchy: both directions, a refused push, not-synced artifacts, sync timing', async () => {
  await withTempDir(async (reports) => {
    const scenario = resolveScenario(tinyScenarioDoc({
      target: {
        kind: 'lab',
        seed: 3,
        localRtt: '1ms',
        replication: { lag: { model: 'constant', lag: '50ms' } },
        topology: {
          kind: 'hierarchy',
          nodes: [
            { name: 'cloud' },
            { name: 'edge', parent: 'cloud', mode: 'ReadWrite', repositories: ['apps/**'], syncSchedule: '* * * * * *', syncWindow: '300ms' },
            { name: 'line', parent: 'edge', mode: 'ReadOnly' },
          ],
        },
      },
      origin: 'cloud',
      workload: {
        images: 3, repository: 'apps/app-{i}', tag: 'v1', layers: 1, layerSize: '8KiB', pushConcurrency: 3, seed: 2,
        alsoPush: [{ origin: 'edge', repository: 'apps/edge-{i}' }, { origin: 'cloud', repository: 'other/x-{i}' }],
      },
      replication: { probe: 'manifest+blobs', schedule: 'adaptive', interval: '10ms', timeout: '2500ms' },
      pull: { workers: ['cloud'], endpoints: 'local', iterations: 1, concurrency: 2, phases: ['cold'] },
      thresholds: {},
    }));
    const result = await runScenario(scenario, { reportsDir: reports });
    assert.ok(result.complete, result.interrupted);
    const { events } = await readEventLog(join(result.runDir, 'events.jsonl'));
    const outcome = new Map(ofType(events, 'replication').map((r) => [`${r.labels.image}@${r.labels.region}`, r]));
    assert.is(outcome.get('apps/app-0:v1@edge')?.outcome, 'replicated');
    assert.is(outcome.get('apps/app-0:v1@line')?.outcome, 'replicated');
    assert.is(outcome.get('apps/edge-1:v1@cloud')?.outcome, 'replicated');
    assert.is(outcome.get('apps/edge-1:v1@line')?.outcome, 'replicated');
    for (const region of ['edge', 'line']) {
      const r = outcome.get(`other/x-2:v1@${region}`);
      assert.is(r?.outcome, 'timed-out');
      assert.match(r?.outcome === 'timed-out' ? r.reason : '', /^not-synced: other\/x-2 is outside edge's repositories \(apps\/\*\*\)/);
    }
    assert.equal(ofType(events, 'push').map((p) => `${p.labels.region} ${p.labels.image}`).sort(), ['cloud apps/app-0:v1', 'cloud other/x-2:v1', 'edge apps/edge-1:v1']);
    assert.equal(ofType(events, 'write-check').map((w) => [w.labels.region, w.outcome, w.status]), [['line', 'denied', 403]]);
    const sync = ofType(events, 'sync-timing');
    assert.ok(sync.length >= 3, `sync timings: ${sync.length}`);
    for (const s of sync) assert.ok(s.scheduledWaitUs <= s.lagUs + 5_000, `scheduled wait ${s.scheduledWaitUs} µs ≤ lag ${s.lagUs} µs`);
    const summary = JSON.parse(await readFile(join(result.runDir, 'summary.json'), 'utf8')) as Record<string, any>;
    assert.equal(Object.keys(summary.connected.directions), ['cloud->edge', 'cloud->line', 'edge->cloud', 'edge->line']);
    assert.is(summary.connected.directions['cloud->edge'].notSynced, 1);
    assert.equal(summary.connected.writeChecks, { line: { denied: 1, accepted: 0, errored: 0 } });
    assert.equal(summary.connected.notSynced, { edge: 1, line: 1 });
  });
});

feature.run();
