/**
 * `replbench lab [--config FILE]`: starts the embedded multi-region lab
 * standalone (from a lab config, a scenario with `target: {kind: lab}`, or
 * the default three regions), prints endpoints and the port table, and runs
 * until SIGINT or SIGTERM (interrupts.ts), then closes every port and exits
 * 130 (SIGINT) or 143 (SIGTERM). A second signal while it closes leaves at
 * once.
 */
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../errors.ts';
import { renderLabBanner } from '../../lab/lab-banner.ts';
import { defaultLabConfig, loadLabConfigFile } from '../../lab/lab-config-loader.ts';
import type { LabConfig } from '../../lab/lab-config.ts';
import { startLab } from '../../lab/lab.ts';
import { Interrupts } from '../interrupts.ts';
import type { CliIo, WithIo } from '../io.ts';
import { numericFlag, PORT_RULE } from '../numeric-flags.ts';

interface LabArgs {
  readonly config?: string;
  readonly 'base-port'?: number;
}

export const labCommand: CommandModule<object, WithIo<LabArgs>> = {
  command: 'lab',
  describe: 'run the embedded multi-region lab: regional OCI registries on 127.0.0.1 with latency, replication and faults',
  builder: (yargs: Argv<object>) =>
    yargs
      .option('config', {
        type: 'string',
        describe: 'lab config or scenario (YAML) whose target has kind: lab; default: eastus, westeurope (80 ms), japaneast (150 ms)',
      })
      .option('base-port', {
        ...numericFlag('--base-port', PORT_RULE),
        describe: 'number region ports from here (region i, client j → base + i·n + j) instead of ephemeral ports',
      }) as unknown as Argv<WithIo<LabArgs>>,
  handler: async (argv) => {
    const config = await resolveConfig(argv.config, argv['base-port']);
    const interrupts = new Interrupts();
    try {
      await runLab(config, argv.io, interrupts.stop, interrupts.abort);
      argv.io.exitCode = interrupts.exitCode ?? argv.io.exitCode;
    } finally {
      interrupts.dispose();
    }
  },
};

async function resolveConfig(file: string | undefined, basePort: number | undefined): Promise<LabConfig> {
  const config = file !== undefined ? await loadLabConfigFile(file) : defaultLabConfig();
  if (basePort === undefined) return config;
  if (!Number.isInteger(basePort) || basePort < 1 || basePort > 65535) {
    throw new UsageError(`--base-port: expected a port number between 1 and 65535, found ${basePort}`);
  }
  return { ...config, basePort };
}

/** Starts the lab, prints the banner, waits for `signal`, closes (or stops waiting for the close once `abort` fires). */
export async function runLab(config: LabConfig, io: CliIo, signal: AbortSignal, abort?: AbortSignal): Promise<void> {
  const lab = await startLab(config);
  try {
    io.stdout.write(renderLabBanner(lab));
    await fired(signal);
    io.stderr.write(`replbench lab: stopping${reasonOf(signal)}\n`);
  } finally {
    const closing = lab.close();
    if (abort === undefined) await closing;
    else if ((await Promise.race([closing.then(() => 'closed' as const), fired(abort).then(() => 'aborted' as const)])) === 'aborted') {
      io.stderr.write(`replbench lab: leaving without waiting for every port to close${reasonOf(abort)}\n`);
    }
  }
}

function fired(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function reasonOf(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return typeof r === 'string' && r !== '' ? ` (${r})` : '';
}
