/**
 * k6-operator manifests: one file per worker region, applied to the cluster in
 * that region — a ConfigMap holding the script and a TestRun (k6.io/v1alpha1)
 * whose runners only run that region's scenarios (REPLBENCH_WORKER), split
 * `parallelism` ways by k6's execution segments. Each runner pod writes its
 * own k6 JSON output (K6_OUT, named after the pod) to a shared volume;
 * `replbench k6 ingest` merges them: k6-operator itself merges no percentiles.
 */
import { stringify } from 'yaml';
import type { K6Plan } from './k6-plan.ts';
import { K6_SCRIPT_FILE } from './k6-script.ts';

/** Kubernetes Secret the runners read registry secrets from (keys = the variable names). */
export const K6_REGISTRY_SECRET = 'replbench-registry';
/** PersistentVolumeClaim (ReadWriteMany) the runners write their JSON output to. */
export const K6_RESULTS_CLAIM = 'replbench-k6-results';
/** A ConfigMap holds at most 1 MiB. */
export const CONFIGMAP_LIMIT_BYTES = 1_048_576;

export interface OperatorManifest {
  readonly worker: string;
  /** Path inside the export directory. */
  readonly file: string;
  readonly text: string;
}

/** One manifest file per worker region of the plan. */
export function renderOperatorManifests(plan: K6Plan, script: string): OperatorManifest[] {
  const configMap = dnsName(`replbench-k6-${plan.scenario.name}`);
  return plan.workers.map((worker) => {
    const docs = [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: configMap, labels: labels(plan, worker) },
        data: { [K6_SCRIPT_FILE]: script },
      },
      testRun(plan, worker, configMap),
    ];
    const text = `# replbench k6 test "${plan.scenario.name}", worker region ${worker}: apply in the cluster in ${worker}.\n` +
      docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
    return { worker, file: `k6-operator/${safeFile(worker)}.yaml`, text };
  });
}

/** Environment variables holding registry secrets, by name (never values). */
export function secretEnvNames(plan: K6Plan): string[] {
  switch (plan.auth.kind) {
    case 'anonymous':
      return [];
    case 'basic':
      return [plan.auth.passwordEnv];
    case 'bearer':
      return [plan.auth.tokenEnv];
    case 'replbench-env':
      return ['REPLBENCH_USERNAME', 'REPLBENCH_PASSWORD', 'REPLBENCH_TOKEN'];
  }
}

function testRun(plan: K6Plan, worker: string, configMap: string): Record<string, unknown> {
  const env: Record<string, unknown>[] = [
    { name: 'REPLBENCH_WORKER', value: worker },
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    // $(POD_NAME) is expanded by Kubernetes: one output file per runner pod.
    { name: 'K6_OUT', value: 'json=/results/$(POD_NAME).json.gz' },
    ...secretEnvNames(plan).map((name) => ({
      name,
      valueFrom: { secretKeyRef: { name: K6_REGISTRY_SECRET, key: name, optional: plan.auth.kind === 'replbench-env' } },
    })),
  ];
  return {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name: dnsName(`replbench-${plan.scenario.name}-${worker}`), labels: labels(plan, worker) },
    spec: {
      parallelism: plan.parallelism,
      script: { configMap: { name: configMap, file: K6_SCRIPT_FILE } },
      runner: {
        env,
        volumeMounts: [{ name: 'results', mountPath: '/results' }],
        volumes: [{ name: 'results', persistentVolumeClaim: { claimName: K6_RESULTS_CLAIM } }],
      },
    },
  };
}

function labels(plan: K6Plan, worker: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'replbench-k6',
    'replbench.io/scenario': dnsName(plan.scenario.name),
    'replbench.io/worker': dnsName(worker),
  };
}

/** A DNS-1123 label: lowercase letters, digits and "-", at most 63 characters. */
export function dnsName(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 63).replace(/-$/, '');
  return cleaned === '' ? 'replbench' : cleaned;
}

function safeFile(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_');
}
