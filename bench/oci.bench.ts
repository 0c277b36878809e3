/**
 * OCI client throughput against the real docker-registry on loopback, next to
 * `skopeo copy` of the same image to the same kind of registry in the same run,
 * and the peak RSS of pushing a 1 GiB layer (in a child process).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RegistryClient } from '../src/oci/index.ts';
import { planImage, resolveSizeDistribution, type ImagePlan } from '../src/workload/index.ts';
import { startDockerRegistry, type RunningRegistry } from '../test/helpers/docker-registry.ts';
import { writePlanLayout } from '../test/helpers/plan-layout.ts';
import { dockerRef, skopeo } from '../test/helpers/skopeo.ts';
import type { BenchResult } from './result.ts';

const run = promisify(execFile);
const LAYERS = 4;
const LAYER_SIZE = '64MiB';

export async function benchOci(): Promise<BenchResult[]> {
  const image = await planImage({
    seed: 'bench-oci',
    imageIndex: 0,
    layerCount: LAYERS,
    sizes: resolveSizeDistribution(LAYER_SIZE),
    repository: 'bench/app',
    tag: 'v1',
  });
  const what = `${LAYERS} × ${LAYER_SIZE} layers, docker-registry 2.8 on 127.0.0.1`;
  const results: BenchResult[] = [];
  const registries: RunningRegistry[] = [];
  const start = async (): Promise<RunningRegistry> => {
    const r = await startDockerRegistry();
    registries.push(r);
    return r;
  };
  const layout = await mkdtemp(join(tmpdir(), 'replbench-bench-'));
  try {
    await writePlanLayout(join(layout, 'src'), 'v1', image);
    for (const mode of ['monolithic', 'chunked'] as const) {
      const reg = await start();
      const ms = await timed(() => pushWith(reg, image, mode));
      results.push({ name: `oci.push.${mode}`, value: mbps(image.totalBytes, ms), unit: 'MB/s', detail: `replbench push, ${what}` });
    }
    const skopeoReg = await start();
    const skopeoPushMs = await timed(() =>
      skopeo(['copy', '--dest-tls-verify=false', '--preserve-digests', `oci:${join(layout, 'src')}:v1`, dockerRef(skopeoReg.url, 'bench/app:v1')], 600_000),
    );
    results.push({ name: 'skopeo.copy.push', value: mbps(image.totalBytes, skopeoPushMs), unit: 'MB/s', detail: `skopeo copy oci: → docker://, ${what}` });

    const source = registries[0] as RunningRegistry;
    const client = new RegistryClient({ endpoint: source.url, insecure: true, env: {} });
    try {
      await client.pullImage('bench/app', 'v1', { concurrency: 4 }); // warm the registry's page cache
      const pullMs = await timed(() => client.pullImage('bench/app', 'v1', { concurrency: 4 }));
      results.push({ name: 'oci.pull', value: mbps(image.totalBytes, pullMs), unit: 'MB/s', detail: `replbench pull (digest-verified, bytes discarded), ${what}` });
    } finally {
      await client.close();
    }
    const skopeoPullMs = await timed(() =>
      skopeo(['copy', '--src-tls-verify=false', dockerRef(source.url, 'bench/app:v1'), `oci:${join(layout, 'pulled')}:v1`], 600_000),
    );
    results.push({ name: 'skopeo.copy.pull', value: mbps(image.totalBytes, skopeoPullMs), unit: 'MB/s', detail: `skopeo copy docker:// → oci: (written to disk), ${what}` });

    for (const mode of ['monolithic', 'chunked'] as const) {
      const reg = await start();
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/push-rss.child.ts', reg.url, '1GiB', mode], { timeout: 600_000 });
      const child = JSON.parse(stdout) as { ms: number; peakRssBytes: number };
      results.push({ name: `oci.push.1GiB.${mode}.peak-rss`, value: child.peakRssBytes / 1e6, unit: 'MB', detail: `peak RSS of a process pushing one 1 GiB generated layer (${mbps(2 ** 30, child.ms).toFixed(0)} MB/s)` });
    }
  } finally {
    await Promise.all(registries.map((r) => r.stop()));
    await rm(layout, { recursive: true, force: true });
  }
  return results;
}

async function pushWith(reg: RunningRegistry, image: ImagePlan, mode: 'monolithic' | 'chunked'): Promise<void> {
  const client = new RegistryClient({ endpoint: reg.url, insecure: true, env: {} });
  try {
    await client.pushImage('bench/app', 'v1', image, { mode, concurrency: 4, chunkSizeBytes: 16 * 2 ** 20 });
  } finally {
    await client.close();
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

function mbps(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}
