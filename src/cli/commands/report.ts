/**
 * `replbench report RUN_DIR`: folds RUN_DIR/events.jsonl again, rewrites every
 * report file (byte-identical to what the run wrote), prints the summary
 * table (or summary.json with --json) and re-evaluates the thresholds: exit 99
 * when one fails. A corrupt line of the log is skipped with a warning naming it
 * (and listed in the report); an empty or header-only log is exit 2; a report
 * file that cannot be written names itself and the cause.
 * `replbench report RUN --store URL`: RUN is a run id, `latest` or `latest-pass`
 * in the results store; the run is downloaded to a fresh temporary directory first.
 */
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { fetchRun } from '../../dist/store-fetch.ts';
import { storeFromArgs, withStoreOptions, type StoreArgs } from '../../dist/store-option.ts';
import { rerender } from '../../report/files.ts';
import { describeCorruptLines, EVENT_LOG_FILE } from '../../events/log.ts';
import type { WithIo } from '../io.ts';
import { printReport } from '../run-output.ts';

interface ReportArgs extends StoreArgs {
  readonly 'run-dir': string;
  readonly json: boolean;
}

export const reportCommand: CommandModule<object, WithIo<ReportArgs>> = {
  command: 'report <run-dir>',
  describe: "re-render a run's reports from its events.jsonl and re-check its thresholds",
  builder: (yargs: Argv<object>) =>
    withStoreOptions(
      yargs
        .positional('run-dir', { type: 'string', demandOption: true, describe: 'a run directory, e.g. reports/latest (with --store: a run id, latest or latest-pass)' })
        .option('json', { type: 'boolean', default: false, describe: 'print summary.json on stdout instead of the table' }),
    ) as unknown as Argv<WithIo<ReportArgs>>,
  handler: async (args) => {
    const io = args.io;
    const store = await storeFromArgs(args, io.env);
    let runDir = args['run-dir'];
    if (store !== undefined) {
      runDir = (await fetchRun(store, runDir)).runDir;
      io.stderr.write(`replbench: ${args['run-dir']} from ${store.url} downloaded to ${runDir}\n`);
    }
    const result = await rerender(runDir);
    if (result.truncated) io.stderr.write('replbench: the event log ends in a cut-off line (the run crashed mid-write); every line before it is counted\n');
    for (const line of describeCorruptLines(result, join(runDir, EVENT_LOG_FILE))) io.stderr.write(`replbench: warning: ${line}\n`);
    if (result.skipped > 0) io.stderr.write(`replbench: skipped ${result.skipped} record(s) of types this version does not know\n`);
    io.exitCode = printReport(io, result.report, { json: args.json, runDir });
  },
};
