/**
 * What the watcher's confirm step costs (src/oci/confirm.ts): per replicated
 * artifact, the requests it sends (1 manifest GET by digest + 1 one-byte
 * Range GET per blob) and the ms it takes, on a lab region (1 ms emulated
 * local RTT) and on the real docker-registry on loopback, next to the HEAD
 * probes of the same artifact (1 manifest HEAD + 1 HEAD per blob, sent at
 * once as the watcher does). Images: a config and 3 layers of 1 MiB.
 *
 * Alone: node --import tsx bench/confirm.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { startLab } from '../src/lab/lab.ts';
import { RegistryClient } from '../src/oci/index.ts';
import { planImage, resolveSizeDistribution, type ImagePlan } from '../src/workload/index.ts';
import { hasDockerRegistry, startDockerRegistry } from '../test/helpers/docker-registry.ts';
import type { BenchResult } from './result.ts';

const IMAGES = 30;
const LAYERS = 3;

export async function benchConfirm(): Promise<BenchResult[]> {
  const plans: ImagePlan[] = [];
  for (let i = 0; i < IMAGES; i++) {
    plans.push(await planImage({ seed: 'bench-confirm', imageIndex: i, layerCount: LAYERS, sizes: resolveSizeDistribution('1MiB'), repository: `bench/confirm-${i}`, tag: 'v1' }));
  }
  const results: BenchResult[] = [];
  const lab = await startLab({ seed: 1, regions: [{ name: 'a' }], localRtt: '1ms' });
  try {
    results.push(...(await measure('lab', lab.endpointFor('a'), plans, 'a lab region, 1 ms emulated RTT')));
  } finally {
    await lab.close();
  }
  if (hasDockerRegistry()) {
    const reg = await startDockerRegistry();
    try {
      results.push(...(await measure('docker-registry', reg.url, plans, 'docker-registry (Debian) on 127.0.0.1')));
    } finally {
      await reg.stop();
    }
  }
  return results;
}

async function measure(name: string, url: string, plans: readonly ImagePlan[], where: string): Promise<BenchResult[]> {
  const client = new RegistryClient({ endpoint: url, insecure: true, env: {}, dockerConfigPath: '/nonexistent/config.json' });
  try {
    for (const p of plans) await client.pushImage(p.repository, p.tag, p, { mode: 'monolithic', concurrency: 4 });
    const confirmMs: number[] = [];
    const headMs: number[] = [];
    let requests = 0;
    for (const round of [0, 1]) {
      for (const p of plans) {
        const blobs = [p.config.digest, ...p.layers.map((l) => l.digest)];
        const h0 = performance.now();
        await Promise.all([client.probeManifest(p.repository, p.manifest.digest), ...blobs.map((d) => client.probeBlob(p.repository, d))]);
        const h1 = performance.now();
        const r = await client.confirmArtifact(p.repository, p.manifest.digest, { blobs });
        if (r.kind !== 'confirmed') throw new Error(`${name}: confirm of ${p.repository} said ${r.kind}: ${JSON.stringify(r)}`);
        if (round === 1) {
          headMs.push(h1 - h0);
          confirmMs.push(r.elapsedMs);
          requests += r.requests;
        }
      }
    }
    const detail = `${where}; ${plans.length} artifacts of 1 config + ${LAYERS} × 1 MiB layers, after a warm-up round; keep-alive client`;
    return [
      { name: `confirm.${name}.requests-per-artifact`, value: requests / plans.length, unit: 'requests', detail },
      { name: `confirm.${name}.ms-per-artifact.p50`, value: quantile(confirmMs, 0.5), unit: 'ms', detail },
      { name: `confirm.${name}.ms-per-artifact.p95`, value: quantile(confirmMs, 0.95), unit: 'ms', detail },
      { name: `confirm.${name}.head-probes-ms.p50`, value: quantile(headMs, 0.5), unit: 'ms', detail: `${detail}; the HEAD probes of the same artifact, for scale` },
    ];
  } finally {
    await client.close();
  }
}

function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchConfirm()) process.stdout.write(`| ${r.name} | ${r.value.toFixed(2)} | ${r.unit} | ${r.detail ?? ''} |\n`);
}
