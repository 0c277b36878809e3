import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderK6Export } from '../../src/dist/k6-export.ts';
import { measurable, metaFromScenario, readK6PlanMeta } from '../../src/dist/k6-ingest-meta.ts';
import { ociScenario, withTmpDir } from './k6-fixtures.ts';

const fromScenario = suite('metaFromScenario');
fromScenario('takes name, origin, regions and the thresholds on pulls as written', () => {
  const meta = metaFromScenario(ociScenario());
  assert.is(meta.scenario, 'acr-geo');
  assert.is(meta.origin, 'eastus');
  assert.equal(meta.regions, ['eastus', 'westeurope', 'japaneast']);
  assert.equal(meta.thresholds, {
    'pull_duration{worker:eastus}': ['p(99)<2s', 'avg<500ms'],
    'pull_ttfb{worker:japaneast,endpoint:japaneast}': ['p(95)<150ms'],
    pull_duration: ['count>5'],
  });
  assert.equal(meta.droppedThresholds, ['replication_lag']);
});
fromScenario.run();

const kept = suite('measurable');
kept('keeps thresholds on pull_duration and pull_ttfb, drops the rest by key', () => {
  assert.equal(measurable({ 'pull_ttfb{worker:a}': 'p(99)<1s', push_duration: 'max<1s', 'replication_outcome{region:b}': 'rate(replicated)>=0.9', pull_duration_corrected: 'p(99)<1s' }), {
    thresholds: { 'pull_ttfb{worker:a}': 'p(99)<1s' },
    droppedThresholds: ['push_duration', 'replication_outcome{region:b}', 'pull_duration_corrected'],
  });
});
kept.run();

const fromPlan = suite('readK6PlanMeta');
fromPlan('reads the replbench-k6.json an export wrote: the same facts as the scenario', async () => {
  await withTmpDir(async (dir) => {
    const path = join(dir, 'replbench-k6.json');
    writeFileSync(path, renderK6Export(ociScenario(), { ratePerSec: 1, durationMs: 1000 }).files.get('replbench-k6.json') ?? '');
    assert.equal(await readK6PlanMeta(path), metaFromScenario(ociScenario()));
  });
});
fromPlan('a missing, non-JSON or foreign file is a ConfigError naming it', async () => {
  await withTmpDir(async (dir) => {
    const path = join(dir, 'plan.json');
    const cases: [string | null, RegExp][] = [
      [null, /plan\.json: cannot read the k6 plan: no such file/],
      ['{', /plan\.json: expected the replbench-k6\.json written by "replbench k6 export", found text that is not JSON/],
      ['{"version":1,"scenario":{"name":"x"}}', /plan\.json: scenario\.origin: expected the replbench-k6\.json/],
    ];
    for (const [text, message] of cases) {
      if (text !== null) writeFileSync(path, text);
      try {
        await readK6PlanMeta(path);
        assert.unreachable('should have thrown');
      } catch (err: unknown) {
        assert.match((err as Error).message, message);
      }
    }
  });
});
fromPlan.run();
