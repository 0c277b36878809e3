/**
 * The exported k6 test, as TypeScript source: a header saying how to run it,
 * the imports (@types/k6), the types of the embedded plan, `const PLAN = …`
 * (the part of the K6Plan the script needs, as JSON), then the fixed runtime
 * of k6-script-runtime.ts. Pure: the same plan gives the same bytes.
 */
import type { K6Plan } from './k6-plan.ts';
import { K6_SCRIPT_RUNTIME } from './k6-script-runtime.ts';

/** The script's file name in the export directory (and the ConfigMap key). */
export const K6_SCRIPT_FILE = 'replbench.ts';

const TYPES = `interface Rate {
  readonly rate: number;
  readonly timeUnit: string;
  readonly preAllocatedVUs: number;
  readonly maxVUs: number;
}

interface Pair {
  readonly scenario: string;
  readonly worker: string;
  readonly endpoint: string;
  readonly url: string;
  readonly local: Rate;
  readonly cloud: Rate | null;
}

type Auth =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'basic'; readonly username: string; readonly passwordEnv: string }
  | { readonly kind: 'bearer'; readonly tokenEnv: string }
  | { readonly kind: 'replbench-env' };

interface ScriptPlan {
  readonly scenario: string;
  readonly duration: string;
  readonly images: readonly { readonly repository: string; readonly tag: string }[];
  readonly auth: Auth;
  readonly workers: readonly string[];
  readonly pairs: readonly Pair[];
  readonly batchPerHost: number;
  readonly thresholds: { [metric: string]: string[] };
  readonly distribution: { [label: string]: { loadZone: string; percent: number } };
}
`;

export function renderK6Script(plan: K6Plan): string {
  const embedded = {
    scenario: plan.scenario.name,
    duration: plan.duration,
    images: plan.images,
    auth: plan.auth,
    workers: plan.workers,
    pairs: plan.pairs,
    batchPerHost: plan.batchPerHost,
    thresholds: plan.thresholds,
    distribution: plan.distribution,
  };
  const header = [
    `// replbench k6 test for scenario ${JSON.stringify(plan.scenario.name)}, written by "replbench k6 export".`,
    '// Re-export instead of editing. Runs as TypeScript on k6 >= 1.0:',
    `//   k6 run --out json=k6-out.json ${K6_SCRIPT_FILE}`,
    '//   replbench k6 ingest k6-out.json --run-dir reports/k6 --plan replbench-k6.json',
    '// Environment: REPLBENCH_WORKER (run one region\'s scenarios), REPLBENCH_DURATION, REPLBENCH_ENDPOINT_<REGION>,',
    '// REPLBENCH_CLOUD=1 for k6 Cloud, and the registry secrets named in PLAN.auth. See README.md.',
  ].join('\n');
  const imports = [
    "import http from 'k6/http';",
    "import type { Params, Response } from 'k6/http';",
    "import { check } from 'k6';",
    "import exec from 'k6/execution';",
    "import encoding from 'k6/encoding';",
    "import { Counter, Trend } from 'k6/metrics';",
    "import type { Options, Scenario } from 'k6/options';",
  ].join('\n');
  return `${header}\n${imports}\n\n${TYPES}\nconst PLAN: ScriptPlan = ${JSON.stringify(embedded, null, 2)};\n${K6_SCRIPT_RUNTIME}`;
}
