/**
 * The one place replbench's registry client makes HTTP requests.
 *
 * - One keep-alive undici Pool for the registry's origin, one Agent (a pool per
 *   origin) for everything else: token realms, redirect targets, upload
 *   Locations on another host. Both live as long as the client.
 * - `timeoutMs` is an inactivity limit: connecting, waiting for response
 *   headers (refreshed while a body is still being sent), and every gap
 *   between body chunks. It combines with the caller's AbortSignal.
 * - Authorization is only ever sent to the registry's origin. A 401 is
 *   answered once (new token or Basic); a second 401 is an AuthError.
 * - 429 and 503 are retried after Retry-After (or a capped backoff), bounded in
 *   count and total wait; when the budget is spent, the response is returned.
 * - Plain http only with `insecure`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Agent, Pool, type Dispatcher } from 'undici';
import { AbortedError, AuthError, ProtocolError } from '../errors.ts';
import { Authenticator } from './auth.ts';
import type { Credentials } from './credentials.ts';
import type { Endpoint } from './endpoint.ts';
import { networkError, parseErrorBody, redactUrl } from './errors.ts';
import { discard, header, headerJoined, readTextPrefix, type Exchange } from './response.ts';
import { parseRetryAfter } from './retry-after.ts';
import type { TokenHttp } from './token.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** Called once per attempt, so a retried request streams its body again. */
export type BodyFactory = () => Uint8Array | AsyncIterable<Uint8Array>;
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RequestSpec {
  readonly method: HttpMethod;
  /** `/v2/…` (relative to the endpoint) or an absolute URL (Location, redirect). */
  readonly url: string | URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: BodyFactory;
  /** Token scopes this request needs (`repository:NAME:pull`). */
  readonly scopes?: readonly string[];
  readonly signal?: AbortSignal | undefined;
  /** Retries on 429/503; defaults to the transport's maxRetries; 0 for probes. */
  readonly retries?: number;
  /** Send no Authorization and do not answer a 401 (ping). */
  readonly anonymous?: boolean;
  /** Incremented once per HTTP request actually sent. */
  readonly counter?: { requests: number };
}

export interface TransportOptions {
  readonly endpoint: Endpoint;
  readonly credentials: Credentials;
  readonly insecure: boolean;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxRetryWaitMs: number;
  readonly tlsRejectUnauthorized: boolean;
  readonly userAgent: string;
  /** Connections per origin; undefined = as many as there are concurrent requests. */
  readonly connections: number | undefined;
  readonly now: () => number;
  readonly dateNow: () => number;
  readonly sleep: Sleep;
}

const TOKEN_BODY_LIMIT_BYTES = 1024 * 1024;
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 5_000;
/** Retry-After values are believed up to an hour; a wait beyond the retry budget hands the response back instead. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/** Default sleep: a timer that rejects with AbortedError when the signal fires. */
export const realSleep: Sleep = async (ms, signal) => {
  try {
    await delay(ms, undefined, signal ? { signal } : undefined);
  } catch (err) {
    throw new AbortedError('aborted while waiting to retry', { cause: err });
  }
};

export class Transport {
  readonly origin: string;
  readonly auth: Authenticator;
  private readonly opts: TransportOptions;
  private readonly pool: Pool;
  private readonly agent: Agent;

  constructor(opts: TransportOptions) {
    this.opts = opts;
    this.origin = opts.endpoint.origin;
    const connect = { rejectUnauthorized: opts.tlsRejectUnauthorized, timeout: opts.timeoutMs };
    const sizing = opts.connections === undefined ? {} : { connections: opts.connections };
    this.pool = new Pool(this.origin, { connect, ...sizing });
    this.agent = new Agent({ connect, ...sizing });
    this.auth = new Authenticator({
      credentials: opts.credentials,
      http: this.tokenHttp,
      insecure: opts.insecure,
      now: opts.now,
      dateNow: opts.dateNow,
    });
  }

  get timeoutMs(): number {
    return this.opts.timeoutMs;
  }

  now(): number {
    return this.opts.now();
  }

  resolve(url: string | URL): URL {
    return new URL(url, this.origin);
  }

  async request(spec: RequestSpec): Promise<Exchange> {
    const url = this.resolve(spec.url);
    if (url.protocol === 'http:' && !this.opts.insecure) {
      throw new ProtocolError(`${spec.method} ${redactUrl(url)}: refusing a plain-http URL from ${url.host} without --insecure`);
    }
    const authenticate = url.origin === this.origin && spec.anonymous !== true;
    const scopes = spec.scopes ?? [];
    let retriesLeft = spec.retries ?? this.opts.maxRetries;
    let waitedMs = 0;
    let backoffs = 0;
    let answered401 = false;
    for (;;) {
      if (spec.signal?.aborted) throw new AbortedError(`${spec.method} ${redactUrl(url)}: aborted`);
      const authorization = authenticate ? await this.auth.authorization(scopes, spec.signal) : undefined;
      const ex = await this.send(spec, url, authorization);
      if (ex.status === 401 && authenticate) {
        if (answered401) {
          const body = parseErrorBody(401, await readTextPrefix(ex));
          throw new AuthError(`${spec.method} ${redactUrl(url)}: the registry refused the credentials (401: ${body.message})`, { status: 401 });
        }
        const challenge = headerJoined(ex, 'www-authenticate');
        await discard(ex);
        await this.auth.onUnauthorized(challenge, scopes, authorization, spec.signal);
        answered401 = true;
        continue;
      }
      if (ex.status !== 429 && ex.status !== 503) return ex;
      const retryAfterMs = parseRetryAfter(header(ex, 'retry-after'), { dateNowMs: this.opts.dateNow(), maxMs: MAX_RETRY_AFTER_MS });
      const waitMs = retryAfterMs ?? Math.min(BACKOFF_BASE_MS * 2 ** backoffs, BACKOFF_MAX_MS);
      if (retriesLeft <= 0 || waitedMs + waitMs > this.opts.maxRetryWaitMs) return { ...ex, retryAfterMs };
      await discard(ex);
      await this.opts.sleep(waitMs, spec.signal);
      waitedMs += waitMs;
      retriesLeft--;
      backoffs++;
    }
  }

  /** Maps an error thrown while reading a response body (abort, timeout, reset). */
  bodyError(err: unknown, ex: Exchange, signal?: AbortSignal): unknown {
    return networkError(err, { origin: ex.url.origin, what: `${ex.method} ${redactUrl(ex.url)}`, timeoutMs: this.opts.timeoutMs, ...(signal ? { signal } : {}) });
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.close(), this.agent.close()]);
  }

  private dispatcher(url: URL): Dispatcher {
    return url.origin === this.origin ? this.pool : this.agent;
  }

  private async send(spec: RequestSpec, url: URL, authorization: string | undefined): Promise<Exchange> {
    const headers: Record<string, string> = { 'user-agent': this.opts.userAgent, ...spec.headers };
    if (authorization !== undefined) headers.authorization = authorization;
    if (spec.counter) spec.counter.requests++;
    const sentAtMs = this.opts.now();
    try {
      const res = await this.dispatcher(url).request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: spec.method,
        headers,
        // undici streams async iterables with backpressure; its typings only list Readable.
        body: (spec.body?.() ?? null) as Dispatcher.RequestOptions['body'],
        signal: spec.signal ?? null,
        headersTimeout: this.opts.timeoutMs,
        bodyTimeout: this.opts.timeoutMs,
        // undici closes the connection after every HEAD unless told otherwise (a
        // guard against servers that send a body). Registries answer HEAD by the
        // spec, and probes are mostly HEADs: keep their connections alive, so a
        // probe costs one round trip, not a new TCP (and TLS) handshake.
        ...(spec.method === 'HEAD' ? { reset: false } : {}),
      });
      const headersAtMs = this.opts.now();
      return { method: spec.method, url, status: res.statusCode, headers: res.headers, body: res.body, sentAtMs, headersAtMs, retryAfterMs: undefined };
    } catch (err) {
      throw networkError(err, { origin: url.origin, what: `${spec.method} ${redactUrl(url)}`, timeoutMs: this.opts.timeoutMs, ...(spec.signal ? { signal: spec.signal } : {}) });
    }
  }

  private readonly tokenHttp: TokenHttp = async (call) => {
    const ex = await this.send(
      {
        method: call.method,
        url: call.url,
        headers: call.body === undefined ? call.headers : { ...call.headers, 'content-length': String(Buffer.byteLength(call.body)) },
        ...(call.body !== undefined ? { body: () => Buffer.from(call.body as string) } : {}),
        signal: call.signal,
      },
      call.url,
      undefined, // call.headers carries the token endpoint's own authorization, if any
    );
    try {
      return { status: ex.status, text: await readTextPrefix(ex, TOKEN_BODY_LIMIT_BYTES) };
    } catch (err) {
      throw this.bodyError(err, ex, call.signal);
    }
  };
}
