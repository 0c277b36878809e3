/**
 * `replbench run SCENARIO`: runs a scenario (src/run/runner.ts), shows
 * progress on stderr, prints the summary table (or summary.json with --json)
 * on stdout, and exits as src/cli/run-exit.ts maps what happened: 0, 99 (a
 * threshold failed, the default outcome thresholds included), 130
 * (interrupted), 2 (bad scenario) or 3 (the origin, or a whole replica,
 * unreachable or refusing the credentials).
 *
 * SIGINT or SIGTERM once (interrupts.ts): start nothing new, let work in
 * flight finish for the grace period, write run-end (complete: false) and
 * every report, exit 130 (SIGINT) or 143 (SIGTERM). Twice: abort work in
 * flight now (run-end and the reports are still written).
 *
 * `--store URL`: the store is opened before the run (a bad URL costs no run);
 * once the run has ended — complete, interrupted or failed, its reports written —
 * the run directory is uploaded there (run-upload.ts).
 *
 * `--low-memory` sets V8's heap growing factor to 1.3 unless the user chose
 * one (heap-growth.ts): a long run holds about a third less memory, for more
 * GC on the loop that sends the probes (less precision when it is saturated).
 */
import type { Argv, CommandModule } from 'yargs';
import { parseListen } from '../../dist/coordinator.ts';
import { remoteWorkers } from '../../dist/remote-clients.ts';
import { runScenario } from '../../run/runner.ts';
import { DEFAULT_GRACE_MS } from '../../run/stop-control.ts';
import { loadScenario } from '../../scenario/load.ts';
import { parseDurationMs } from '../../units.ts';
import { AbortedError, describeError, UsageError } from '../../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import { Interrupts, secondSignalHint } from '../interrupts.ts';
import { runExit } from '../run-exit.ts';
import type { WithIo } from '../io.ts';
import { numericFlag } from '../numeric-flags.ts';
import { createProgressRenderer } from '../progress.ts';
import { printReport } from '../run-output.ts';
import { appendStepSummary } from '../../report/step-summary.ts';
import { storeFromArgs, withStoreOptions, type StoreArgs } from '../../dist/store-option.ts';
import { uploadRun } from '../run-upload.ts';
import { applyRunHeapGrowth } from '../heap-growth.ts';

interface RunArgs extends StoreArgs {
  readonly scenario: string;
  readonly json: boolean;
  readonly 'reports-dir'?: string;
  readonly grace: number;
  readonly listen?: string;
  readonly 'probe-trace': boolean;
  readonly 'lab-in-process': boolean;
  readonly 'low-memory': boolean;
}

export const runCommand: CommandModule<object, WithIo<RunArgs>> = {
  command: 'run <scenario>',
  describe: 'run a scenario: push, watch replication, pull from every worker region; reports in reports/<run-id>/',
  builder: (yargs: Argv<object>) =>
    withStoreOptions(yargs
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON), e.g. scenarios/smoke.yaml' })
      .option('json', { type: 'boolean', default: false, describe: 'print summary.json on stdout instead of the table' })
      .option('reports-dir', { type: 'string', describe: "where run directories go (default: the scenario's report.dir)" })
      .option('grace', {
        ...numericFlag('--grace', { kind: 'duration', max: 'durationMs', zero: true }),
        default: `${DEFAULT_GRACE_MS / 1000}s`,
        describe: 'after Ctrl-C or SIGTERM, how long work in flight may finish before it is aborted',
      })
      .option('probe-trace', { type: 'boolean', default: false, describe: "write every probe's planned, sent and answered times to probes.jsonl in the run directory" })
      .option('lab-in-process', { type: 'boolean', default: false, describe: 'run the embedded lab on the harness\'s own event loop instead of its own thread (comparison, diagnosis)' })
      .option('low-memory', { type: 'boolean', default: false, describe: 'hold less memory (V8 heap growth 1.3: about a third less RSS at 1,000+ images) for more GC; costs precision when the harness is saturated' })
      .option('listen', { type: 'string', describe: 'workers.mode: remote — where workers connect: HOST:PORT or PORT (default 127.0.0.1:7341)' })) as unknown as Argv<WithIo<RunArgs>>,
  handler: async (args) => {
    const io = args.io;
    if (args['low-memory']) applyRunHeapGrowth(process.execArgv, io.env['NODE_OPTIONS']);
    const graceMs = graceOf(args.grace);
    const scenario = await loadScenario(args.scenario);
    if (args.listen !== undefined && scenario.workers.mode !== 'remote') throw new UsageError(`--listen: ${args.scenario} runs its workers in-process (set workers.mode: remote)`);
    const listen = args.listen !== undefined ? parseListen(args.listen) : undefined;
    const store = await storeFromArgs(args, io.env);
    const columns = (io.stderr as { columns?: number }).columns;
    const progress = createProgressRenderer(io.stderr, { tty: io.stderr.isTTY === true, columns: columns !== undefined && columns > 0 ? columns : 100 });
    const interrupts = new Interrupts({
      onFirst: (signal) => progress.note(`replbench: interrupted (${signal}): starting nothing new; work in flight gets ${graceMs / 1000} s (${secondSignalHint(signal)} to abort it now)`),
      onSecond: (signal) => progress.note(`replbench: interrupted again (${signal}): aborting work in flight; the reports are still written`),
    });
    try {
      const result = await runScenario(scenario, {
        signal: interrupts.stop,
        abortSignal: interrupts.abort,
        graceMs,
        probeTrace: args['probe-trace'],
        labInProcess: args['lab-in-process'],
        onProgress: progress.onProgress,
        env: io.env,
        remoteWorkers: remoteWorkers({
          ...(listen !== undefined ? { listen } : {}),
          env: io.env,
          onListening: (url) => progress.note(`replbench: waiting for workers (${scenario.workers.expect.join(', ')}) at ${url}`),
          log: (line) => progress.note(`replbench: ${line}`),
        }),
        ...(args['reports-dir'] !== undefined ? { reportsDir: args['reports-dir'] } : {}),
      });
      progress.finish();
      if (result.latestWarning !== undefined) io.stderr.write(`replbench: ${result.latestWarning}\n`);
      const interrupted = interrupts.exitCode !== undefined;
      printReport(io, result.report, { json: args.json, runDir: result.runDir, interrupted });
      await appendStepSummary(result.report, io.env);
      const exit = runExit(result.report, { ...(result.error !== undefined ? { error: result.error } : {}), interrupted });
      if (exit.message !== undefined) io.stderr.write(`replbench: ${exit.message}\n`);
      io.exitCode = exit.code === ExitCode.interrupted ? (interrupts.exitCode ?? exit.code) : exit.code;
      if (store !== undefined) io.exitCode = await uploadRun(io, store, result, io.exitCode);
    } catch (err: unknown) {
      // Stopped before the run directory existed (waiting for workers, the preflight): nothing was measured.
      if (interrupts.exitCode === undefined || !(err instanceof AbortedError)) throw err;
      io.stderr.write(`replbench: ${describeError(err)}; no run was started\n`);
      io.exitCode = interrupts.exitCode;
    } finally {
      progress.finish();
      interrupts.dispose();
    }
  },
};

function graceOf(text: string | number): number {
  try {
    return parseDurationMs(text);
  } catch {
    throw new UsageError(`--grace: expected a duration such as "5s" or "500ms", found "${text}"`);
  }
}
