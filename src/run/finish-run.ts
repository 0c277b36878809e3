/**
 * The end every run shares, whatever its target: fold events.jsonl into every
 * report file, point reports/latest at the run, and say how it went.
 */
import { describeError } from '../errors.ts';
import { rerender } from '../report/files.ts';
import type { RunDir } from './run-dir.ts';
import { pointLatest } from './run-dir.ts';
import type { RunPhasesResult } from './run-phases.ts';
import type { RunResult } from './runner.ts';

export async function finishRun(reportsDir: string, dir: RunDir, phases: RunPhasesResult): Promise<RunResult> {
  const { report, files } = await rerender(dir.path);
  let latestWarning: string | undefined;
  await pointLatest(reportsDir, dir.path).catch((err: unknown) => (latestWarning = `could not update ${reportsDir}/latest: ${describeError(err)}`));
  return {
    runId: dir.runId,
    runDir: dir.path,
    report,
    files,
    complete: report.complete,
    ...(report.interrupted !== undefined ? { interrupted: report.interrupted } : {}),
    ...(phases.error !== undefined ? { error: phases.error } : {}),
    rtts: phases.rtts,
    ...(latestWarning !== undefined ? { latestWarning } : {}),
  };
}
