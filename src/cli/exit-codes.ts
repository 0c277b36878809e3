/** The only place errors become exit codes (k6's convention for thresholds). */
import { ReplbenchError } from '../errors.ts';

export const ExitCode = {
  ok: 0,
  unexpected: 1,
  /** `probe` only: the artifact is not (fully) present, like grep's 1 for no match. */
  notPresent: 1,
  usage: 2,
  unreachable: 3,
  /** `compare --baseline latest-pass`: no passing baseline yet (usage errors stay 2). */
  noBaseline: 4,
  interrupted: 130,
  thresholdFailed: 99,
} as const;

export function exitCodeFor(err: unknown): number {
  if (!(err instanceof ReplbenchError)) return ExitCode.unexpected;
  switch (err.code) {
    case 'E_CONFIG':
    case 'E_USAGE':
      return ExitCode.usage;
    case 'E_AUTH':
    case 'E_UNREACHABLE':
      return ExitCode.unreachable;
    case 'E_NO_BASELINE':
      return ExitCode.noBaseline;
    case 'E_ABORTED':
      return ExitCode.interrupted;
    default:
      return ExitCode.unexpected;
  }
}
