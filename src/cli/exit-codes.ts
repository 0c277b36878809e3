/**
 * The only place errors become exit codes — one contract for every command
 * (k6's convention for thresholds):
 *
 *   0   ok
 *   1   the registry answered, but with an error status or wrongly (bad digest,
 *       broken protocol), or replbench failed (a bug); `probe`: not present
 *   2   the scenario or the command line is wrong
 *   3   no usable answer from the target: unreachable, past its deadline,
 *       stalled, throttled or unavailable past the retry budget (429/503), or
 *       the credentials were refused (401/403, token refused)
 *   99  a threshold failed
 *   130 interrupted
 */
import { ReplbenchError } from '../errors.ts';
import { RegistryError } from '../oci/errors.ts';

export const ExitCode = {
  ok: 0,
  unexpected: 1,
  /** `probe` only: the artifact is not (fully) present, like grep's 1 for no match. */
  notPresent: 1,
  usage: 2,
  unreachable: 3,
  /** `compare --baseline latest-pass`: no passing baseline yet (usage errors stay 2). */
  noBaseline: 4,
  /** Stopped by SIGINT (128 + 2). */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15): Kubernetes eviction, activeDeadlineSeconds, a node drain. */
  terminated: 143,
  thresholdFailed: 99,
} as const;

const REFUSING_STATUSES = new Set([401, 403, 429, 503]);

export function exitCodeFor(err: unknown): number {
  if (!(err instanceof ReplbenchError)) return ExitCode.unexpected;
  switch (err.code) {
    case 'E_CONFIG':
    case 'E_USAGE':
      return ExitCode.usage;
    case 'E_AUTH':
    case 'E_UNREACHABLE':
    case 'E_TIMEOUT':
    case 'E_STALLED':
      return ExitCode.unreachable;
    case 'E_NO_BASELINE':
      return ExitCode.noBaseline;
    case 'E_REGISTRY':
      // Refused credentials, or a registry that will not serve within the retry budget, is no usable answer.
      return err instanceof RegistryError && REFUSING_STATUSES.has(err.status) ? ExitCode.unreachable : ExitCode.unexpected;
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
