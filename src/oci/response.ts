/**
 * One HTTP exchange as the transport hands it over, and the small helpers
 * every operation uses on it: read a header, read a bounded body, discard a
 * body (so the connection returns to the pool), turn an unexpected status into
 * a RegistryError.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { redactUrl } from '../redact.ts';
import { ProtocolError } from '../errors.ts';
import { parseErrorBody, RegistryError } from './errors.ts';

export interface Exchange {
  readonly method: string;
  /** The URL of the final attempt (may carry query state: never log it, use redactUrl). */
  readonly url: URL;
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Dispatcher.ResponseData['body'];
  /** Injected clock at the moment the final attempt was sent. */
  readonly sentAtMs: number;
  /** Injected clock when its response headers arrived. */
  readonly headersAtMs: number;
  /** Retry-After of a 429/503 that was handed back rather than retried. */
  readonly retryAfterMs: number | undefined;
}

/** Bodies larger than this are not read into memory for error messages. */
const ERROR_BODY_LIMIT_BYTES = 64 * 1024;

/** First value of a header (names are lowercase in undici). */
export function header(ex: Pick<Exchange, 'headers'>, name: string): string | undefined {
  const value = ex.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** All values of a header joined with ", " (WWW-Authenticate, Link may repeat). */
export function headerJoined(ex: Pick<Exchange, 'headers'>, name: string): string | undefined {
  const value = ex.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Consumes and drops the body, keeping the connection reusable when the body is small. */
export async function discard(ex: Exchange): Promise<void> {
  try {
    await ex.body.dump({ limit: ERROR_BODY_LIMIT_BYTES });
  } catch {
    // the connection is gone either way; nothing to report
  }
}

/** Reads the whole body; more than maxBytes is a ProtocolError (a manifest or token answer is small). */
export async function readBytes(ex: Exchange, maxBytes: number, what = 'the response body'): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of ex.body as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      ex.body.destroy();
      throw new ProtocolError(`${ex.method} ${redactUrl(ex.url)}: expected ${what} within ${maxBytes} bytes, got more than that`);
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
}

/** Reads at most `maxBytes` of the body as text, dropping the rest. */
export async function readTextPrefix(ex: Exchange, maxBytes = ERROR_BODY_LIMIT_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of ex.body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.byteLength;
      if (total >= maxBytes) {
        ex.body.destroy();
        break;
      }
    }
  } catch {
    // a half-read error body still says something
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

/** A RegistryError for an unexpected status, from the (bounded) error body. */
export async function registryError(ex: Exchange, message?: string): Promise<RegistryError> {
  const text = ex.method === 'HEAD' ? '' : await readTextPrefix(ex);
  return new RegistryError({
    status: ex.status,
    method: ex.method,
    url: ex.url,
    body: parseErrorBody(ex.status, text),
    ...(ex.retryAfterMs !== undefined ? { retryAfterMs: ex.retryAfterMs } : {}),
    ...(message !== undefined ? { message } : {}),
  });
}

/** Throws a RegistryError unless the status is one of `ok`. */
export async function expectStatus(ex: Exchange, ok: readonly number[]): Promise<void> {
  if (!ok.includes(ex.status)) throw await registryError(ex);
}

/** The Location header resolved against the request URL (it may be relative or absolute). */
export function locationOf(ex: Exchange): URL {
  const location = header(ex, 'location');
  if (!location) throw new ProtocolError(`${ex.method} ${redactUrl(ex.url)} → ${ex.status} without a Location header`);
  try {
    return new URL(location, ex.url);
  } catch {
    throw new ProtocolError(`${ex.method} ${redactUrl(ex.url)} → ${ex.status} with an unparsable Location header`);
  }
}
