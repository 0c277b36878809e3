/**
 * Child process of the oci benchmark: pushes one generated layer of SIZE bytes to
 * ENDPOINT (chunked or monolithic) and prints its peak RSS, so the figure is
 * this push's alone and not the benchmark runner's.
 *   node --import tsx bench/push-rss.child.ts ENDPOINT SIZE MODE
 */
import { RegistryClient } from '../src/oci/index.ts';
import { parseBytes } from '../src/units.ts';
import { resolveLayer } from '../src/workload/index.ts';

const [endpoint = '', size = '1GiB', mode = 'monolithic'] = process.argv.slice(2);
const layer = await resolveLayer({ seed: `rss-${mode}`, imageIndex: 0, layerIndex: 0 }, parseBytes(size));
const client = new RegistryClient({ endpoint, insecure: true, env: {}, timeoutMs: 120_000 });
try {
  const started = performance.now();
  const result = await client.pushBlob('bench/rss', layer, {
    mode: mode === 'chunked' ? 'chunked' : 'monolithic',
    chunkSizeBytes: 32 * 2 ** 20,
    skipExisting: false,
  });
  const ms = performance.now() - started;
  // maxRSS is in KiB.
  process.stdout.write(JSON.stringify({ outcome: result.outcome, ms, peakRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
} finally {
  await client.close();
}
