/**
 * Child process of the load benchmark: a one-region lab (no link delay, so
 * the registry answers as fast as it can) with one pushed image; prints
 * `{ url, repo, digest, configDigest }` on stdout and serves until killed,
 * so the load generators measured are alone in their process.
 *   node --import tsx bench/load-lab.child.ts
 */
import { startLab } from '../src/lab/lab.ts';
import { RegistryClient } from '../src/oci/index.ts';
import { planImage } from '../src/workload/image-plan.ts';

const lab = await startLab({ seed: 1, regions: [{ name: 'eastus' }], localRtt: '0ms', replication: { lag: { model: 'constant', lag: '1ms' } }, topology: 'multi-master', store: 'memory' });
const url = lab.endpointFor('eastus', 'eastus');
const plan = await planImage({ seed: 'load-bench', imageIndex: 0, layerCount: 1, sizes: { kind: 'fixed', sizeBytes: 4096 }, repository: 'bench/load', tag: 'v1' });
const client = new RegistryClient({ endpoint: url, insecure: true, env: {} });
await client.pushImage(plan.repository, plan.tag, { config: plan.config, layers: plan.layers, manifest: plan.manifest }, { mode: 'monolithic', concurrency: 1 });
await client.close();
process.stdout.write(`${JSON.stringify({ url, repo: plan.repository, digest: plan.manifest.digest, configDigest: plan.config.digest })}\n`);
process.on('SIGTERM', () => void lab.close().then(() => process.exit(0)));
