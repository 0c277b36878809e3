/**
 * deploy/k8s: every manifest parses, the scenario in the ConfigMap resolves
 * with remote workers, there is one worker Job per expected region naming that
 * region, and every Job reads the token from the one Secret and reaches the
 * coordinator Service on the port it listens on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { resolveScenario } from '../../src/scenario/resolve.ts';

const DIR = 'deploy/k8s';
// Manifests are loosely typed: the test reads the few fields it checks.
type Doc = Record<string, any>;

function docs(): Doc[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(DIR, f), 'utf8')).map((d) => {
      assert.equal(d.errors, [], f);
      return d.toJS() as Doc;
    }));
}

const k8s = suite('deploy/k8s');

k8s('a Job per expected region, a Service for the coordinator, a Secret for the token', () => {
  const all = docs();
  const kinds = all.map((d) => `${d.kind}/${d.metadata?.name}`).sort();
  assert.ok(kinds.includes('Secret/replbench-worker-token'));
  assert.ok(kinds.includes('Service/replbench-coordinator'));
  const kustomized = (require_yaml(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8')) as Doc).resources as string[];
  assert.equal([...kustomized].sort(), readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort());
  const config = all.find((d) => d.kind === 'ConfigMap');
  const scenario = resolveScenario(require_yaml(config?.data?.['scale-out.yaml']), 'scale-out.yaml');
  assert.is(scenario.workers.mode, 'remote');
  assert.is(scenario.replication.watchFrom, 'worker');
  const service = all.find((d) => d.kind === 'Service');
  const port = service?.spec.ports[0].port as number;
  const jobs = all.filter((d) => d.kind === 'Job');
  const coordinator = jobs.find((j) => j.metadata.name === 'replbench-coordinator');
  const containerOf = (j: Doc): Doc => j.spec.template.spec.containers[0];
  assert.match(containerOf(coordinator as Doc).args.join(' '), new RegExp(`--listen 0\\.0\\.0\\.0:${port}`));
  assert.equal(service?.spec.selector, coordinator?.spec.template.metadata.labels);
  const workers = jobs.filter((j) => j.metadata.name.startsWith('replbench-worker-'));
  assert.equal(workers.map((w) => w.metadata.labels['replbench.dev/region']).sort(), [...scenario.workers.expect].sort());
  for (const w of workers) {
    const region = w.metadata.labels['replbench.dev/region'] as string;
    const args = containerOf(w).args.join(' ') as string;
    assert.match(args, new RegExp(`replbench worker --region ${region} --coordinator http://replbench-coordinator\\.replbench\\.svc\\.cluster\\.local:${port}`));
    assert.not.match(args, /--token/);
  }
  for (const j of jobs) assert.ok(containerOf(j).envFrom.some((e: Doc) => e.secretRef?.name === 'replbench-worker-token'), j.metadata.name);
});

k8s.run();

function require_yaml(text: unknown): unknown {
  assert.type(text, 'string');
  return parseAllDocuments(text as string)[0]?.toJS();
}
