/**
 * Every replbench command by name, with the one line `replbench --help` shows,
 * and how to load its module. main() imports only the module of the command
 * being run (each pulls in its own part of the library: zod, undici, the lab,
 * Azure SDKs), so `replbench --help` or `replbench probe` does not pay for
 * `run`'s imports at start-up. test/cli/command-index.test.ts keeps the lines
 * here equal to the modules' own.
 */
import type { CommandModule } from 'yargs';

export interface CommandEntry {
  /** The first word of the command line. */
  readonly name: string;
  /** The module's `command` (name and positionals), for the top-level help. */
  readonly command: string;
  readonly describe: string;
  load(): Promise<CommandModule<object, never>>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'push',
    command: 'push [image]',
    describe: 'push a deterministic synthetic image to HOST[:PORT]/REPO[:TAG] (same seed, same digests everywhere)',
    load: async () => (await import('./commands/push.ts')).pushCommand as CommandModule<object, never>,
  },
  {
    name: 'pull',
    command: 'pull <image>',
    describe: 'pull HOST[:PORT]/REPO[:TAG|@DIGEST]: manifest and all blobs, verified, with TTFB and totals',
    load: async () => (await import('./commands/pull.ts')).pullCommand as CommandModule<object, never>,
  },
  {
    name: 'probe',
    command: 'probe <image>',
    describe: 'HEAD the manifest (and with --blobs every blob); exit 0 when all are present, 1 when not, 3 when unreachable',
    load: async () => (await import('./commands/probe.ts')).probeCommand as CommandModule<object, never>,
  },
  {
    name: 'run',
    command: 'run <scenario>',
    describe: 'run a scenario: push, watch replication, pull from every worker region; reports in reports/<run-id>/',
    load: async () => (await import('./commands/run.ts')).runCommand as CommandModule<object, never>,
  },
  {
    name: 'report',
    command: 'report <run-dir>',
    describe: "re-render a run's reports from its events.jsonl and re-check its thresholds",
    load: async () => (await import('./commands/report.ts')).reportCommand as CommandModule<object, never>,
  },
  {
    name: 'lab',
    command: 'lab',
    describe: 'run the embedded multi-region lab: regional OCI registries on 127.0.0.1 with latency, replication and faults',
    load: async () => (await import('./commands/lab.ts')).labCommand as CommandModule<object, never>,
  },
  {
    name: 'compare',
    command: 'compare [runs..]',
    describe: 'compare two runs (BASELINE CANDIDATE run directories): p50/p90/p99 changes with bootstrap CIs; exit 99 on a regression',
    load: async () => (await import('./commands/compare.ts')).compareCommand as CommandModule<object, never>,
  },
  {
    name: 'k6',
    command: 'k6 <command>',
    describe: 'scale out on k6: export a k6 test for a scenario, ingest k6 output into reports',
    load: async () => (await import('./commands/k6.ts')).k6Command as CommandModule<object, never>,
  },
  {
    name: 'worker',
    command: 'worker',
    describe: 'run as the worker of one region for a coordinator (`replbench run SCENARIO --listen HOST:PORT`)',
    load: async () => (await import('./commands/worker.ts')).workerCommand as CommandModule<object, never>,
  },
];

/**
 * The entry of the command an argument list runs: its first word that is not
 * an option (replbench has no global option that takes a value).
 */
export function invokedCommand(args: readonly string[]): CommandEntry | undefined {
  const first = args.find((a) => !a.startsWith('-'));
  return COMMANDS.find((c) => c.name === first);
}

/**
 * What yargs gets for a command that is not being run: its name and line for
 * the help and for "did you mean", without its module.
 */
export function listedOnly(entry: CommandEntry): CommandModule<object, never> {
  return { command: entry.command, describe: entry.describe, builder: (y) => y as never, handler: () => undefined };
}
