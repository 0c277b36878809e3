/**
 * `replbench k6 export`: writes the k6 test for a scenario into a directory —
 *
 *   replbench.ts         the k6 test (TypeScript, k6 ≥ 1.0)
 *   tsconfig.json        types: ["k6"], strict: `npm install && npm run typecheck`
 *   package.json         devDependencies @types/k6 and typescript
 *   replbench-k6.json    the plan (for `replbench k6 ingest --plan`)
 *   k6-operator/<region>.yaml   ConfigMap + TestRun per worker region
 *   README.md            how to run and ingest
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { configMapSizes, configMapWarning, renderOperatorManifests } from './k6-operator.ts';
import { buildK6Plan, type K6ExportOptions, type K6Plan } from './k6-plan.ts';
import { K6_PLAN_FILE, renderK6Readme } from './k6-readme.ts';
import { K6_SCRIPT_FILE, renderK6Script } from './k6-script.ts';

/** Versions written into the export's package.json (those this repository tests the export with). */
export const K6_TYPES_VERSION = '~2.3.0';
export const K6_TYPESCRIPT_VERSION = '^5.9.3';

export interface K6Export {
  readonly plan: K6Plan;
  /** Relative path → content, in the order written. */
  readonly files: ReadonlyMap<string, string>;
  /** Things the user should know (regions without a load zone, thresholds left out, a script too big for a ConfigMap). */
  readonly warnings: readonly string[];
}

/** Everything the export writes, without writing it. Pure. */
export function renderK6Export(scenario: ResolvedScenario, options: K6ExportOptions): K6Export {
  const plan = buildK6Plan(scenario, options);
  const script = renderK6Script(plan);
  const files = new Map<string, string>();
  files.set(K6_SCRIPT_FILE, script);
  files.set('tsconfig.json', json(tsconfig()));
  files.set('package.json', json(packageJson(plan)));
  files.set(K6_PLAN_FILE, json(plan));
  for (const m of renderOperatorManifests(plan, script)) files.set(m.file, m.text);
  files.set('README.md', renderK6Readme(plan));

  const warnings: string[] = [];
  if (plan.unzoned.length > 0) {
    warnings.push(`no k6 Cloud load zone for ${plan.unzoned.join(', ')} (left out of options.cloud.distribution; name one with --zone REGION=LOADZONE)`);
  }
  for (const s of plan.skippedThresholds) warnings.push(`threshold not carried over: ${s.expr} (${s.reason})`);
  const tooBig = configMapWarning(configMapSizes(plan, script));
  if (tooBig !== null) warnings.push(tooBig);
  return { plan, files, warnings };
}

/** Renders and writes the export into dir (created if needed); returns what was written. */
export async function exportK6(scenario: ResolvedScenario, options: K6ExportOptions, dir: string): Promise<K6Export> {
  const result = renderK6Export(scenario, options);
  for (const [name, text] of result.files) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
  }
  return result;
}

function tsconfig(): Record<string, unknown> {
  return {
    compilerOptions: {
      target: 'ES2020',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2020'],
      types: ['k6'],
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
    },
    include: [K6_SCRIPT_FILE],
  };
}

function packageJson(plan: K6Plan): Record<string, unknown> {
  return {
    name: `replbench-k6-${plan.scenario.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`,
    private: true,
    type: 'module',
    scripts: {
      typecheck: 'tsc --noEmit',
      test: `k6 run --out json=k6-out.json --summary-export=k6-summary.json ${K6_SCRIPT_FILE}`,
    },
    devDependencies: { '@types/k6': K6_TYPES_VERSION, typescript: K6_TYPESCRIPT_VERSION },
  };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
