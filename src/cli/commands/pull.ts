/**
 * `replbench pull HOST[:PORT]/REPO[:TAG|@DIGEST]`: pull an image with every blob
 * digest-verified. stdout: the per-request timings and a summary line, or with
 * --json one object (registry-json.ts); notes go to stderr.
 */
import type { CommandModule } from 'yargs';
import { formatTarget } from '../image-ref.ts';
import type { WithIo } from '../io.ts';
import { numericFlag } from '../numeric-flags.ts';
import { pullJson } from '../registry-json.ts';
import { clientFor, targetFromArgs, withRegistryOptions, type RegistryArgs } from '../registry-options.ts';
import { fixed, mbPerSecond, renderTable } from '../table.ts';

interface PullArgs extends RegistryArgs {
  image: string;
  concurrency: number;
  json: boolean;
}

export const pullCommand: CommandModule<object, WithIo<PullArgs>> = {
  command: 'pull <image>',
  describe: 'pull HOST[:PORT]/REPO[:TAG|@DIGEST]: manifest and all blobs, verified, with TTFB and totals',
  builder: (y) =>
    withRegistryOptions(y)
      .positional('image', { type: 'string', demandOption: true, describe: 'HOST[:PORT]/REPO[:TAG|@DIGEST] (REPO… alone with --endpoint)' })
      .option('concurrency', { ...numericFlag('--concurrency', { kind: 'int', min: 1, max: 'concurrency' }), default: 4, describe: 'blobs downloaded at once' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object (digest, bytes, per-request timings) on stdout' }) as never,
  handler: async (args) => {
    const target = targetFromArgs(args.image, args, args.io);
    const client = clientFor(target, args, args.io);
    try {
      const result = await client.pullImage(target.repo, target.ref, { concurrency: args.concurrency });
      if (args.json) {
        args.io.stdout.write(`${JSON.stringify(pullJson(target, result), null, 2)}\n`);
        return;
      }
      const manifests = [result.index, result.manifest].flatMap((m) => (m ? [m] : []));
      const rows = [
        ...manifests.map((m) => ['manifest', m.digest.slice(0, 19), String(m.timing.bytes), fixed(m.timing.ttfbMs), fixed(m.timing.totalMs), '', '']),
        ...result.blobs.map((b) => [
          'blob',
          b.digest.slice(0, 19),
          String(b.sizeBytes),
          fixed(b.timing.ttfbMs),
          fixed(b.timing.totalMs),
          mbPerSecond(b.sizeBytes, b.timing.totalMs),
          String(b.hops.length - 1),
        ]),
      ];
      args.io.stdout.write(renderTable(['kind', 'digest', 'bytes', 'ttfb ms', 'total ms', 'MB/s', 'redirects'], rows));
      args.io.stdout.write(
        `pulled ${formatTarget({ ...target, tag: undefined }, result.manifest.digest)}: ${result.totalBytes} bytes verified in ${fixed(result.durationMs)} ms (${mbPerSecond(result.totalBytes, result.durationMs)} MB/s)\n`,
      );
    } finally {
      await client.close();
    }
  },
};
