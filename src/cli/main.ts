/**
 * The replbench command line: a thin yargs shell over the library. Commands live
 * in ./commands/, one per file; errors become one line on stderr and an exit code.
 */
import yargs from 'yargs';
import { describeError, UsageError } from '../errors.ts';
import { exitCodeFor } from './exit-codes.ts';
import { processIo, redactingIo, type CliIo } from './io.ts';
import { pushCommand } from './commands/push.ts';
import { pullCommand } from './commands/pull.ts';
import { probeCommand } from './commands/probe.ts';
import { labCommand } from './commands/lab.ts';
import { runCommand } from './commands/run.ts';
import { reportCommand } from './commands/report.ts';
import { compareCommand } from './commands/compare.ts';
import { k6Command } from './commands/k6.ts';
import { workerCommand } from './commands/worker.ts';

export async function main(args: readonly string[], given: CliIo = processIo()): Promise<number> {
  const io = redactingIo(given);
  const parser = yargs([...args])
    .scriptName('replbench')
    .usage('$0 <command> [options]')
    .command(pushCommand)
    .command(pullCommand)
    .command(probeCommand)
    .command(runCommand)
    .command(reportCommand)
    .command(labCommand)
    .command(compareCommand)
    .command(k6Command)
    .command(workerCommand)
    .demandCommand(1, 'name a command: run, report, push, pull, probe or lab (see --help)')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg: string | null, err: Error | undefined) => {
      throw err ?? new UsageError(msg ?? 'invalid usage');
    });
  try {
    await parser.parseAsync([...args], { io });
  } catch (err: unknown) {
    io.stderr.write(`replbench: ${describeError(err)}\n`);
    return exitCodeFor(err);
  }
  return io.exitCode;
}
