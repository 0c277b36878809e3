import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildK6Plan } from '../../src/dist/k6-plan.ts';
import { K6_PLAN_FILE, renderK6Readme } from '../../src/dist/k6-readme.ts';
import { labScenario, ociScenario, OCI_SCENARIO } from './k6-fixtures.ts';

const readme = suite('renderK6Readme');
readme('lists every pair, the load zones, the thresholds carried and left out, and how to ingest', () => {
  const text = renderK6Readme(buildK6Plan(ociScenario(), { ratePerSec: 2, durationMs: 60_000 }));
  assert.ok(text.includes('| pull_eastus_from_japaneast | eastus | japaneast | https://myreg.japaneast.data.azurecr.io | 2/1s |'));
  assert.ok(text.includes('| westeurope | amazon:gb:london | 33 |'));
  assert.ok(text.includes('`replbench_pull_duration{worker:eastus}`: `p(99)<2000`, `avg<500`'));
  assert.ok(text.includes('left out: `replication_lag: p(99)<30s`'));
  assert.ok(text.includes(`replbench k6 ingest results/*.json.gz --run-dir reports/k6-acr-geo --plan ${K6_PLAN_FILE}`));
  assert.ok(text.includes('`ACR_PASSWORD`'));
});
readme('says when the registry is pulled anonymously', () => {
  const text = renderK6Readme(buildK6Plan(labScenario(30000), { ratePerSec: 1, durationMs: 1000, zones: {} }));
  assert.ok(text.includes('The registry is pulled anonymously.'));
});
readme('tells how to pass credentials k6 cannot fetch itself (docker-config, Entra ID)', () => {
  const s = ociScenario(OCI_SCENARIO.replace('{ kind: basic, username: puller, passwordEnv: ACR_PASSWORD }', '{ kind: docker-config }'));
  const text = renderK6Readme(buildK6Plan(s, { ratePerSec: 1, durationMs: 1000 }));
  assert.ok(text.includes('`REPLBENCH_USERNAME`, `REPLBENCH_PASSWORD`, `REPLBENCH_TOKEN`'));
  assert.ok(text.includes('REPLBENCH_USERNAME=00000000-0000-0000-0000-000000000000'));
});
readme.run();
