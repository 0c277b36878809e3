/**
 * Retry-After (RFC 9110 §10.2.3): either delta-seconds or an HTTP-date.
 * Returned in milliseconds, clamped to [0, maxMs]; anything unparsable is
 * undefined (the caller then falls back to its own backoff).
 */

/** An HTTP-date in one of its three forms: IMF-fixdate, obsolete RFC 850, asctime. */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(day|sday|nesday|rsday|urday)?,? +\d{1,2}[ -][A-Z][a-z]{2}[ -]\d{2,4} +\d{2}:\d{2}:\d{2} +GMT$|^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) +[A-Z][a-z]{2} +\d{1,2} +\d{2}:\d{2}:\d{2} +\d{4}$/;

export interface RetryAfterOptions {
  /** Wall-clock now in epoch ms (an HTTP-date is absolute); inject for tests. */
  readonly dateNowMs: number;
  /** Upper bound of the returned wait. */
  readonly maxMs: number;
}

export function parseRetryAfter(value: string | undefined, opts: RetryAfterOptions): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return clamp(Number(text) * 1000, opts.maxMs);
  if (!HTTP_DATE.test(text)) return undefined;
  // asctime has no zone: it is GMT by definition.
  const atMs = Date.parse(/GMT$/.test(text) ? text : `${text} GMT`);
  if (!Number.isFinite(atMs)) return undefined;
  return clamp(atMs - opts.dateNowMs, opts.maxMs);
}

function clamp(ms: number, maxMs: number): number {
  if (!Number.isFinite(ms)) return maxMs;
  return Math.min(Math.max(0, ms), maxMs);
}
