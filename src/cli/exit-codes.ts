/** The only place errors become exit codes (k6's convention for thresholds). */
import { ReplbenchError } from '../errors.ts';

export const ExitCode = {
  ok: 0,
  unexpected: 1,
  /** `probe` only: the artifact is not (fully) present, like grep's 1 for no match. */
  notPresent: 1,
  usage: 2,
  unreachable: 3,
  /** Stopped by SIGINT (128 + 2). */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15): Kubernetes eviction, activeDeadlineSeconds, a node drain. */
  terminated: 143,
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
    case 'E_ABORTED':
      return ExitCode.interrupted;
    default:
      return ExitCode.unexpected;
  }
}

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** The exit code of a command a signal stopped (its reports written): 130 for SIGINT, 143 for SIGTERM. */
export function interruptExitCode(signal: InterruptSignal): number {
  return signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted;
}
