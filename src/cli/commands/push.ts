/** `replbench push`: push a deterministic synthetic image and print per-blob timings. */
import type { CommandModule } from 'yargs';
import { parseBytes } from '../../scenario/units.ts';
import { planImage, resolveSizeDistribution } from '../../workload/index.ts';
import type { WithIo } from '../io.ts';
import { numericFlag } from '../numeric-flags.ts';
import { clientFromArgs, withRegistryOptions, type RegistryArgs } from '../registry-options.ts';
import { fixed, mbPerSecond, renderTable } from '../table.ts';

interface PushArgs extends RegistryArgs {
  repo: string;
  tag: string;
  layers: number;
  /** Bytes (numericFlag converts). */
  'layer-size': number;
  'base-layers': number;
  chunked: boolean;
  'chunk-size': number;
  concurrency: number;
  seed: string;
  image: number;
  'mount-from'?: string;
}

export const pushCommand: CommandModule<object, WithIo<PushArgs>> = {
  command: 'push',
  describe: 'push a deterministic synthetic image (same seed, same digests everywhere)',
  builder: (y) =>
    withRegistryOptions(y)
      .option('repo', { type: 'string', demandOption: true, describe: 'repository, e.g. bench/app' })
      .option('tag', { type: 'string', default: 'latest' })
      .option('layers', { ...numericFlag('--layers', { kind: 'int', min: 1, max: 'layers' }), default: 1, describe: 'layer count (base layers included)' })
      .option('layer-size', { ...numericFlag('--layer-size', { kind: 'size', max: 'layerSizeBytes' }), default: '1MiB', describe: 'size per layer, e.g. 512KiB, 64MiB' })
      .option('base-layers', { ...numericFlag('--base-layers', { kind: 'int', min: 0, max: 'layers' }), default: 0, describe: 'layers shared by every image of the seed' })
      .option('chunked', { type: 'boolean', default: false, describe: 'chunked upload (PATCH) instead of monolithic' })
      .option('chunk-size', { ...numericFlag('--chunk-size', { kind: 'size', max: 'layerSizeBytes' }), default: '8MiB' })
      .option('concurrency', { ...numericFlag('--concurrency', { kind: 'int', min: 1, max: 'concurrency' }), default: 4, describe: 'blobs uploaded at once' })
      .option('seed', { type: 'string', default: 'replbench' })
      .option('image', { ...numericFlag('--image', { kind: 'int', min: 0, max: 'images' }), default: 0, describe: 'image index within the seed' })
      .option('mount-from', { type: 'string', describe: 'try a cross-repository mount from this repository' }) as never,
  handler: async (args) => {
    const plan = await planImage({
      seed: args.seed,
      imageIndex: args.image,
      layerCount: args.layers,
      baseLayerCount: args['base-layers'],
      sizes: resolveSizeDistribution(args['layer-size'], '--layer-size'),
      repository: args.repo,
      tag: args.tag,
    });
    const client = clientFromArgs(args, args.io);
    try {
      const result = await client.pushImage(
        args.repo,
        args.tag,
        { ...plan, ...(args['mount-from'] ? { mountFrom: args['mount-from'] } : {}) },
        {
          mode: args.chunked ? 'chunked' : 'monolithic',
          chunkSizeBytes: parseBytes(args['chunk-size']),
          concurrency: args.concurrency,
        },
      );
      const rows = result.blobs.map((b) => [b.digest.slice(0, 19), String(b.sizeBytes), b.outcome, fixed(b.durationMs), mbPerSecond(b.sizeBytes, b.durationMs), String(b.requests)]);
      args.io.stdout.write(renderTable(['blob', 'bytes', 'outcome', 'ms', 'MB/s', 'requests'], rows));
      const bytes = result.blobs.reduce((s, b) => s + (b.outcome === 'uploaded' ? b.sizeBytes : 0), 0);
      args.io.stdout.write(
        `pushed ${args.repo}:${args.tag} in ${fixed(result.durationMs)} ms (${mbPerSecond(bytes, result.durationMs)} MB/s uploaded)\n${result.manifest.digest}\n`,
      );
    } finally {
      await client.close();
    }
  },
};
