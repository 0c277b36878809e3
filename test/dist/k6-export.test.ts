import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportK6, renderK6Export } from '../../src/dist/k6-export.ts';
import { labScenario, ociScenario, OCI_SCENARIO, withTmpDir } from './k6-fixtures.ts';
import { linkNodeModules, typecheck } from './k6-typecheck.ts';

const render = suite('renderK6Export');
render('lists the script, tsconfig, package.json, plan, one k6-operator file per region and a README', () => {
  const r = renderK6Export(ociScenario(), { ratePerSec: 2, durationMs: 60_000 });
  assert.equal([...r.files.keys()], [
    'replbench.ts',
    'tsconfig.json',
    'package.json',
    'replbench-k6.json',
    'k6-operator/eastus.yaml',
    'k6-operator/westeurope.yaml',
    'k6-operator/japaneast.yaml',
    'README.md',
  ]);
  const tsconfig = JSON.parse(r.files.get('tsconfig.json') ?? '{}') as { compilerOptions: { types: string[]; strict: boolean } };
  assert.equal(tsconfig.compilerOptions.types, ['k6']);
  assert.ok(tsconfig.compilerOptions.strict);
  const pkg = JSON.parse(r.files.get('package.json') ?? '{}') as { devDependencies: Record<string, string> };
  assert.ok(pkg.devDependencies['@types/k6'] !== undefined && pkg.devDependencies.typescript !== undefined);
  assert.equal(JSON.parse(r.files.get('replbench-k6.json') ?? '{}'), JSON.parse(JSON.stringify(r.plan)));
});
render('warns about thresholds left out and regions without a load zone', () => {
  const r = renderK6Export(ociScenario(), { ratePerSec: 1, durationMs: 1000 });
  assert.equal(r.warnings, [
    'threshold not carried over: replication_lag: p(99)<30s (the k6 test only pulls; replbench run measures this)',
    'threshold not carried over: pull_duration: count>5 (k6 trends take avg, min, max, med and p(N), not count)',
  ]);
  const lab = renderK6Export(labScenario(30000), { ratePerSec: 1, durationMs: 1000, zones: {} });
  assert.equal(lab.warnings, []);
});
render('warns when client-side kubectl apply cannot take the ConfigMap, and when no ConfigMap can', () => {
  const many = (n: number): ReturnType<typeof ociScenario> =>
    ociScenario(OCI_SCENARIO.replace('workload: { images: 3,', `workload: { images: ${n},`).replace(/\n {2}"pull_duration": \["count>5"\]/, ''));
  const small = renderK6Export(many(500), {});
  assert.not.ok(small.warnings.some((w) => w.includes('kubectl')));
  const big = renderK6Export(many(4000), {});
  assert.ok(big.warnings.some((w) => /more than client-side "kubectl apply" can keep .*262,144.*--server-side/.test(w)), big.warnings.join('\n'));
  const script = big.files.get('replbench.ts') ?? '';
  assert.ok(Buffer.byteLength(script) < 1_048_576 && Buffer.byteLength(script) > 262_144);
  assert.ok((big.files.get('README.md') ?? '').includes('kubectl apply --server-side'));
});
render('is deterministic', () => {
  const a = renderK6Export(ociScenario(), { ratePerSec: 3, durationMs: 5000 });
  const b = renderK6Export(ociScenario(), { ratePerSec: 3, durationMs: 5000 });
  assert.equal([...a.files.entries()], [...b.files.entries()]);
});
render.run();

const write = suite('exportK6');
write('writes the files, and the exported test typechecks against @types/k6 (tsc --noEmit)', async () => {
  await withTmpDir(async (dir) => {
    const out = join(dir, 'k6');
    const r = await exportK6(ociScenario(), { ratePerSec: 2.5, durationMs: 90_000, parallelism: 2 }, out);
    for (const name of r.files.keys()) assert.is(readFileSync(join(out, name), 'utf8'), r.files.get(name));
    linkNodeModules(out);
    const checked = await typecheck(out);
    assert.is(checked.output.trim(), '');
    assert.is(checked.code, 0);
  });
});
write('a lab export (anonymous, every region zoned) typechecks too', async () => {
  await withTmpDir(async (dir) => {
    await exportK6(labScenario(30000), { ratePerSec: 1, durationMs: 10_000 }, dir);
    linkNodeModules(dir);
    assert.equal(await typecheck(dir), { code: 0, output: '' });
  });
});
write('the typecheck does check against k6\'s types: a wrong use of k6/http fails', async () => {
  await withTmpDir(async (dir) => {
    await exportK6(labScenario(30000), { ratePerSec: 1, durationMs: 10_000 }, dir);
    linkNodeModules(dir);
    writeFileSync(join(dir, 'bad.ts'), "import http from 'k6/http';\nexport const n: number = http.get('http://x').status_text;\n");
    const config = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'tsconfig.bad.json'), JSON.stringify({ ...config, include: ['bad.ts'] }));
    const checked = await typecheck(dir, 'tsconfig.bad.json');
    assert.is(checked.code, 2);
    assert.match(checked.output, /bad\.ts\(2,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
  });
});
write.run();
