/**
 * Reading the times out of a JWT (ACR refresh and access tokens are JWTs), to
 * know when to refresh them. The signature is not checked: the token is only
 * ever handed back to the server that issued it, which checks it. Nothing here
 * throws or echoes the token: a value that is not a JWT simply has no times.
 */

export interface JwtTimes {
  /** `exp` as epoch ms, when present and numeric. */
  readonly expEpochMs: number | undefined;
  /** `iat` as epoch ms, when present and numeric. */
  readonly iatEpochMs: number | undefined;
}

const NO_TIMES: JwtTimes = { expEpochMs: undefined, iatEpochMs: undefined };
/** A payload larger than this is not decoded (a token is a few KiB). */
const MAX_PAYLOAD_CHARS = 64 * 1024;

export function jwtTimes(token: string): JwtTimes {
  const parts = token.split('.');
  const payload = parts[1];
  if (parts.length !== 3 || payload === undefined || payload === '' || payload.length > MAX_PAYLOAD_CHARS) return NO_TIMES;
  if (!/^[A-Za-z0-9_-]+=*$/.test(payload)) return NO_TIMES;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return NO_TIMES;
  }
  if (claims === null || typeof claims !== 'object') return NO_TIMES;
  const seconds = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v * 1000 : undefined);
  const c = claims as Record<string, unknown>;
  return { expEpochMs: seconds(c['exp']), iatEpochMs: seconds(c['iat']) };
}

/**
 * How long a token is still good for, from its claims, robust to a skewed
 * local clock: `exp − now` when that is plausible (positive and not longer
 * than the token's own `exp − iat`), else `exp − iat`; `fallbackMs` when the
 * token carries no `exp`.
 */
export function remainingLifetimeMs(times: JwtTimes, dateNowMs: number, fallbackMs: number): number {
  if (times.expEpochMs === undefined) return fallbackMs;
  const remaining = times.expEpochMs - dateNowMs;
  const nominal = times.iatEpochMs !== undefined && times.iatEpochMs < times.expEpochMs ? times.expEpochMs - times.iatEpochMs : undefined;
  if (remaining > 0 && (nominal === undefined || remaining <= nominal)) return remaining;
  return nominal ?? fallbackMs;
}
