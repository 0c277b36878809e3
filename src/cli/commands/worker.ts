/**
 * `replbench worker --region R --coordinator URL [--token T]`: one worker
 * per region. Connects out to `replbench run SCENARIO --listen HOST:PORT`,
 * runs the tasks it is sent (src/dist/worker-agent.ts) and exits when the
 * coordinator says bye: 0 then, 3 when the coordinator cannot be reached or
 * refuses the token, 1 when the connection is lost mid-run (the coordinator
 * was killed or its node went away: one line says so).
 *
 * SIGINT or SIGTERM once (interrupts.ts): new tasks are refused, tasks in
 * flight get --grace to send their results, then the connection closes; exit
 * 130 (SIGINT) or 143 (SIGTERM). Twice: close at once.
 *
 * The token is better passed in REPLBENCH_WORKER_TOKEN (a Kubernetes Secret)
 * than with --token, which other users of the machine can see in `ps`.
 */
import type { Argv, CommandModule } from 'yargs';
import { registerSecret } from '../../redact.ts';
import { AbortedError, describeError, UsageError } from '../../errors.ts';
import { WORKER_TOKEN_ENV } from '../../dist/token-compare.ts';
import { DEFAULT_STOP_GRACE_MS, runWorkerAgent } from '../../dist/worker-agent.ts';
import { ExitCode } from '../exit-codes.ts';
import { Interrupts } from '../interrupts.ts';
import type { WithIo } from '../io.ts';
import { numericFlag } from '../numeric-flags.ts';

interface WorkerArgs {
  readonly region: string;
  readonly coordinator: string;
  readonly token?: string;
  readonly 'connect-timeout': number;
  readonly grace: number;
}

export const workerCommand: CommandModule<object, WithIo<WorkerArgs>> = {
  command: 'worker',
  describe: 'run as the worker of one region for a coordinator (`replbench run SCENARIO --listen HOST:PORT`)',
  builder: (yargs: Argv<object>) =>
    yargs
      .option('region', { type: 'string', demandOption: true, describe: 'the region this worker measures from (a region of the scenario)' })
      .option('coordinator', { type: 'string', demandOption: true, describe: 'the coordinator URL, e.g. http://10.0.0.4:7341' })
      .option('token', { type: 'string', describe: `the shared worker token (default: $${WORKER_TOKEN_ENV}; prefer the variable)` })
      .option('connect-timeout', { ...numericFlag('--connect-timeout', { kind: 'duration', max: 'durationMs' }), default: '60s', describe: 'how long to keep trying to reach the coordinator' })
      .option('grace', { ...numericFlag('--grace', { kind: 'duration', max: 'durationMs', zero: true }), default: `${DEFAULT_STOP_GRACE_MS / 1000}s`, describe: 'after SIGTERM or Ctrl-C, how long tasks in flight may finish before the worker leaves' }) as unknown as Argv<WithIo<WorkerArgs>>,
  handler: async (args) => {
    const io = args.io;
    const token = args.token ?? io.env[WORKER_TOKEN_ENV];
    if (token === undefined || token === '') throw new UsageError(`no worker token: set ${WORKER_TOKEN_ENV} (or pass --token)`);
    registerSecret(token);
    const connectTimeoutMs = args['connect-timeout'];
    const graceMs = args.grace;
    const log = (line: string): void => void io.stderr.write(`replbench worker ${args.region}: ${line}\n`);
    const interrupts = new Interrupts({
      onSecond: (signal) => log(`interrupted again (${signal}): leaving now`),
    });
    try {
      const result = await runWorkerAgent({
        region: args.region,
        coordinator: args.coordinator,
        token,
        env: io.env,
        connectTimeoutMs,
        stopSignal: interrupts.stop,
        signal: interrupts.abort,
        graceMs,
        log,
      });
      const interrupted = interrupts.exitCode;
      const how = result.clean ? 'done' : interrupted !== undefined ? 'stopped' : `lost the coordinator ${args.coordinator}`;
      log(`${how} after ${result.tasks} tasks (${result.reason})`);
      io.exitCode = interrupted ?? (result.clean ? ExitCode.ok : ExitCode.unexpected);
    } catch (err: unknown) {
      // Stopped while still connecting.
      if (interrupts.exitCode === undefined || !(err instanceof AbortedError)) throw err;
      log(describeError(err));
      io.exitCode = interrupts.exitCode;
    } finally {
      interrupts.dispose();
    }
  },
};
