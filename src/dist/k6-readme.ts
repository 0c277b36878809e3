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
    `Exported by \`replbench k6 export\` from ${plan.scenario.source}. Each (worker, endpoint) pair of the pull matrix is one`,
    'constant-arrival-rate scenario tagged `worker` and `endpoint`; an iteration pulls one image (manifest, then config and',
    `layers in one batch) and records \`replbench_pull_duration\`, \`replbench_pull_ttfb\` and \`replbench_pull_bytes\`. The`,
    'images must exist: push them first (`replbench run` or `replbench push`).',
    '',
  );
  add('| k6 scenario | worker | endpoint | registry | rate | VUs (pre/max) | k6 Cloud rate |', '|---|---|---|---|---|---|---|');
  for (const p of plan.pairs) {
    const cloud = p.cloud === null ? 'no zone' : `${p.cloud.rate}/${p.cloud.timeUnit}`;
    add(`| ${p.scenario} | ${p.worker} | ${p.endpoint} | ${p.url} | ${p.local.rate}/${p.local.timeUnit} | ${p.local.preAllocatedVUs}/${p.local.maxVUs} | ${cloud} |`);
  }
  add('', `Duration ${plan.duration} (REPLBENCH_DURATION overrides). Blobs fetched at once per pull: ${plan.batchPerHost}.`, '');

  add('## Run it', '', '```sh', 'npm install            # @types/k6 and typescript, for `npm run typecheck` only');
  add(`k6 run --out json=k6-out.json ${K6_SCRIPT_FILE}                          # every region from here`);
  add(`k6 run -e REPLBENCH_WORKER=${plan.workers[0] ?? 'REGION'} --out json=k6-out.json ${K6_SCRIPT_FILE}   # one region, from a machine in it`);
  add(`replbench k6 ingest k6-out.json --run-dir reports/k6-${plan.scenario.name} --plan ${K6_PLAN_FILE}`, '```', '');
  add(
    'Registry endpoints: `REPLBENCH_ENDPOINT_<REGION>` (upper case, `_` for other characters) overrides a region\'s URL.',
    secrets.length === 0 ? 'The registry is pulled anonymously.' : `Secrets come from the environment only: ${secrets.map((s) => `\`${s}\``).join(', ')}.`,
    ...(plan.auth.kind === 'replbench-env'
      ? [
          'k6 cannot read Docker\'s config.json or sign in to Entra ID: set REPLBENCH_USERNAME/REPLBENCH_PASSWORD (or REPLBENCH_TOKEN).',
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
