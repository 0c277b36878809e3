/**
 * The exported k6 test: a header saying how to run it, then the k6 source of
 * k6-script/replbench.k6.ts (a real k6 TypeScript file, typechecked by its own
 * tsconfig) from its script-start marker on, with its `@replbench-plan` line
 * replaced by the part of the K6Plan the script needs, as JSON. Pure once the
 * source is read: the same plan gives the same bytes.
 */
import { readFileSync } from 'node:fs';
import type { K6Plan } from './k6-plan.ts';

/** The script's file name in the export directory (and the ConfigMap key). */
export const K6_SCRIPT_FILE = 'replbench.ts';

const SOURCE_URL = new URL('./k6-script/replbench.k6.ts', import.meta.url);
const START_MARKER = '// @replbench-script-start\n';
const PLAN_LINE = /^const PLAN = \{\} as ScriptPlan; \/\/ @replbench-plan$/m;

let source: string | undefined;

/** The k6 source after the script-start marker (read once). */
export function k6ScriptSource(): string {
  if (source === undefined) {
    const text = readFileSync(SOURCE_URL, 'utf8');
    const at = text.indexOf(START_MARKER);
    if (at < 0 || !PLAN_LINE.test(text)) throw new Error(`${SOURCE_URL.pathname}: lost its "${START_MARKER.trim()}" marker or its @replbench-plan line`);
    source = text.slice(at + START_MARKER.length);
  }
  return source;
}

/** What the script embeds of the plan (its ScriptPlan type). */
export function scriptPlanOf(plan: K6Plan): Record<string, unknown> {
  return {
    scenario: plan.scenario.name,
    mode: plan.mode,
    images: plan.images,
    reportCold: plan.reportCold,
    auth: plan.auth,
    manifestAccept: plan.manifestAccept,
    lab: plan.lab,
    workers: plan.workers,
    scenarios: plan.scenarios,
    blobsPerPull: plan.blobsPerPull,
    thresholds: plan.thresholds,
    summaryTrendStats: plan.summaryTrendStats,
    distribution: plan.distribution,
  };
}

export function renderK6Script(plan: K6Plan): string {
  const header = [
    `// replbench k6 test for scenario ${JSON.stringify(plan.scenario.name)}, written by "replbench k6 export".`,
    '// Re-export instead of editing. Runs as TypeScript on k6 >= 1.0:',
    `//   k6 run --out json=k6-out.json ${K6_SCRIPT_FILE}`,
    '//   replbench k6 ingest k6-out.json --run-dir reports/k6 --plan replbench-k6.json',
    '// Older k6 (v0.49): transpile first (esbuild --format=cjs --target=es2020) and run with --compatibility-mode=base.',
    '// Environment: REPLBENCH_WORKER (run one region\'s scenario), REPLBENCH_DURATION, REPLBENCH_ENDPOINT_<REGION>,',
    '// REPLBENCH_CLOUD=1 for k6 Cloud, and the registry secrets named in PLAN.auth. See README.md.',
  ].join('\n');
  const body = k6ScriptSource().replace(PLAN_LINE, () => `const PLAN: ScriptPlan = ${JSON.stringify(scriptPlanOf(plan), null, 2)};`);
  return `${header}\n${body}`;
}
