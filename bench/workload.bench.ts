/**
 * Throughput of the workload generator on one core (everything here runs on
 * the main thread): generating layer bytes (AES-256-CTR keystream via
 * layerStream), SHA-256 over in-memory buffers, and resolveLayer (generate +
 * hash, what planning an image costs per byte). Each figure is the median of
 * a few repetitions after a warm-up; GB/s means 10^9 bytes per second.
 *
 * Alone: node --import tsx bench/workload.bench.ts
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { formatBytes } from '../src/units.ts';
import { clearLayerDigestCache, layerStream, resolveLayer } from '../src/workload/index.ts';
import type { LayerId } from '../src/workload/index.ts';
import type { BenchResult } from './result.ts';

export interface BenchWorkloadOptions {
  /** Bytes per repetition (default 1 GiB). */
  readonly volumeBytes?: number;
  /** Measured repetitions per figure (default 3). */
  readonly repetitions?: number;
  readonly now?: () => number;
}

const MiB = 1024 * 1024;
const WARMUP_BYTES = 64 * MiB;

export async function benchWorkload(options: BenchWorkloadOptions = {}): Promise<BenchResult[]> {
  const volumeBytes = options.volumeBytes ?? 1024 * MiB;
  const repetitions = options.repetitions ?? 3;
  const now = options.now ?? (() => performance.now());
  let run = 0;
  const nextId = (): LayerId => ({ seed: 'bench', imageIndex: 0, layerIndex: run++ });

  const generate = async (bytes: number): Promise<void> => {
    let seen = 0;
    for await (const chunk of layerStream(nextId(), bytes)) seen += chunk.byteLength;
    if (seen !== bytes) throw new Error(`generated ${seen} bytes, expected ${bytes}`);
  };

  const block = Buffer.alloc(MiB);
  for await (const chunk of layerStream(nextId(), MiB)) block.set(chunk);
  const hash = async (bytes: number): Promise<void> => {
    const h = createHash('sha256');
    for (let left = bytes; left > 0; left -= MiB) h.update(left >= MiB ? block : block.subarray(0, left));
    h.digest();
  };

  const resolve = async (bytes: number): Promise<void> => {
    clearLayerDigestCache();
    await resolveLayer(nextId(), bytes);
  };

  const measure = async (name: string, what: string, work: (bytes: number) => Promise<void>): Promise<BenchResult> => {
    await work(WARMUP_BYTES);
    const rates: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      const start = now();
      await work(volumeBytes);
      const seconds = (now() - start) / 1000;
      rates.push(volumeBytes / seconds / 1e9);
    }
    const sorted = [...rates].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    const runs = rates.map((r) => r.toFixed(2)).join(', ');
    return {
      name,
      value: round(median),
      unit: 'GB/s',
      detail: `${what}; ${formatBytes(volumeBytes)} per run, median of ${repetitions} runs [${runs}] GB/s, one core`,
    };
  };

  return [
    await measure('workload.content-generation', 'layerStream (AES-256-CTR keystream, 1 MiB chunks), bytes discarded', generate),
    await measure('workload.sha256', 'node:crypto sha256 over a 1 MiB in-memory buffer, repeated', hash),
    await measure('workload.resolve-layer', 'resolveLayer: generate + incremental sha256, memo cleared', resolve),
  ];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function printTable(results: readonly BenchResult[]): void {
  const rows = results.map((r) => [r.name, `${r.value} ${r.unit}`, r.detail ?? '']);
  const widths = [0, 1].map((c) => Math.max(...rows.map((row) => (row[c] as string).length)));
  for (const row of rows) {
    console.log(`${(row[0] as string).padEnd(widths[0] as number)}  ${(row[1] as string).padStart(widths[1] as number)}  ${row[2] as string}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`node ${process.version}, ${process.arch}`);
  printTable(await benchWorkload());
}
