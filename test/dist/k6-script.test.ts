import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildK6Plan } from '../../src/dist/k6-plan.ts';
import { K6_SCRIPT_FILE, renderK6Script } from '../../src/dist/k6-script.ts';
import { ociScenario } from './k6-fixtures.ts';

const render = suite('renderK6Script');
const plan = buildK6Plan(ociScenario(), { ratePerSec: 5, durationMs: 120_000 });

render('imports k6 as the brief says, typed with @types/k6', () => {
  const script = renderK6Script(plan);
  assert.ok(script.includes("import http from 'k6/http';"));
  assert.ok(script.includes("import { check } from 'k6';"));
  assert.ok(script.includes("import type { Options, Scenario } from 'k6/options';"));
  assert.ok(script.includes('export const options: Options = {'));
});
render('embeds the plan the script needs as JSON, without the scenario source or left-out thresholds', () => {
  const script = renderK6Script(plan);
  const start = script.indexOf('const PLAN: ScriptPlan = ') + 'const PLAN: ScriptPlan = '.length;
  const end = script.indexOf('\n};\n', start) + 2;
  const embedded = JSON.parse(script.slice(start, end)) as Record<string, unknown>;
  assert.equal(Object.keys(embedded), ['scenario', 'duration', 'images', 'auth', 'workers', 'pairs', 'batchPerHost', 'thresholds', 'distribution']);
  assert.equal(embedded.pairs, JSON.parse(JSON.stringify(plan.pairs)));
  assert.equal(embedded.auth, { kind: 'basic', username: 'puller', passwordEnv: 'ACR_PASSWORD' });
  assert.is(embedded.duration, '120s');
});
render('names no secret value, only variable names', () => {
  const script = renderK6Script(plan);
  assert.ok(script.includes('ACR_PASSWORD'));
  assert.not.match(script, /password"\s*:\s*"/i);
});
render('says how to run it under its file name; the same plan gives the same bytes', () => {
  assert.ok(renderK6Script(plan).includes(`k6 run --out json=k6-out.json ${K6_SCRIPT_FILE}`));
  assert.is(renderK6Script(plan), renderK6Script(buildK6Plan(ociScenario(), { ratePerSec: 5, durationMs: 120_000 })));
});
render.run();
