/**
 * `replbench lab [--config FILE]`: starts the embedded multi-region lab
 * standalone (from a lab config, a scenario with `target: {kind: lab}`, or
 * the default three regions), prints endpoints and the port table, and runs
 * until SIGINT/SIGTERM, then closes every port.
 */
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../errors.ts';
import { renderLabBanner } from '../../lab/lab-banner.ts';
import { defaultLabConfig, loadLabConfigFile } from '../../lab/lab-config-loader.ts';
import type { LabConfig } from '../../lab/lab-config.ts';
import { startLab } from '../../lab/lab.ts';
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
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await runLab(config, argv.io, controller.signal);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
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

/** Starts the lab, prints the banner, waits for `signal`, closes. */
export async function runLab(config: LabConfig, io: CliIo, signal: AbortSignal): Promise<void> {
  const lab = await startLab(config);
  try {
    io.stdout.write(renderLabBanner(lab));
    if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    io.stderr.write('replbench lab: stopping\n');
  } finally {
    await lab.close();
  }
}
