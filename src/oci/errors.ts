/**
 * Registry errors: a registry answered with a status the caller did not expect.
 * Also maps the network failures undici reports onto replbench's error
 * hierarchy (unreachable, timeout, aborted). Messages name the method and the
 * URL path only: never a query string (upload state, SAS signatures), never a
 * header value.
 */
import { redact, redactUrl } from '../redact.ts';
import { AbortedError, ProtocolError, ReplbenchError, TimeoutError, UnreachableError } from '../errors.ts';

import { OCI_ERROR_CODES, type OciErrorCode } from '../oci-spec/error-codes.ts';

export { OCI_ERROR_CODES, type OciErrorCode };

const MAX_MESSAGE_CHARS = 200;

/** What an error body said, parsed leniently. */
export interface ParsedErrorBody {
  /** The first error's code when it is one of the spec's codes. */
  readonly ociCode: OciErrorCode | undefined;
  /** The first error's code as sent (registries add their own codes). */
  readonly rawCode: string | undefined;
  /** One line, bounded length; the HTTP status when the body said nothing usable. */
  readonly message: string;
  readonly detail: unknown;
}

/** Parses `{"errors":[{code,message,detail}]}`; anything else (HTML, empty, garbage) yields a generic result. */
export function parseErrorBody(status: number, text: string): ParsedErrorBody {
  const generic: ParsedErrorBody = { ociCode: undefined, rawCode: undefined, message: `HTTP ${status}`, detail: undefined };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return generic;
  }
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return generic;
  const first = errors[0] as { code?: unknown; message?: unknown; detail?: unknown } | null;
  if (first === null || typeof first !== 'object') return generic;
  const rawCode = typeof first.code === 'string' ? first.code : undefined;
  const ociCode = OCI_ERROR_CODES.find((c) => c === rawCode);
  const text1 = typeof first.message === 'string' ? oneLine(first.message) : '';
  const message = text1 || (rawCode ? rawCode.toLowerCase().replaceAll('_', ' ') : generic.message);
  return { ociCode, rawCode, message, detail: first.detail };
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS)}…` : line;
}

function formatWait(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Math.round(ms)} ms`;
}

/** A registry answered with a status the operation does not accept. */
export class RegistryError extends ReplbenchError {
  readonly status: number;
  readonly ociCode: OciErrorCode | undefined;
  readonly rawCode: string | undefined;
  readonly detail: unknown;
  readonly method: string;
  /** Path only (see redactUrl in src/redact.ts). */
  readonly path: string;
  /** Parsed Retry-After of a 429/503, when the registry sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: {
    status: number;
    method: string;
    url: string | URL;
    body?: ParsedErrorBody;
    retryAfterMs?: number;
    message?: string;
  }) {
    const path = redactUrl(init.url);
    const body = init.body ?? parseErrorBody(init.status, '');
    const code = body.rawCode ? ` ${body.rawCode}` : '';
    const retry = init.retryAfterMs === undefined ? '' : ` (Retry-After asked for ${formatWait(init.retryAfterMs)}, beyond this request's retry budget)`;
    const what = `${init.message ?? body.message}${retry}`;
    // The body is the registry's: it may echo the credentials it was sent.
    super('E_REGISTRY', redact(`${init.method} ${path} → ${init.status}${code}: ${what}`));
    this.status = init.status;
    this.ociCode = body.ociCode;
    this.rawCode = body.rawCode;
    this.detail = body.detail;
    this.method = init.method;
    this.path = path;
    this.retryAfterMs = init.retryAfterMs;
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN',
  'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(err: unknown): string | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const inner = (err as { errors?: unknown }).errors; // AggregateError from happy-eyeballs connects
  return Array.isArray(inner) && inner.length > 0 ? errorCode(inner[0]) : undefined;
}

function isTlsCode(code: string): boolean {
  return code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'SELF_SIGNED_CERT_IN_CHAIN';
}

/** What a connection failure before any answer means, in words (the code follows in parentheses). */
function unreachableWords(code: string, origin: string): string {
  if (code === 'ECONNREFUSED') return `cannot reach ${origin}: connection refused`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot reach ${origin}: its host name does not resolve`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EHOSTDOWN') return `cannot reach ${origin}: no route to its host`;
  if (code === 'ETIMEDOUT') return `cannot reach ${origin}: connecting timed out`;
  if (isTlsCode(code)) return `cannot reach ${origin}: the TLS handshake failed`;
  return `${origin} closed the connection without answering`;
}

/**
 * Maps a failure thrown by undici for one request onto replbench's errors.
 * `origin` is scheme://host:port (no path); `what` is "METHOD /path".
 * Errors that are not network failures (a BlobSource stream that threw, …) pass through unchanged.
 */
export function networkError(err: unknown, ctx: { origin: string; what: string; timeoutMs: number; signal?: AbortSignal }): unknown {
  if (err instanceof ReplbenchError) return err;
  if (ctx.signal?.aborted) return new AbortedError(`${ctx.what}: aborted`, { cause: err });
  const code = errorCode(err) ?? '';
  if (TIMEOUT_CODES.has(code)) {
    return new TimeoutError(`${ctx.what}: no progress from ${ctx.origin} for ${ctx.timeoutMs} ms (${code})`, ctx.timeoutMs, { cause: err });
  }
  if (UNREACHABLE_CODES.has(code) || isTlsCode(code)) {
    return new UnreachableError(ctx.origin, `${ctx.what}: ${unreachableWords(code, ctx.origin)} (${code})`, { cause: err });
  }
  if (code.startsWith('UND_ERR') || code.startsWith('HPE_')) {
    const said = err instanceof Error && err.message !== '' ? `: ${err.message}` : '';
    return new ProtocolError(`${ctx.what}: expected an HTTP response from ${ctx.origin}, got one the client rejected (${code}${said})`, { cause: err });
  }
  return err;
}

/**
 * The same for a failure while a response body is read: the registry
 * answered, so a connection that breaks now is a body cut short (a protocol
 * violation, with how much arrived), not an unreachable registry.
 */
export function bodyNetworkError(
  err: unknown,
  ctx: { origin: string; what: string; timeoutMs: number; signal?: AbortSignal; receivedBytes: number | undefined; expectedBytes: number | undefined },
): unknown {
  if (err instanceof ReplbenchError) return err;
  if (ctx.signal?.aborted) return new AbortedError(`${ctx.what}: aborted`, { cause: err });
  const code = errorCode(err) ?? '';
  if (UNREACHABLE_CODES.has(code) || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || code.startsWith('HPE_')) {
    const expected = ctx.expectedBytes === undefined ? 'the complete body (chunked)' : `${ctx.expectedBytes} bytes (Content-Length)`;
    const got = ctx.receivedBytes === undefined ? 'less' : `${ctx.receivedBytes} bytes`;
    return new ProtocolError(`${ctx.what}: expected ${expected} from ${ctx.origin}, got ${got} before the connection broke (${code})`, { cause: err });
  }
  return networkError(err, ctx);
}
