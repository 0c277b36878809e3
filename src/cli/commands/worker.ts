/**
 * `replbench worker --region R --coordinator URL [--token T]`: one worker
 * per region. Connects out to `replbench run SCENARIO --listen HOST:PORT`,
 * runs the tasks it is sent (src/dist/worker-agent.ts) and exits when the
 * coordinator says bye: 0 then, 3 when the coordinator cannot be reached or
 * refuses the token, 1 when the connection is lost mid-run, 130 on SIGINT.
 *
 * The token is better passed in REPLBENCH_WORKER_TOKEN (a Kubernetes Secret)
 * than with --token, which other users of the machine can see in `ps`.
 */
import type { Argv, CommandModule } from 'yargs';
import { registerSecret } from '../../redact.ts';
import { UsageError } from '../../errors.ts';
import { WORKER_TOKEN_ENV } from '../../dist/token-compare.ts';
import { runWorkerAgent } from '../../dist/worker-agent.ts';
import { parseDurationMs } from '../../scenario/units.ts';
import { ExitCode } from '../exit-codes.ts';
import type { WithIo } from '../io.ts';

interface WorkerArgs {
  readonly region: string;
  readonly coordinator: string;
  readonly token?: string;
  readonly 'connect-timeout': string;
}

export const workerCommand: CommandModule<object, WithIo<WorkerArgs>> = {
  command: 'worker',
  describe: 'run as the worker of one region for a coordinator (`replbench run SCENARIO --listen HOST:PORT`)',
  builder: (yargs: Argv<object>) =>
    yargs
      .option('region', { type: 'string', demandOption: true, describe: 'the region this worker measures from (a region of the scenario)' })
      .option('coordinator', { type: 'string', demandOption: true, describe: 'the coordinator URL, e.g. http://10.0.0.4:7341' })
      .option('token', { type: 'string', describe: `the shared worker token (default: $${WORKER_TOKEN_ENV}; prefer the variable)` })
      .option('connect-timeout', { type: 'string', default: '60s', describe: 'how long to keep trying to reach the coordinator' }) as unknown as Argv<WithIo<WorkerArgs>>,
  handler: async (args) => {
    const io = args.io;
    const token = args.token ?? io.env[WORKER_TOKEN_ENV];
    if (token === undefined || token === '') throw new UsageError(`no worker token: set ${WORKER_TOKEN_ENV} (or pass --token)`);
    registerSecret(token);
    let connectTimeoutMs: number;
    try {
      connectTimeoutMs = parseDurationMs(args['connect-timeout']);
    } catch {
      throw new UsageError(`--connect-timeout: expected a duration such as "60s", found "${args['connect-timeout']}"`);
    }
    const stop = new AbortController();
    const onSigint = (): void => stop.abort();
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    try {
      const result = await runWorkerAgent({
        region: args.region,
        coordinator: args.coordinator,
        token,
        env: io.env,
        connectTimeoutMs,
        signal: stop.signal,
        log: (line) => io.stderr.write(`replbench worker ${args.region}: ${line}\n`),
      });
      io.stderr.write(`replbench worker ${args.region}: ${result.clean ? 'done' : 'lost the coordinator'} after ${result.tasks} tasks (${result.reason})\n`);
      io.exitCode = result.clean ? ExitCode.ok : stop.signal.aborted ? ExitCode.interrupted : ExitCode.unexpected;
    } finally {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  },
};
