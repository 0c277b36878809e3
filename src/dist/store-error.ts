/**
 * A results store's failures as ReplbenchErrors: storeError turns any failure
 * of a store operation into a ReplbenchError with a stable code, a one-line
 * message redacted (src/redact.ts: the secrets the store knows by value, every
 * secret the process knows, and anything shaped like one) and no cause (the
 * SDK's error keeps the request, headers and all).
 */
import { AbortedError, AuthError, ConfigError, ProtocolError, ReplbenchError, UnreachableError, UsageError, describeError } from '../errors.ts';
import { redact } from '../redact.ts';

/**
 * Any failure of a store operation as a ReplbenchError: unreachable (no
 * answer), auth (401/403), config (404: no such container or run) or protocol
 * (anything else the service said). `what` names the operation and the store
 * URL (which holds no secret).
 */
export function storeError(err: unknown, what: string, secrets: readonly string[] = []): ReplbenchError {
  const e = err as { statusCode?: unknown; code?: unknown; details?: { errorCode?: unknown } } | undefined;
  const status = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.details?.errorCode === 'string' ? e.details.errorCode : undefined;
  const detail = redact(describeError(err), secrets);
  const message = redact(`${what}: ${status === undefined ? '' : `${status} `}${code === undefined ? '' : `${code}: `}${detail}`, secrets);
  if (err instanceof ReplbenchError) {
    // Ours already; only the message could carry a secret.
    const redacted = redact(err.message, secrets);
    return redacted === err.message ? err : rebuild(err, redacted);
  }
  if (status === 401 || status === 403) return new AuthError(message, { status });
  if (err instanceof Error && /^(CredentialUnavailableError|AuthenticationError|AggregateAuthenticationError)$/.test(err.name)) return new AuthError(message);
  if (status === 404) return new ConfigError(message);
  if (status === undefined && isNetworkCode(code)) return new UnreachableError(what, message);
  return new ProtocolError(message);
}

function isNetworkCode(code: string | undefined): boolean {
  return code !== undefined && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|REQUEST_SEND_ERROR)$/.test(code);
}

function rebuild(err: ReplbenchError, message: string): ReplbenchError {
  switch (err.code) {
    case 'E_AUTH':
      return new AuthError(message);
    case 'E_CONFIG':
      return new ConfigError(message);
    case 'E_UNREACHABLE':
      return new UnreachableError(err instanceof UnreachableError ? err.endpoint : '', message);
    case 'E_ABORTED':
      return new AbortedError(message);
    case 'E_USAGE':
      return new UsageError(message);
    default:
      return new ProtocolError(message);
  }
}
