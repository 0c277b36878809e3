import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LIMITS, limitText, type LimitName } from '../src/limits.ts';
import { resolveScenario } from '../src/scenario/resolve.ts';
import { configLine, labScenario } from './scenario/fixtures.ts';

const limits = suite('LIMITS');

limits('the README table is this table', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Limits'), readme.indexOf('\n## ', readme.indexOf('## Limits') + 1));
  const rows = [...section.matchAll(/^\| (\w+) \| ([^|]+) \|/gm)].map((m) => [m[1], (m[2] as string).trim()]).filter(([name]) => name !== 'what');
  assert.equal(rows, Object.keys(LIMITS).map((name) => [name, limitText(name as LimitName)]));
});

limits('every limit sits inside what Node can hold (safe integers, a timer below 2^31 ms)', () => {
  for (const n of Object.values(LIMITS)) assert.ok(Number.isSafeInteger(n) && n > 0);
  assert.ok(LIMITS.durationMs < 2 ** 31 - 1);
});

const fields = suite('scenario fields at and past their limits');

const workload = (w: Record<string, unknown>) => labScenario({ workload: { repository: 'l/app-{i}', ...w } });

fields('a value at the limit is accepted, one past it refused with a line naming the limit', () => {
  const cases: [Record<string, unknown>, Record<string, unknown>, RegExp][] = [
    [{ images: LIMITS.images }, { images: LIMITS.images + 1 }, /workload\.images: expected a number of at most 1000000 \(replbench's limit\)/],
    [{ layers: LIMITS.layers }, { layers: LIMITS.layers + 1 }, /workload\.layers: expected a number of at most 1000/],
    [{ layerSize: '64GiB' }, { layerSize: LIMITS.layerSizeBytes + 1 }, /workload\.layerSize: expected a layer size of at most 64GiB/],
    [{ pushRate: '100000/s' }, { pushRate: '100001/s' }, /workload\.pushRate: expected a rate of at most 100000\/s/],
    [{ pushConcurrency: LIMITS.concurrency }, { pushConcurrency: LIMITS.concurrency + 1 }, /workload\.pushConcurrency: expected a number of at most 10000/],
    [{ uploadMode: 'chunked', chunkSize: '64GiB' }, { uploadMode: 'chunked', chunkSize: '65GiB' }, /workload\.chunkSize: expected a size of at most 64GiB/],
  ];
  for (const [ok, bad, message] of cases) {
    resolveScenario(workload(ok), 's.yaml');
    assert.throws(() => resolveScenario(workload(bad), 's.yaml'), configLine(message), JSON.stringify(bad));
  }
  resolveScenario(labScenario({ replication: { timeout: '168h' } }), 's.yaml');
  assert.throws(() => resolveScenario(labScenario({ replication: { timeout: '169h' } }), 's.yaml'), configLine(/replication\.timeout: expected a duration of at most 7 days/));
});

fields('distinct layers per run: images × own layers + base layers', () => {
  resolveScenario(workload({ images: 1_000_000, layers: 6, baseLayers: 2 }), 's.yaml');
  assert.throws(
    () => resolveScenario(workload({ images: 1_000_000, layers: 6 }), 's.yaml'),
    configLine(/workload\.images: expected at most 5000000 distinct layers per run .* found 1000000 × 6 \+ 0 = 6000000$/),
  );
});

fields('a lognormal without max caps its samples at the layer size limit; a p99 past it is refused', () => {
  const s = resolveScenario(workload({ layerSize: { kind: 'lognormal', median: '1MiB', p99: '8MiB' } }), 's.yaml');
  assert.ok(s.workload.layerSize.kind === 'lognormal' && s.workload.layerSize.maxBytes === LIMITS.layerSizeBytes);
  assert.throws(() => resolveScenario(workload({ layerSize: { kind: 'lognormal', median: '1MiB', p99: '1TiB' } }), 's.yaml'), configLine(/layerSize\.p99: expected a layer size of at most 64GiB/));
});

limits.run();
fields.run();
