/** README.md of a k6 export: how to run the test three ways and fold the results back. Pure. */
import type { K6Plan } from './k6-plan.ts';
import { K6_REGISTRY_SECRET, K6_RESULTS_CLAIM, secretEnvNames } from './k6-operator.ts';
import { K6_SCRIPT_FILE } from './k6-script.ts';

export const K6_PLAN_FILE = 'replbench-k6.json';

export function renderK6Readme(plan: K6Plan): string {
  const lines: string[] = [];
  const add = (...l: string[]): void => {
    lines.push(...l);
  };
  const secrets = secretEnvNames(plan);
  add(`# replbench k6 test: ${plan.scenario.name}`, '');
  add(
    `Exported by \`replbench k6 export\` from ${plan.scenario.source}: the scenario's pull phase, as \`replbench run\` makes it.`,
    `Each worker region is one k6 scenario whose VUs are its pulls in flight (pull.concurrency = ${plan.concurrency}); an iteration`,
    `pulls the worker's next (endpoint, image), endpoint-major, images in order — manifest, then config and layers at most`,
    `${plan.blobsPerPull} at a time (k6's batchPerHost) — and records \`replbench_pull_duration\`, \`replbench_pull_ttfb\` and`,
    `\`replbench_pull_bytes\` tagged worker, endpoint, image and phase (an instance's first round is cold, later rounds warm${plan.reportCold ? '' : '; the cold round only warms up and is not recorded'}),`,
    'or one `replbench_pull_errors` sample for a failed pull. The images must exist: push them first (`replbench run` or `replbench push`).',
    '',
    plan.mode === 'pull-phase'
      ? `Pacing: shared-iterations, ${plan.rounds} round(s) of ${plan.images.length} image(s) × each endpoint, back to back; at most ${plan.duration} (REPLBENCH_DURATION overrides).`
      : `Pacing: constant-arrival-rate for ${plan.duration} (REPLBENCH_DURATION overrides); arrivals that find all ${plan.concurrency} VUs busy are k6's \`dropped_iterations\`, which the ingest reports per worker.`,
    '',
  );
  add('| k6 scenario | worker | endpoints | executor | VUs | k6 Cloud |', '|---|---|---|---|---|---|');
  for (const w of plan.scenarios) {
    const x = w.local;
    const pace = x.executor === 'shared-iterations' ? `${x.iterations} iterations` : `${x.rate}/${x.timeUnit}`;
    const vus = x.executor === 'shared-iterations' ? x.vus : x.maxVUs;
    const cloud = w.cloud === null ? 'no zone' : w.cloud.executor === 'shared-iterations' ? `${w.cloud.vus} VUs, ${w.cloud.iterations} iterations` : `${w.cloud.rate}/${w.cloud.timeUnit}, ${w.cloud.maxVUs} VUs`;
    add(`| ${w.scenario} | ${w.worker} | ${w.endpoints.map((e) => `${e.endpoint} (${e.url})`).join(', ')} | ${x.executor}, ${pace} | ${vus} | ${cloud} |`);
  }
  add('');

  add('## Run it', '', '```sh', 'npm install            # @types/k6 and typescript, for `npm run typecheck` only');
  add(`k6 run --out json=k6-out.json ${K6_SCRIPT_FILE}                          # every region from here`);
  add(`# k6 < 1.0: npx esbuild ${K6_SCRIPT_FILE} --format=cjs --target=es2020 --outfile=replbench.js && k6 run --compatibility-mode=base … replbench.js`);
  add(`k6 run -e REPLBENCH_WORKER=${plan.workers[0] ?? 'REGION'} --out json=k6-out.json ${K6_SCRIPT_FILE}   # one region, from a machine in it`);
  add(`replbench k6 ingest k6-out.json --run-dir reports/k6-${plan.scenario.name} --plan ${K6_PLAN_FILE}`, '```', '');
  add(
    plan.lab
      ? 'Registry endpoints: a lab listens once per (server region, client region) — base + server × n + client — and each worker pulls through its own row; ' +
        `start the lab with the same config and ports: \`replbench lab --config ${plan.scenario.source} --base-port ${plan.labBasePort ?? 'N'}\`.`
      : 'Registry endpoints: `REPLBENCH_ENDPOINT_<REGION>` (upper case, `_` for other characters) overrides a region\'s URL.',
    secrets.length === 0 ? 'The registry is pulled anonymously.' : `Secrets come from the environment only: ${secrets.map((s) => `\`${s}\``).join(', ')}.`,
    ...(plan.auth.kind === 'replbench-env'
      ? [
          `${plan.auth.instead}: set REPLBENCH_USERNAME/REPLBENCH_PASSWORD (or REPLBENCH_TOKEN); the test stops at start without them.`,
          'For ACR: REPLBENCH_USERNAME=00000000-0000-0000-0000-000000000000 and',
          'REPLBENCH_PASSWORD=$(az acr login -n REGISTRY --expose-token --query accessToken -o tsv).',
        ]
      : []),
    '',
  );

  add('## k6-operator (one cluster per region)', '');
  add(
    `\`k6-operator/<region>.yaml\` holds the script's ConfigMap and a TestRun with parallelism ${plan.parallelism}; apply each in the`,
    'cluster of its region. Runners only run their region\'s scenarios (REPLBENCH_WORKER) and each writes',
    `\`/results/<pod>.json.gz\` to the ReadWriteMany claim \`${K6_RESULTS_CLAIM}\`${secrets.length === 0 ? '' : `; secrets come from the Secret \`${K6_REGISTRY_SECRET}\``}.`,
    'Each runner is a machine of its own: its first pull of an image from an endpoint is cold.',
    '',
    '```sh',
    `kubectl apply --server-side -f k6-operator/${plan.workers[0] ?? 'REGION'}.yaml   # or kubectl create -f: client-side apply keeps a copy of the`,
    '# whole ConfigMap in an annotation limited to 262,144 bytes, which a test of a few thousand images exceeds',
    '```',
    '',
    'k6-operator merges no percentiles across runners; replbench does, from every file at once:',
    '',
    '```sh',
    `replbench k6 ingest results/*.json.gz --run-dir reports/k6-${plan.scenario.name} --plan ${K6_PLAN_FILE}`,
    '```',
    '',
  );

  add('## k6 Cloud', '');
  if (Object.keys(plan.distribution).length === 0) {
    add('No worker region has a load zone: re-export with `--zone REGION=amazon:xx:city`.', '');
  } else {
    add(
      'Run with `k6 cloud run -e REPLBENCH_CLOUD=1 replbench.ts`. Every load zone runs a share of every scenario; an iteration',
      'runs only in its worker\'s zone (the distribution label is the region) and is skipped elsewhere',
      '(`replbench_pull_skipped`), so each scenario\'s rate is scaled by 100 / that zone\'s percent.',
      'Load zones are AWS regions near the Azure ones, not inside Azure: for in-region numbers use k6-operator.',
      '',
      '| worker | load zone | percent |',
      '|---|---|---|',
      ...Object.entries(plan.distribution).map(([w, z]) => `| ${w} | ${z.loadZone} | ${z.percent} |`),
      '',
    );
  }
  if (plan.unzoned.length > 0) add(`No load zone (not run on k6 Cloud): ${plan.unzoned.join(', ')}.`, '');

  add('## Thresholds', '');
  const carried = Object.entries(plan.thresholds);
  if (carried.length === 0) add('None carried over.');
  for (const [metric, exprs] of carried) add(`- \`${metric}\`: ${exprs.map((e) => `\`${e}\``).join(', ')}`);
  for (const s of plan.skippedThresholds) add(`- left out: \`${s.expr}\` (${s.reason})`);
  add('');
  return lines.join('\n');
}
