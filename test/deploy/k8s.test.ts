/**
 * deploy/k8s: every manifest parses, the scenario in the ConfigMap resolves
 * with remote workers, there is one worker Job per expected region naming that
 * region, and every Job reads the token from the one Secret and reaches the
 * coordinator Service on the port it listens on. Every container runs the
 * replbench image (the Dockerfile's ENTRYPOINT) with arguments only: no git
 * clone, no npm, no shell, as a non-root user; the Secrets carry the keys the
 * Jobs and the scenario read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { resolveScenario } from '../../src/scenario/resolve.ts';

const DIR = 'deploy/k8s';
/** The image every manifest names (kustomization.yaml's `images` rewrites it). */
const IMAGE_NAME = 'ghcr.io/your-org/replbench';
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
    assert.match(args, new RegExp(`^worker --region ${region} --coordinator http://replbench-coordinator\\.replbench\\.svc\\.cluster\\.local:${port}`));
    assert.not.match(args, /--token/);
  }
  for (const j of jobs) assert.ok(containerOf(j).envFrom.some((e: Doc) => e.secretRef?.name === 'replbench-worker-token'), j.metadata.name);
});

k8s('every pod runs the replbench image with arguments only, as a non-root user', () => {
  const kustomization = require_yaml(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8')) as Doc;
  const image = kustomization.images?.[0] as Doc;
  assert.is(image?.name, IMAGE_NAME);
  const jobs = docs().filter((d) => d.kind === 'Job');
  assert.is(jobs.length, 4);
  for (const j of jobs) {
    const pod = j.spec.template.spec as Doc;
    assert.is(pod.initContainers, undefined, `${j.metadata.name}: no init containers (no git clone)`);
    assert.is(pod.securityContext?.runAsNonRoot, true, j.metadata.name);
    for (const c of pod.containers as Doc[]) {
      assert.is(c.image, `${IMAGE_NAME}:${image.newTag}`, `${j.metadata.name}: the replbench image at the kustomization's tag`);
      assert.is(c.command, undefined, `${j.metadata.name}: the image's ENTRYPOINT (replbench), no command`);
      assert.ok(Array.isArray(c.args) && c.args.every((a: unknown) => typeof a === 'string'), `${j.metadata.name}: args`);
      assert.not.match(c.args.join(' '), /\b(npm|npx|git|bash)\b/, `${j.metadata.name}: no npm, git or shell in the pod`);
      assert.is(c.securityContext?.allowPrivilegeEscalation, false, j.metadata.name);
      assert.is(c.workingDir, undefined, j.metadata.name);
    }
  }
});

k8s('the Secrets carry the keys their readers expect; the scenario uses regional endpoints and token auth', () => {
  const all = docs();
  const secret = (name: string): Doc => all.find((d) => d.kind === 'Secret' && d.metadata.name === name) as Doc;
  assert.equal(Object.keys(secret('replbench-worker-token').stringData ?? {}), ['REPLBENCH_WORKER_TOKEN']);
  const config = all.find((d) => d.kind === 'ConfigMap');
  const raw = require_yaml(config?.data?.['scale-out.yaml']) as Doc;
  assert.is(raw.target.auth.kind, 'token');
  assert.equal(Object.keys(secret('replbench-registry').stringData ?? {}), [raw.target.auth.passwordEnv]);
  const scenario = resolveScenario(raw, 'scale-out.yaml');
  const target = scenario.target as unknown as Doc;
  const endpoints = JSON.stringify(target);
  for (const region of raw.target.regions as string[]) assert.ok(endpoints.includes(`myregistry.${region}.geo.azurecr.io`), `${region}: ${endpoints.slice(0, 300)}`);
  assert.not.match(endpoints, /data\.azurecr\.io/);
});

k8s('the README CronJob and deploy/k6 run the image too, with arguments only', () => {
  const readme = readFileSync('README.md', 'utf8');
  const cron = readme.slice(readme.indexOf('### Kubernetes CronJob'));
  const yamlBlock = /```yaml\n([\s\S]*?)```/.exec(cron)?.[1] ?? '';
  const job = require_yaml(yamlBlock) as Doc;
  assert.is(job.kind, 'CronJob');
  const pod = job.spec.jobTemplate.spec.template.spec as Doc;
  assert.is(pod.securityContext?.runAsNonRoot, true);
  const containers = [...(pod.initContainers ?? []), ...pod.containers] as Doc[];
  const replbench = containers.filter((c) => String(c.image).startsWith(`${IMAGE_NAME}:`));
  assert.equal(replbench.map((c) => c.args[0]), ['run', 'compare'], 'run (init), then compare');
  for (const c of containers) {
    assert.is(c.command, undefined, c.name);
    assert.not.match((c.args as string[]).join(' '), /\b(npm|npx|git|bash|sh)\b/, c.name);
  }
  assert.not.match(cron.slice(0, cron.indexOf('## Against Azure')), /YOUR-ORG\/replbench\.git|npm ci/);
  const k6 = readFileSync('deploy/k6/README.md', 'utf8');
  assert.match(k6, new RegExp(`docker run .*${IMAGE_NAME.replace(/\./g, '\\.')}:[^ ]+ k6 export`));
  assert.match(k6, new RegExp(`docker run .*${IMAGE_NAME.replace(/\./g, '\\.')}:[^ ]+ k6 ingest`));
});

k8s.run();


function require_yaml(text: unknown): unknown {
  assert.type(text, 'string');
  return parseAllDocuments(text as string)[0]?.toJS();
}
