import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildK6Plan } from '../../src/dist/k6-plan.ts';
import { K6_PLAN_FILE, renderK6Readme } from '../../src/dist/k6-readme.ts';
import { labScenario, ociScenario, OCI_SCENARIO } from './k6-fixtures.ts';

const readme = suite('renderK6Readme');
readme('lists every worker scenario, the load zones, the thresholds carried and left out, and how to ingest', () => {
  const text = renderK6Readme(buildK6Plan(ociScenario(), { ratePerSec: 2, durationMs: 60_000 }));
  assert.ok(text.includes('| pull_eastus | eastus | eastus (https://myreg.azurecr.io), westeurope (https://myreg.westeurope.data.azurecr.io), japaneast (https://myreg.japaneast.data.azurecr.io) | constant-arrival-rate, 6/1s | 3 |'), text);
  assert.ok(text.includes("arrivals that find all 3 VUs busy are k6's `dropped_iterations`"));
  assert.ok(text.includes('kubectl apply --server-side -f k6-operator/eastus.yaml'));
  assert.ok(text.includes('| westeurope | amazon:gb:london | 33 |'));
  assert.ok(text.includes('`replbench_pull_duration{worker:eastus}`: `p(99)<2000`, `avg<500`'));
  assert.ok(text.includes('left out: `replication_lag: p(99)<30s`'));
  assert.ok(text.includes(`replbench k6 ingest results/*.json.gz --run-dir reports/k6-acr-geo --plan ${K6_PLAN_FILE}`));
  assert.ok(text.includes('`ACR_PASSWORD`'));
});
readme('says when the registry is pulled anonymously', () => {
  const text = renderK6Readme(buildK6Plan(labScenario(30000), { zones: {} }));
  assert.ok(text.includes('The registry is pulled anonymously.'));
  assert.ok(text.includes('each worker pulls through its own row'));
  assert.ok(text.includes('`replbench lab --config lab-two.yaml --base-port 30000`'), text);
  assert.ok(text.includes('shared-iterations, 2 round(s) of 2 image(s) × each endpoint'));
});
readme('tells how to pass credentials k6 cannot fetch itself (docker-config, Entra ID)', () => {
  const s = ociScenario(OCI_SCENARIO.replace('{ kind: basic, username: puller, passwordEnv: ACR_PASSWORD }', '{ kind: docker-config }'));
  const text = renderK6Readme(buildK6Plan(s, { ratePerSec: 1, durationMs: 1000 }));
  assert.ok(text.includes('`REPLBENCH_USERNAME`, `REPLBENCH_PASSWORD`, `REPLBENCH_TOKEN`'));
  assert.ok(text.includes('REPLBENCH_USERNAME=00000000-0000-0000-0000-000000000000'));
});
readme.run();
