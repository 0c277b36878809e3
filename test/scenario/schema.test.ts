import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { scenarioSchema, sizeSpecSchema } from '../../src/scenario/schema.ts';
import { labScenario } from './fixtures.ts';

const schema = suite('scenarioSchema');

schema('name, target and origin are required; every other section has defaults', () => {
  const r = scenarioSchema.safeParse({});
  assert.not.ok(r.success);
  if (!r.success) assert.equal(r.error.issues.map((i) => i.path.join('.')).sort(), ['name', 'origin', 'target']);
  const ok = scenarioSchema.parse(labScenario());
  assert.equal(Object.keys(ok).sort(), ['name', 'origin', 'pull', 'replication', 'report', 'requests', 'target', 'thresholds', 'workers', 'workload']);
});

schema('converts simple units, leaves layer sizes and thresholds as written', () => {
  const p = scenarioSchema.parse(
    labScenario({ workload: { layerSize: { kind: 'fixed', size: '2KiB' }, pushRate: '10/s' }, replication: { timeout: '2m' }, thresholds: { pull_ttfb: 'p(95)<1s' } }),
  );
  assert.is(p.replication.timeout, 120_000);
  assert.is(p.workload.pushRate, 10);
  assert.equal(p.workload.layerSize, { kind: 'fixed', size: '2KiB' });
  assert.equal(p.thresholds, { pull_ttfb: 'p(95)<1s' });
});

schema('accepts $schema and description; refuses unknown sections', () => {
  assert.ok(scenarioSchema.safeParse(labScenario({ $schema: '../scenario.schema.json', description: 'd' })).success);
  assert.not.ok(scenarioSchema.safeParse(labScenario({ soak: {} })).success);
});

schema.run();

const sizes = suite('sizeSpecSchema');

sizes('the written forms of src/workload/sizes.ts', () => {
  for (const ok of ['1MiB', 4096, { kind: 'fixed', size: '1KiB' }, { kind: 'uniform', min: 1, max: '2KiB' }, { kind: 'lognormal', median: '1MiB', p99: '8MiB', max: '16MiB' }]) {
    assert.ok(sizeSpecSchema.safeParse(ok).success, JSON.stringify(ok));
  }
  for (const bad of [true, { kind: 'normal' }, { kind: 'fixed' }, { kind: 'uniform', min: 1, max: 2, mode: 1 }]) {
    assert.not.ok(sizeSpecSchema.safeParse(bad).success, JSON.stringify(bad));
  }
});

sizes.run();
