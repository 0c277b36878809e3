/**
 * The replbench command line: a thin yargs shell over the library. Commands live
 * in ./commands/, one per file, and only the one being run is loaded (see
 * ./command-index.ts); errors become one line on stderr and an exit code.
 * yargs itself is imported only when a command line needs parsing: the
 * top-level `--help` page is printed without it (./top-level-help.ts).
 */
import type { Argv, CommandModule } from 'yargs';
import { describeError, UsageError } from '../errors.ts';
import { exitCodeFor } from './exit-codes.ts';
import { processIo, redactingIo, type CliIo } from './io.ts';
import { COMMANDS, invokedCommand, listedOnly } from './command-index.ts';
import { withPlainHttpHint } from './plain-http-hint.ts';
import { isTopLevelHelp, topLevelHelp } from './top-level-help.ts';

export async function main(args: readonly string[], given: CliIo = processIo()): Promise<number> {
  const io = redactingIo(given);
  const width = helpWidth();
  const fastHelp = isTopLevelHelp(args) ? topLevelHelp(COMMANDS, width) : undefined;
  if (fastHelp !== undefined) {
    console.log(fastHelp); // where yargs prints its help
    return io.exitCode;
  }
  const invoked = invokedCommand(args);
  const modules = await Promise.all(COMMANDS.map(async (c) => (c === invoked ? c.load() : listedOnly(c))));
  const parser = await buildParser(args, modules, width);
  try {
    await parser.parseAsync([...args], { io });
  } catch (thrown: unknown) {
    const err = await withPlainHttpHint(thrown);
    io.stderr.write(`replbench: ${describeError(err)}\n`);
    return exitCodeFor(err);
  }
  return io.exitCode;
}

/** The help's wrap width: the terminal's, at most 100 columns (100 off a terminal). */
export function helpWidth(): number {
  return Math.min(100, process.stdout.columns ?? 100);
}

/** The yargs parser of a command line, over the given command modules (the invoked one loaded, the rest listed). */
export async function buildParser(args: readonly string[], modules: readonly CommandModule<object, never>[], width: number): Promise<Argv> {
  const { default: yargs } = await import('yargs');
  return yargs([...args])
    .scriptName('replbench')
    .usage('$0 <command> [options]')
    .command([...modules])
    .demandCommand(1, `name a command: ${COMMANDS.map((c) => c.name).join(', ')} (see --help)`)
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(width)
    .exitProcess(false)
    .fail((msg: string | null, err: Error | undefined) => {
      // yargs rethrows a coerce callback's error (a numeric flag's check, numeric-flags.ts) as a bare YError: a usage error.
      if (err?.name === 'YError') throw new UsageError(err.message);
      throw err ?? new UsageError(msg ?? 'invalid usage');
    });
}
