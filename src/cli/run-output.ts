/**
 * What `run` and `report` print when a run's reports are written: the summary
 * table on stdout (or summary.json with --json), one line per failed
 * threshold and per replica served from another region's storage on stderr, and the exit code — 130 for an interrupted run, 99 when
 * a threshold failed, 0 otherwise. The last line names report.html (when the run writes it), the file to open next.
 */
import { join } from 'node:path';
import { reportFormatsOf } from '../report/files.ts';
import { HTML_FILE } from '../report/html.ts';
import { outOfRegionFlags } from '../report/sections/pull-redirects.ts';
import { renderSummary } from '../report/summary.ts';
import type { Report } from '../report/report.ts';
import { ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { describeFailedThresholds, renderSummaryTable } from './summary-table.ts';

export interface PrintReportOptions {
  readonly json: boolean;
  readonly runDir?: string;
  /** The run was stopped early (SIGINT): exit 130 whatever the thresholds say. */
  readonly interrupted?: boolean;
}

/** Prints the report and returns the exit code it calls for. */
export function printReport(io: CliIo, report: Report, opts: PrintReportOptions): number {
  io.stdout.write(opts.json ? renderSummary(report) : renderSummaryTable(report, opts.runDir));
  const failures = describeFailedThresholds(report);
  for (const f of failures) io.stderr.write(`replbench: ${f}\n`);
  for (const f of outOfRegionFlags(report)) io.stderr.write(`replbench: warning: ${f}\n`);
  if (!opts.json && opts.runDir !== undefined && reportFormatsOf(report).has('html')) io.stdout.write(`\nopen ${join(opts.runDir, HTML_FILE)}\n`);
  if (opts.interrupted === true) return ExitCode.interrupted;
  return failures.length > 0 ? ExitCode.thresholdFailed : ExitCode.ok;
}
