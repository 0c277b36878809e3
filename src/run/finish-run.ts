/**
 * The end every run shares, whatever its target: fold events.jsonl into every
 * report file, point reports/latest at the run, and say how it went.
 *
 * A run whose event log could not be written (a full disk) ends on that error.
 * Report files that cannot be written throw a WriteError naming the file and the
 * cause, and saying that events.jsonl keeps every record written before it and
 * `replbench report` writes the reports once there is room.
 */
import { describeError, WriteError } from '../errors.ts';
import { EVENT_LOG_FILE } from '../events/log.ts';
import { rerender } from '../report/files.ts';
import type { RunDir } from './run-dir.ts';
import { pointLatest } from './run-dir.ts';
import type { RunPhasesResult } from './run-phases.ts';
import type { Report } from '../report/report.ts';
import type { RttTable } from './rtt-phase.ts';

export interface RunResult {
  readonly runId: string;
  /** Absolute path of reports/<run-id>. */
  readonly runDir: string;
  readonly report: Report;
  /** Report file names written into runDir (events.jsonl besides). */
  readonly files: readonly string[];
  /** False when the run was stopped or failed before the end. */
  readonly complete: boolean;
  readonly interrupted?: string;
  /** The error that ended the run early (credentials refused, a bug); the reports were written first. */
  readonly error?: unknown;
  readonly rtts: RttTable;
  /** Set when reports/latest could not be updated (the run itself is fine). */
  readonly latestWarning?: string;
}

export async function finishRun(reportsDir: string, dir: RunDir, phases: RunPhasesResult, logFailure?: WriteError): Promise<RunResult> {
  const { report, files } = await rerender(dir.path).catch((err: unknown) => {
    throw reportsNotWritten(dir.path, err, logFailure);
  });
  const error = phases.error ?? logFailure;
  let latestWarning: string | undefined;
  await pointLatest(reportsDir, dir.path).catch((err: unknown) => (latestWarning = `could not update ${reportsDir}/latest: ${describeError(err)}`));
  return {
    runId: dir.runId,
    runDir: dir.path,
    report,
    files,
    complete: report.complete,
    ...(report.interrupted !== undefined ? { interrupted: report.interrupted } : {}),
    ...(error !== undefined ? { error } : {}),
    rtts: phases.rtts,
    ...(latestWarning !== undefined ? { latestWarning } : {}),
  };
}

function reportsNotWritten(runDir: string, err: unknown, logFailure: WriteError | undefined): unknown {
  if (!(err instanceof WriteError)) return err;
  const first = logFailure !== undefined && logFailure.path !== err.path ? `${logFailure.message}: the run stopped there; ` : '';
  return new WriteError(err.path, `${first}${err.message}; ${runDir}/${EVENT_LOG_FILE} keeps every record written before; once there is room, \`replbench report ${runDir}\` writes the reports`, { cause: err });
}
