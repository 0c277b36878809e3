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
/** A ConfigMap's data holds at most 1 MiB (the API server refuses more). */
export const CONFIGMAP_LIMIT_BYTES = 1_048_576;
/**
 * Client-side `kubectl apply` copies the whole object, as JSON, into the
 * kubectl.kubernetes.io/last-applied-configuration annotation, and an
 * object's annotations hold at most 256 KiB: past that only
 * `kubectl apply --server-side` or `kubectl create` take it.
 */
export const ANNOTATIONS_LIMIT_BYTES = 262_144;

/** Sizes that decide how a script's ConfigMap can be applied. */
export interface ConfigMapSizes {
  /** Bytes of the ConfigMap's data (the script). */
  readonly dataBytes: number;
  /** Bytes of the last-applied annotation client-side apply would write (the object as JSON). */
  readonly lastAppliedBytes: number;
}

export interface OperatorManifest {
  readonly worker: string;
  /** Path inside the export directory. */
  readonly file: string;
  readonly text: string;
}

/** One manifest file per worker region of the plan. */
export function renderOperatorManifests(plan: K6Plan, script: string): OperatorManifest[] {
  return plan.workers.map((worker) => {
    const docs = [configMapOf(plan, worker, script), testRun(plan, worker, configMapName(plan))];
    const text = `# replbench k6 test "${plan.scenario.name}", worker region ${worker}: apply in the cluster in ${worker}.\n` +
      docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
    return { worker, file: `k6-operator/${safeFile(worker)}.yaml`, text };
  });
}

/** The largest of the per-region ConfigMaps (they differ only in labels). */
export function configMapSizes(plan: K6Plan, script: string): ConfigMapSizes {
  let lastAppliedBytes = 0;
  for (const worker of plan.workers) {
    lastAppliedBytes = Math.max(lastAppliedBytes, Buffer.byteLength(JSON.stringify(configMapOf(plan, worker, script))));
  }
  return { dataBytes: Buffer.byteLength(script), lastAppliedBytes };
}

/** What to say when the ConfigMap is too big for a way of applying it; null = any `kubectl apply` takes it. */
export function configMapWarning(sizes: ConfigMapSizes): string | null {
  if (sizes.dataBytes > CONFIGMAP_LIMIT_BYTES) {
    return `the script is ${sizes.dataBytes} bytes, more than a ConfigMap holds (1,048,576): export fewer images (pull.images) or mount the script from a volume instead of k6-operator/*.yaml's ConfigMap`;
  }
  if (sizes.lastAppliedBytes > ANNOTATIONS_LIMIT_BYTES) {
    return `the script's ConfigMap is ${sizes.lastAppliedBytes} bytes as JSON, more than client-side "kubectl apply" can keep in its last-applied annotation (262,144): apply it with "kubectl apply --server-side -f" or "kubectl create -f"`;
  }
  return null;
}

function configMapName(plan: K6Plan): string {
  return dnsName(`replbench-k6-${plan.scenario.name}`);
}

function configMapOf(plan: K6Plan, worker: string, script: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: configMapName(plan), labels: labels(plan, worker) }, data: { [K6_SCRIPT_FILE]: script } };
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
