/** `replbench pull`: pull an image with every blob digest-verified, and print per-request timings. */
import type { CommandModule } from 'yargs';
import type { WithIo } from '../io.ts';
import { numericFlag } from '../numeric-flags.ts';
import { repoAndRef } from '../image-ref.ts';
import { clientFromArgs, withRegistryOptions, type RegistryArgs } from '../registry-options.ts';
import { fixed, mbPerSecond, renderTable } from '../table.ts';

interface PullArgs extends RegistryArgs {
  image: string;
  concurrency: number;
}

export const pullCommand: CommandModule<object, WithIo<PullArgs>> = {
  command: 'pull <image>',
  describe: 'pull REPO@DIGEST or REPO:TAG: manifest and all blobs, verified, with TTFB and totals',
  builder: (y) =>
    withRegistryOptions(y)
      .positional('image', { type: 'string', demandOption: true, describe: 'REPO@DIGEST or REPO:TAG' })
      .option('concurrency', { ...numericFlag('--concurrency', { kind: 'int', min: 1, max: 'concurrency' }), default: 4, describe: 'blobs downloaded at once' }) as never,
  handler: async (args) => {
    const { repo, ref } = repoAndRef(args.image);
    const client = clientFromArgs(args, args.io);
    try {
      const result = await client.pullImage(repo, ref, { concurrency: args.concurrency });
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
        `pulled ${repo}@${result.manifest.digest}: ${result.totalBytes} bytes verified in ${fixed(result.durationMs)} ms (${mbPerSecond(result.totalBytes, result.durationMs)} MB/s)\n`,
      );
    } finally {
      await client.close();
    }
  },
};
