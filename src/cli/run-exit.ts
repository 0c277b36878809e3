/**
 * What happened in a `run` → its exit code: the one mapping a nightly job
 * reads, in this order (the first that applies wins; README "Exit codes"
 * lists the same table, test/cli/run-exit.test.ts checks it row by row):
 *
 *   the run ended on an error     → exitCodeFor(error): 2 usage, 3 unreachable or
 *                                   credentials refused (the message names the origin), 1 else
 *   interrupted (SIGINT)          → 130
 *   a whole replica out of reach  → 3: every watch of a region ended without one HTTP
 *                                   answer (refused, reset, black hole) or with its
 *                                   credentials refused (401/403)
 *   a threshold failed            → 99, including the defaults: every artifact
 *                                   replicated, every pull ok, every load request
 *                                   answered (report/thresholds.ts defaultThresholds)
 *   otherwise                     → 0
 */
import { describeError } from '../errors.ts';
import type { Report } from '../report/report.ts';
import { ExitCode, exitCodeFor } from './exit-codes.ts';

export interface RunExit {
  readonly code: number;
  /** One line for stderr, when the code needs one beyond the failed thresholds' own lines. */
  readonly message?: string;
}

export function runExit(report: Pick<Report, 'outcomes' | 'thresholds'>, opts: { readonly error?: unknown; readonly interrupted?: boolean }): RunExit {
  if (opts.error !== undefined) return { code: exitCodeFor(opts.error), message: describeError(opts.error) };
  if (opts.interrupted === true) return { code: ExitCode.interrupted };
  const unreachable = unreachableReplica(report);
  if (unreachable !== undefined) return { code: ExitCode.unreachable, message: unreachable };
  if (report.thresholds.some((t) => !t.ok)) return { code: ExitCode.thresholdFailed };
  return { code: ExitCode.ok };
}

/** The first replica (region order) that never answered, or refused the credentials, for every watch of the run. */
export function unreachableReplica(report: Pick<Report, 'outcomes'>): string | undefined {
  for (const [region, c] of Object.entries(report.outcomes)) {
    const total = c.replicated + c.timedOut + c.errored + c.inconsistent;
    const auth = c.refused ?? 0;
    const none = c.noAnswer ?? 0;
    if (total === 0 || auth + none < total) continue;
    const what = auth === total ? 'refused the credentials' : none === total ? 'could not be reached' : 'could not be reached or refused the credentials';
    return `the replica ${region} ${what} for the entire run (${total} of ${total} watches)`;
  }
  return undefined;
}
