/** `replbench probe`: is this artifact pullable here, right now? One HEAD per object; 404 is an answer. */
import type { CommandModule } from 'yargs';
import type { ProbeResult } from '../../oci/index.ts';
import { ExitCode, exitCodeFor } from '../exit-codes.ts';
import type { WithIo } from '../io.ts';
import { repoAndRef } from '../image-ref.ts';
import { clientFromArgs, withRegistryOptions, type RegistryArgs } from '../registry-options.ts';
import { fixed, renderTable } from '../table.ts';

interface ProbeArgs extends RegistryArgs {
  image: string;
  blobs: boolean;
}

export const probeCommand: CommandModule<object, WithIo<ProbeArgs>> = {
  command: 'probe <image>',
  describe: 'HEAD the manifest (and with --blobs every blob); exit 0 when all are present, 1 when not, 3 when unreachable',
  builder: (y) =>
    withRegistryOptions(y)
      .positional('image', { type: 'string', demandOption: true, describe: 'REPO@DIGEST or REPO:TAG' })
      .option('blobs', { type: 'boolean', default: false, describe: 'also HEAD the config and every layer' }) as never,
  handler: async (args) => {
    const { repo, ref } = repoAndRef(args.image);
    const client = clientFromArgs(args, args.io);
    try {
      const results: { what: string; result: ProbeResult }[] = [{ what: `manifest ${ref.slice(0, 19)}`, result: await client.probeManifest(repo, ref) }];
      const first = results[0]?.result;
      if (args.blobs && first?.kind === 'present') {
        const manifest = await client.pullManifest(repo, first.digest ?? ref);
        if (manifest.parsed.kind === 'manifest') {
          const { config, layers } = manifest.parsed.manifest;
          for (const d of [config, ...layers]) results.push({ what: `blob ${d.digest.slice(0, 19)}`, result: await client.probeBlob(repo, d.digest) });
        }
      }
      const rows = results.map(({ what, result }) => [what, result.kind, String(result.status), fixed(result.latencyMs), describeProbe(result)]);
      args.io.stdout.write(renderTable(['object', 'result', 'status', 'ms', 'detail'], rows));
      if (results.some((r) => probeExitCode(r.result) === ExitCode.unreachable)) args.io.exitCode = ExitCode.unreachable;
      else if (!results.every((r) => r.result.kind === 'present')) args.io.exitCode = ExitCode.notPresent;
    } finally {
      await client.close();
    }
  },
};

/** The exit code a failed probe stands for: every command's contract (exit-codes.ts); absent is not-present. */
function probeExitCode(r: ProbeResult): number {
  if (r.kind === 'error') return exitCodeFor(r.error);
  if (r.kind === 'throttled') return ExitCode.unreachable;
  return r.kind === 'present' ? ExitCode.ok : ExitCode.notPresent;
}

function describeProbe(r: ProbeResult): string {
  switch (r.kind) {
    case 'present':
      return r.digest ?? '';
    case 'absent':
      return 'not found';
    case 'throttled':
      return r.retryAfterMs === undefined ? 'throttled' : `retry after ${fixed(r.retryAfterMs, 0)} ms`;
    case 'error':
      return r.error.message;
  }
}
