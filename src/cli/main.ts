/**
 * The replbench command line: a thin yargs shell over the library. Commands live
 * in ./commands/, one per file, and only the one being run is loaded (see
 * ./command-index.ts); errors become one line on stderr and an exit code.
 */
import yargs from 'yargs';
import { describeError, UsageError } from '../errors.ts';
import { exitCodeFor } from './exit-codes.ts';
import { processIo, redactingIo, type CliIo } from './io.ts';
import { COMMANDS, invokedCommand, listedOnly } from './command-index.ts';

export async function main(args: readonly string[], given: CliIo = processIo()): Promise<number> {
  const io = redactingIo(given);
  const invoked = invokedCommand(args);
  const modules = await Promise.all(COMMANDS.map(async (c) => (c === invoked ? c.load() : listedOnly(c))));
  const parser = yargs([...args])
    .scriptName('replbench')
    .usage('$0 <command> [options]')
    .command(modules)
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
