/**
 * `replbench push HOST[:PORT]/REPO[:TAG]`: push a deterministic synthetic image.
 * stdout: the pushed reference with its digest (`host/repo:tag@sha256:…`), so
 * `REF=$(replbench push …)` captures exactly that; on a terminal (and without
 * --quiet) the per-blob table and the summary come first. With stdout piped
 * the table and summary go to stderr (--quiet drops them); --json prints one
 * object (registry-json.ts) instead.
 */
import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.ts';
import { parseBytes } from '../../units.ts';
import { planImage, resolveSizeDistribution } from '../../workload/index.ts';
import { formatTarget, repositoryOn } from '../image-ref.ts';
import type { WithIo } from '../io.ts';
import { numericFlag } from '../numeric-flags.ts';
import { pushJson, uploadedBytes } from '../registry-json.ts';
import { clientFor, targetFromArgs, withRegistryOptions, type RegistryArgs } from '../registry-options.ts';
import { fixed, mbPerSecond, renderTable } from '../table.ts';

interface PushArgs extends RegistryArgs {
  image?: string;
  repo?: string;
  tag?: string;
  layers: number;
  /** Bytes (numericFlag converts). */
  'layer-size': number;
  'base-layers': number;
  chunked: boolean;
  'chunk-size': number;
  concurrency: number;
  seed: string;
  index: number;
  'mount-from'?: string;
  json: boolean;
  quiet: boolean;
}

export const pushCommand: CommandModule<object, WithIo<PushArgs>> = {
  command: 'push [image]',
  describe: 'push a deterministic synthetic image to HOST[:PORT]/REPO[:TAG] (same seed, same digests everywhere)',
  builder: (y) =>
    withRegistryOptions(y)
      .positional('image', { type: 'string', describe: 'HOST[:PORT]/REPO[:TAG], e.g. 127.0.0.1:5000/bench/app:v1 (REPO[:TAG] with --endpoint)' })
      .option('repo', { type: 'string', describe: 'with --endpoint and no IMAGE: the repository, e.g. bench/app' })
      .option('tag', { type: 'string', describe: 'with --repo: the tag (default latest)' })
      .option('layers', { ...numericFlag('--layers', { kind: 'int', min: 1, max: 'layers' }), default: 1, describe: 'layer count (base layers included)' })
      .option('layer-size', { ...numericFlag('--layer-size', { kind: 'size', max: 'layerSizeBytes' }), default: '1MiB', describe: 'size per layer, e.g. 512KiB, 64MiB' })
      .option('base-layers', { ...numericFlag('--base-layers', { kind: 'int', min: 0, max: 'layers' }), default: 0, describe: 'layers shared by every image of the seed' })
      .option('chunked', { type: 'boolean', default: false, describe: 'chunked upload (PATCH) instead of monolithic' })
      .option('chunk-size', { ...numericFlag('--chunk-size', { kind: 'size', max: 'layerSizeBytes' }), default: '8MiB' })
      .option('concurrency', { ...numericFlag('--concurrency', { kind: 'int', min: 1, max: 'concurrency' }), default: 4, describe: 'blobs uploaded at once' })
      .option('seed', { type: 'string', default: 'replbench' })
      .option('index', { ...numericFlag('--index', { kind: 'int', min: 0, max: 'images' }), default: 0, describe: 'image index within the seed' })
      .option('mount-from', { type: 'string', describe: 'try a cross-repository mount from this repository (REPO or HOST/REPO)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object (reference, digest, per-blob timings) on stdout' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print only the pushed reference with its digest' }) as never,
  handler: async (args) => {
    const io = args.io;
    const target = targetFromArgs(imageOf(args), args, io, (t) => {
      if (t.digest !== undefined) throw new UsageError(`"${args.image}": push takes a tag, not a digest (the digest is what push prints)`);
    });
    const tag = target.tag ?? 'latest';
    const mountFrom = args['mount-from'] === undefined ? undefined : repositoryOn(args['mount-from'], target, '--mount-from');
    const plan = await planImage({
      seed: args.seed,
      imageIndex: args.index,
      layerCount: args.layers,
      baseLayerCount: args['base-layers'],
      sizes: resolveSizeDistribution(args['layer-size'], '--layer-size'),
      repository: target.repo,
      tag,
    });
    const client = clientFor(target, args, io);
    try {
      const result = await client.pushImage(
        target.repo,
        tag,
        { ...plan, ...(mountFrom !== undefined ? { mountFrom } : {}) },
        {
          mode: args.chunked ? 'chunked' : 'monolithic',
          chunkSizeBytes: parseBytes(args['chunk-size']),
          concurrency: args.concurrency,
        },
      );
      if (args.json) {
        io.stdout.write(`${JSON.stringify(pushJson(target, result), null, 2)}\n`);
        return;
      }
      const rows = result.blobs.map((b) => [b.digest.slice(0, 19), String(b.sizeBytes), b.outcome, fixed(b.durationMs), mbPerSecond(b.sizeBytes, b.durationMs), String(b.requests)]);
      const bytes = uploadedBytes(result);
      const details = renderTable(['blob', 'bytes', 'outcome', 'ms', 'MB/s', 'requests'], rows) +
        `pushed ${formatTarget({ ...target, tag })} in ${fixed(result.durationMs)} ms (${mbPerSecond(bytes, result.durationMs)} MB/s uploaded)\n`;
      if (!args.quiet) (io.stdout.isTTY === true ? io.stdout : io.stderr).write(details);
      io.stdout.write(`${formatTarget({ ...target, tag }, result.manifest.digest)}\n`);
    } finally {
      await client.close();
    }
  },
};

/** IMAGE, or --repo[/--tag] with --endpoint (the older spelling): one of them. */
function imageOf(args: PushArgs): string {
  if (args.image !== undefined) {
    if (args.repo !== undefined || args.tag !== undefined) throw new UsageError(`give the image as "${args.image}" or as --repo/--tag, not both`);
    return args.image;
  }
  if (args.repo === undefined) throw new UsageError('name the image to push: HOST[:PORT]/REPO[:TAG], e.g. 127.0.0.1:5000/bench/app:v1');
  if (args.endpoint === undefined) throw new UsageError('--repo needs --endpoint (or give HOST[:PORT]/REPO[:TAG] instead)');
  return `${args.repo}:${args.tag ?? 'latest'}`;
}
