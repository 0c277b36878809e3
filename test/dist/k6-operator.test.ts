import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { dnsName, K6_REGISTRY_SECRET, K6_RESULTS_CLAIM, renderOperatorManifests, secretEnvNames } from '../../src/dist/k6-operator.ts';
import { buildK6Plan } from '../../src/dist/k6-plan.ts';
import { K6_SCRIPT_FILE } from '../../src/dist/k6-script.ts';
import { labScenario, ociScenario } from './k6-fixtures.ts';

type Doc = { apiVersion: string; kind: string; metadata: { name: string }; data?: Record<string, string>; spec?: Record<string, unknown> };

const manifests = suite('renderOperatorManifests');
manifests('one file per worker region: the script ConfigMap and a k6.io/v1alpha1 TestRun', () => {
  const plan = buildK6Plan(ociScenario(), { ratePerSec: 1, durationMs: 1000, parallelism: 3 });
  const files = renderOperatorManifests(plan, '// the script\n');
  assert.equal(files.map((f) => f.file), ['k6-operator/eastus.yaml', 'k6-operator/westeurope.yaml', 'k6-operator/japaneast.yaml']);
  const docs = parseAllDocuments(files[1]?.text ?? '').map((d) => d.toJS() as Doc);
  assert.equal(docs.map((d) => `${d.apiVersion} ${d.kind}`), ['v1 ConfigMap', 'k6.io/v1alpha1 TestRun']);
  const [configMap, testRun] = docs as [Doc, Doc];
  assert.is(configMap.data?.[K6_SCRIPT_FILE], '// the script\n');
  assert.is(testRun.metadata.name, 'replbench-acr-geo-westeurope');
  const spec = testRun.spec as { parallelism: number; script: { configMap: { name: string; file: string } }; runner: { env: { name: string; value?: string; valueFrom?: unknown }[]; volumes: unknown[] } };
  assert.is(spec.parallelism, 3);
  assert.equal(spec.script.configMap, { name: configMap.metadata.name, file: K6_SCRIPT_FILE });
  const env = Object.fromEntries(spec.runner.env.map((e) => [e.name, e.value ?? e.valueFrom]));
  assert.is(env.REPLBENCH_WORKER, 'westeurope');
  assert.is(env.K6_OUT, 'json=/results/$(POD_NAME).json.gz');
  assert.equal(env.ACR_PASSWORD, { secretKeyRef: { name: K6_REGISTRY_SECRET, key: 'ACR_PASSWORD', optional: false } });
  assert.equal(spec.runner.volumes, [{ name: 'results', persistentVolumeClaim: { claimName: K6_RESULTS_CLAIM } }]);
});
manifests('an anonymous registry needs no secret', () => {
  const plan = buildK6Plan(labScenario(30000), { ratePerSec: 1, durationMs: 1000 });
  const text = renderOperatorManifests(plan, 'x')[0]?.text ?? '';
  assert.not.ok(text.includes('secretKeyRef'));
});
manifests.run();

const secrets = suite('secretEnvNames');
secrets('names the variables holding secrets, never values', () => {
  assert.equal(secretEnvNames(buildK6Plan(ociScenario(), { ratePerSec: 1, durationMs: 1000 })), ['ACR_PASSWORD']);
  assert.equal(secretEnvNames(buildK6Plan(labScenario(30000), { ratePerSec: 1, durationMs: 1000 })), []);
});
secrets.run();

const dns = suite('dnsName');
dns('lowercase letters, digits and single hyphens, at most 63 characters', () => {
  assert.is(dnsName('replbench-Smoke_Test.v2'), 'replbench-smoke-test-v2');
  assert.is(dnsName('--'), 'replbench');
  const long = dnsName(`x${'-a'.repeat(60)}`);
  assert.ok(long.length <= 63 && !long.endsWith('-'));
});
dns.run();
