import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildK6Plan } from '../../src/dist/k6-plan.ts';
import { K6_PULL_BYTES, K6_PULL_DURATION, K6_PULL_ERRORS, K6_PULL_SKIPPED, K6_PULL_TTFB } from '../../src/dist/k6-metrics.ts';
import { K6_SCRIPT_FILE, k6ScriptSource, renderK6Script, scriptPlanOf } from '../../src/dist/k6-script.ts';
import { ociScenario } from './k6-fixtures.ts';
import { typecheck } from './k6-typecheck.ts';

const SOURCE_DIR = fileURLToPath(new URL('../../src/dist/k6-script/', import.meta.url));
const plan = buildK6Plan(ociScenario(), { ratePerSec: 5, durationMs: 120_000 });

const source = suite('k6ScriptSource');
source('the k6 source is a real .k6.ts file that typechecks with its own tsconfig (@types/k6)', async () => {
  const checked = await typecheck(SOURCE_DIR);
  assert.is(checked.output.trim(), '');
  assert.is(checked.code, 0);
});
source('is the file from its script-start marker on, without the repository header', () => {
  const file = readFileSync(join(SOURCE_DIR, 'replbench.k6.ts'), 'utf8');
  const body = k6ScriptSource();
  assert.ok(file.endsWith(body));
  assert.ok(body.startsWith("import http from 'k6/http';"));
  assert.not.ok(body.includes('@replbench-script-start'));
});
source('records the metrics the ingest reads, bytes and TTFB before duration; one VU set per worker', () => {
  const body = k6ScriptSource();
  for (const name of [K6_PULL_DURATION, K6_PULL_TTFB, K6_PULL_BYTES, K6_PULL_ERRORS, K6_PULL_SKIPPED]) assert.ok(body.includes(`'${name}'`), name);
  const bytes = body.indexOf('pullBytes.add(bytes, tags)');
  const ttfb = body.indexOf('pullTtfb.add(ttfbMs, tags)');
  const duration = body.indexOf('pullDuration.add(');
  assert.ok(bytes > 0 && bytes < ttfb && ttfb < duration);
  assert.ok(body.includes("executor: 'shared-iterations'") && body.includes("executor: 'constant-arrival-rate'"));
  assert.ok(body.includes('batchPerHost: PLAN.blobsPerPull'));
  assert.not.ok(body.includes('Date.now() - '), 'durations come from k6 timings, not the 1 ms clock');
});
source('reads secrets and switches from __ENV only', () => {
  const body = k6ScriptSource();
  for (const name of ['REPLBENCH_WORKER', 'REPLBENCH_CLOUD', 'REPLBENCH_DURATION', 'K6_CLOUDRUN_DISTRIBUTION', 'REPLBENCH_USERNAME', 'REPLBENCH_PASSWORD', 'REPLBENCH_TOKEN']) {
    assert.ok(body.includes(`__ENV.${name}`) || body.includes(`'${name}'`), name);
  }
});
source.run();

const render = suite('renderK6Script');
render('embeds the plan the script needs as JSON, without the scenario source or left-out thresholds', () => {
  const script = renderK6Script(plan);
  const start = script.indexOf('const PLAN: ScriptPlan = ') + 'const PLAN: ScriptPlan = '.length;
  const end = script.indexOf('\n};\n', start) + 2;
  const embedded = JSON.parse(script.slice(start, end)) as Record<string, unknown>;
  assert.equal(embedded, JSON.parse(JSON.stringify(scriptPlanOf(plan))));
  assert.equal(embedded.scenarios, JSON.parse(JSON.stringify(plan.scenarios)));
  assert.equal(embedded.auth, { kind: 'basic', username: 'puller', passwordEnv: 'ACR_PASSWORD' });
  assert.not.ok(script.includes('@replbench-plan'));
});
render('names no secret value, only variable names', () => {
  const script = renderK6Script(plan);
  assert.ok(script.includes('ACR_PASSWORD'));
  assert.not.match(script, /password"\s*:\s*"/i);
});
render('says how to run it under its file name (and on k6 < 1.0); the same plan gives the same bytes', () => {
  const script = renderK6Script(plan);
  assert.ok(script.includes(`k6 run --out json=k6-out.json ${K6_SCRIPT_FILE}`));
  assert.ok(script.includes('--compatibility-mode=base'));
  assert.is(script, renderK6Script(buildK6Plan(ociScenario(), { ratePerSec: 5, durationMs: 120_000 })));
});
render.run();
