/**
 * `replbench probe HOST[:PORT]/REPO[:TAG|@DIGEST]`: is this artifact pullable
 * here, right now? One HEAD per object; 404 is an answer. stdout: a row per
 * object, or with --json one object (registry-json.ts).
 */
import type { CommandModule } from 'yargs';
import type { ProbeResult } from '../../oci/index.ts';
import { ExitCode, exitCodeFor } from '../exit-codes.ts';
import type { WithIo } from '../io.ts';
import { withPlainHttpHint } from '../plain-http-hint.ts';
import { probedObject, probeJson } from '../registry-json.ts';
import { clientFor, targetFromArgs, withRegistryOptions, type RegistryArgs } from '../registry-options.ts';
import { fixed, renderTable } from '../table.ts';

interface ProbeArgs extends RegistryArgs {
  image: string;
  blobs: boolean;
  json: boolean;
}

export const probeCommand: CommandModule<object, WithIo<ProbeArgs>> = {
  command: 'probe <image>',
  describe: 'HEAD the manifest (and with --blobs every blob); exit 0 when all are present, 1 when not, 3 when unreachable',
  builder: (y) =>
    withRegistryOptions(y)
      .positional('image', { type: 'string', demandOption: true, describe: 'HOST[:PORT]/REPO[:TAG|@DIGEST] (REPO… alone with --endpoint)' })
      .option('blobs', { type: 'boolean', default: false, describe: 'also HEAD the config and every layer' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object (present, and a result per object) on stdout' }) as never,
  handler: async (args) => {
    const target = targetFromArgs(args.image, args, args.io);
    const { repo, ref } = target;
    const client = clientFor(target, args, args.io);
    try {
      const results: { object: 'manifest' | 'blob'; ref: string; result: ProbeResult }[] = [{ object: 'manifest', ref, result: await hinted(await client.probeManifest(repo, ref)) }];
      const first = results[0]?.result;
      if (args.blobs && first?.kind === 'present') {
        const manifest = await client.pullManifest(repo, first.digest ?? ref);
        if (manifest.parsed.kind === 'manifest') {
          const { config, layers } = manifest.parsed.manifest;
          for (const d of [config, ...layers]) results.push({ object: 'blob', ref: d.digest, result: await client.probeBlob(repo, d.digest) });
        }
      }
      if (args.json) {
        args.io.stdout.write(`${JSON.stringify(probeJson(target, results.map((r) => probedObject(r.object, r.ref, r.result))), null, 2)}\n`);
      } else {
        const rows = results.map(({ object, ref: what, result }) => [`${object} ${what.slice(0, 19)}`, result.kind, String(result.status), fixed(result.latencyMs), describeProbe(result)]);
        args.io.stdout.write(renderTable(['object', 'result', 'status', 'ms', 'detail'], rows));
      }
      if (results.some((r) => probeExitCode(r.result) === ExitCode.unreachable)) args.io.exitCode = ExitCode.unreachable;
      else if (!results.every((r) => r.result.kind === 'present')) args.io.exitCode = ExitCode.notPresent;
    } finally {
      await client.close();
    }
  },
};

/** A manifest probe that failed the TLS handshake against a plain-HTTP server says so. */
async function hinted(r: ProbeResult): Promise<ProbeResult> {
  if (r.kind !== 'error' || r.status !== 0) return r;
  const error = await withPlainHttpHint(r.error);
  return error === r.error ? r : { ...r, error: error as typeof r.error };
}

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
