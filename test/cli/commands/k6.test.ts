import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.ts';
import { captureIo } from '../../helpers/capture-io.ts';
import { k6Point, k6Pull, OCI_SCENARIO, withTmpDir } from '../../dist/k6-fixtures.ts';

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  const io = captureIo(env);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

function writeScenario(dir: string): string {
  const path = join(dir, 'acr-geo.yaml');
  writeFileSync(path, OCI_SCENARIO);
  return path;
}

const k6Export = suite('k6 export');
k6Export('writes the k6 test directory, prints the worker scenarios and warns about thresholds left out', async () => {
  await withTmpDir(async (dir) => {
    const out = join(dir, 'k6');
    const r = await run(['k6', 'export', writeScenario(dir), '-o', out, '--rate', '30/m', '--duration', '2m', '--zone', 'westeurope=amazon:ie:dublin', '--parallelism', '3']);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /pull_westeurope\s+westeurope\s+eastus, westeurope, japaneast\s+90\/1m, 3 at once\s+amazon:ie:dublin/);
    assert.match(r.err, /warning: threshold not carried over: replication_lag: p\(99\)<30s/);
    assert.ok(existsSync(join(out, 'replbench.ts')) && existsSync(join(out, 'k6-operator', 'japaneast.yaml')));
    const plan = JSON.parse(readFileSync(join(out, 'replbench-k6.json'), 'utf8')) as { duration: string; parallelism: number };
    assert.equal([plan.duration, plan.parallelism], ['120s', 3]);
  });
});
k6Export('the smoke scenario (a lab on ephemeral ports) exports with --base-port: its 8 pulled images, each worker on its own port row', async () => {
  await withTmpDir(async (dir) => {
    const out = join(dir, 'k6');
    const refused = await run(['k6', 'export', 'scenarios/smoke.yaml', '-o', out]);
    assert.is(refused.code, 2);
    assert.match(refused.err, /set ports\.base, or pass --base-port N/);
    const r = await run(['k6', 'export', 'scenarios/smoke.yaml', '-o', out, '--base-port', '16000']);
    assert.is(r.code, 0, r.err);
    const plan = JSON.parse(readFileSync(join(out, 'replbench-k6.json'), 'utf8')) as { images: unknown[]; scenarios: { worker: string; endpoints: { url: string }[] }[] };
    assert.is(plan.images.length, 8);
    assert.equal(plan.scenarios.find((w) => w.worker === 'westeurope')?.endpoints.map((e) => e.url), ['http://127.0.0.1:16001', 'http://127.0.0.1:16004', 'http://127.0.0.1:16007']);
  });
});
k6Export('bad flags are usage errors (exit 2) naming the flag', async () => {
  await withTmpDir(async (dir) => {
    const scenario = writeScenario(dir);
    const cases: [string[], RegExp][] = [
      [['--rate', 'fast'], /--rate: expected a rate such as "5\/s" or "30\/m", above 0 and at most 100000\/s, found "fast"/],
      [['--parallelism', '0'], /--parallelism: expected a whole number from 1 to 10000, found "0"/],
      [['--zone', 'mars=amazon:us:ashburn'], /--zone: expected one of the scenario's regions/],
      [['--endpoint', 'eastus=ftp://x'], /--endpoint: expected REGION=http\(s\):\/\/host\[:port\]/],
    ];
    for (const [flags, message] of cases) {
      const r = await run(['k6', 'export', scenario, '-o', join(dir, 'out'), ...flags]);
      assert.is(r.code, 2, flags.join(' '));
      assert.match(r.err, message);
    }
    const noRate = await run(['k6', 'export', scenario, '-o', join(dir, 'pp')]);
    assert.is(noRate.code, 0, noRate.err);
    assert.match(noRate.out, /pull_eastus\s+eastus\s+eastus, westeurope, japaneast\s+18 pulls, 3 at once/);
    const missing = await run(['k6', 'export', join(dir, 'nope.yaml'), '-o', join(dir, 'out')]);
    assert.is(missing.code, 2);
    assert.match(missing.err, /nope\.yaml: cannot read the scenario: no such file/);
  });
});
k6Export.run();

const ingest = suite('k6 ingest');
const T = (ms: number): string => new Date(Date.UTC(2026, 10, 22, 9, 0, 0) + ms).toISOString();
function output(dir: string, slowJapan: boolean): string {
  const lines: string[] = [];
  for (let i = 0; i < 20; i++) {
    lines.push(...k6Pull({ time: T(i * 100), worker: 'eastus', endpoint: 'eastus', durationMs: 50 + i, ttfbMs: 5 }));
    lines.push(...k6Pull({ time: T(i * 100 + 50), worker: 'japaneast', endpoint: 'japaneast', durationMs: 480 + i, ttfbMs: slowJapan ? 400 : 9 }));
  }
  const path = join(dir, 'k6-out.json');
  writeFileSync(path, lines.join('\n'));
  return path;
}

ingest('folds k6 output into a run directory with the export\'s plan, and stores it with --store', async () => {
  await withTmpDir(async (dir) => {
    await run(['k6', 'export', writeScenario(dir), '-o', join(dir, 'k6')]);
    const runDir = join(dir, 'reports', 'k6-acr-geo');
    const r = await run(['k6', 'ingest', output(dir, false), '--run-dir', runDir, '--plan', join(dir, 'k6', 'replbench-k6.json'), '--store', join(dir, 'store')]);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /run 20261122T090000Z-acr-geo: 40 pulls and 0 failed pulls from replbench_pull_\* samples/);
    assert.match(r.out, /ok {3}pull_duration\{worker:eastus\}: p\(99\)<2s/);
    assert.match(r.out, /stored file:\/\/.*\/store\/k6-acr-geo/);
    assert.ok(existsSync(join(runDir, 'events.jsonl')) && existsSync(join(runDir, 'summary.json')));
    assert.ok(readdirSync(join(dir, 'store', 'k6-acr-geo')).includes('summary.json'));
  });
});
ingest('a failed threshold exits 99, like k6', async () => {
  await withTmpDir(async (dir) => {
    const r = await run(['k6', 'ingest', output(dir, true), '--run-dir', join(dir, 'run'), '--scenario', writeScenario(dir)]);
    assert.is(r.code, 99, r.err);
    assert.match(r.out, /FAIL pull_ttfb\{worker:japaneast,endpoint:japaneast\}: p\(95\)<150ms \(400 ms\)/, 'the bucket value capped at the exact max, 400 ms');
    assert.match(r.err, /note: threshold replication_lag not evaluated/);
  });
});
ingest('prints failed pulls by code, warns about dropped iterations, and fails on the default pull_outcome', async () => {
  await withTmpDir(async (dir) => {
    const t = T(0);
    const lines = [
      ...k6Pull({ time: t, worker: 'eastus', endpoint: 'eastus', durationMs: 20, ttfbMs: 5 }),
      k6Point('replbench_pull_errors', t, 1, { worker: 'eastus', endpoint: 'japaneast', image: 'app/img-2:v2', phase: 'cold', status: '404', what: 'manifest', k6_error: '1404' }),
      k6Point('dropped_iterations', t, 1, { scenario: 'pull_eastus', worker: 'eastus' }),
    ];
    writeFileSync(join(dir, 'k6.json'), lines.join('\n'));
    const r = await run(['k6', 'ingest', join(dir, 'k6.json'), '--run-dir', join(dir, 'run')]);
    // A failed pull fails the ingest by default (pull_outcome: rate(ok)==1), as it fails a run.
    assert.is(r.code, 99, r.err);
    assert.match(r.out, /pull_outcome: rate\(ok\)==1 \(default\)/);
    assert.match(r.out, /1 pulls and 1 failed pulls \(E_REGISTRY ×1\)/);
    assert.match(r.err, /warning: k6 dropped iterations .*: eastus 1; those workers' series are marked lost arrivals/);
  });
});
ingest('--plan with --scenario is a usage error; a file that is not k6 output exits 2', async () => {
  await withTmpDir(async (dir) => {
    const both = await run(['k6', 'ingest', 'x.json', '--run-dir', dir, '--plan', 'p.json', '--scenario', 's.yaml']);
    assert.is(both.code, 2);
    assert.match(both.err, /give --plan or --scenario, not both/);
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    const bad = await run(['k6', 'ingest', join(dir, 'notes.txt'), '--run-dir', join(dir, 'run')]);
    assert.is(bad.code, 2);
    assert.match(bad.err, /not k6 JSON output/);
  });
});
ingest.run();
