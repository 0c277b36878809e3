/**
 * The one place replbench's registry client makes HTTP requests.
 *
 * - One keep-alive undici Pool for the registry's origin, one Agent (a pool per
 *   origin) for everything else: token realms, redirect targets, upload
 *   Locations on another host. Both live as long as the client.
 * - `timeoutMs` is an inactivity limit: connecting, waiting for response
 *   headers (refreshed while a body is still being sent), and every gap
 *   between body chunks. It combines with the caller's AbortSignal.
 * - `limits` bound every request in total (transfer-watch.ts): a deadline from
 *   the first attempt to the last body byte, and a minimum rate while a body
 *   moves. A registry that trickles or never finishes ends in a TimeoutError
 *   or StalledError naming the request, never a hang.
 * - Authorization is only ever sent to the registry's origin. A 401 is
 *   answered once (new token or Basic); a second 401 is an AuthError.
 * - 429 and 503 are retried after Retry-After (or a capped backoff), bounded in
 *   count and total wait; when the budget is spent, the response is returned.
 * - Plain http only with `insecure`; no scheme but http and https, ever.
 */
import { Agent, Pool, type Dispatcher } from 'undici';
import { redactUrl } from '../redact.ts';
import { AbortedError, AuthError, ProtocolError, ReplbenchError } from '../errors.ts';
import type { Sleep } from '../time/clock.ts';
import { Authenticator } from './auth.ts';
import type { Credentials, TokenHttp } from './credential-types.ts';
import type { Endpoint } from './endpoint.ts';
import { bodyNetworkError, networkError, parseErrorBody } from './errors.ts';
import { discard, header, headerJoined, readBytes, readTextPrefix, type Exchange } from './response.ts';
import { parseRetryAfter } from './retry-after.ts';
import { TransferWatch, type TransferLimits } from './transfer-watch.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** Called once per attempt, so a retried request streams its body again. */
export type BodyFactory = () => Uint8Array | AsyncIterable<Uint8Array>;

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
  /** Total deadline and minimum body rate of every request. */
  readonly limits: TransferLimits;
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

export class Transport {
  readonly origin: string;
  readonly auth: Authenticator;
  private readonly opts: TransportOptions;
  private readonly pool: Pool;
  private readonly agent: Agent;
  /** The watch of each response body handed out, for bodyError. */
  private readonly watches = new WeakMap<object, TransferWatch>();

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

  get limits(): TransferLimits {
    return this.opts.limits;
  }

  async request(spec: RequestSpec): Promise<Exchange> {
    const url = this.resolve(spec.url);
    this.checkScheme(spec.method, url);
    const watch = new TransferWatch(this.opts.limits, { what: `${spec.method} ${redactUrl(url)}`, peer: url.origin, signal: spec.signal });
    try {
      const ex = await this.attempts(spec, url, watch);
      watch.settle();
      return ex;
    } catch (err) {
      watch.finish();
      throw watch.failure ?? err;
    }
  }

  private async attempts(spec: RequestSpec, url: URL, watch: TransferWatch): Promise<Exchange> {
    const authenticate = url.origin === this.origin && spec.anonymous !== true;
    const scopes = spec.scopes ?? [];
    const what = `${spec.method} ${redactUrl(url)}`;
    let retriesLeft = spec.retries ?? this.opts.maxRetries;
    let waitedMs = 0;
    let backoffs = 0;
    let answered401 = false;
    for (;;) {
      if (spec.signal?.aborted) throw new AbortedError(`${what}: aborted`);
      const authorization = authenticate ? await this.auth.authorization(scopes, watch.signal) : undefined;
      const ex = await this.send(spec, url, authorization, watch);
      if (ex.status === 401 && authenticate) {
        if (answered401) {
          const body = parseErrorBody(401, await readTextPrefix(ex));
          throw new AuthError(`${what}: the registry refused the credentials (401: ${body.message})`, { status: 401 });
        }
        const challenge = headerJoined(ex, 'www-authenticate');
        await discard(ex);
        try {
          await this.auth.onUnauthorized(challenge, scopes, authorization, watch.signal);
        } catch (err) {
          // Name the request the challenge came from; the authenticator's own words follow.
          if (err instanceof AuthError && !err.message.startsWith(what)) throw new AuthError(`${what}: ${err.message}`, { status: err.status ?? 401, cause: err });
          throw err;
        }
        answered401 = true;
        continue;
      }
      if (ex.status !== 429 && ex.status !== 503) return ex;
      const retryAfterMs = parseRetryAfter(header(ex, 'retry-after'), { dateNowMs: this.opts.dateNow(), maxMs: MAX_RETRY_AFTER_MS });
      const waitMs = retryAfterMs ?? Math.min(BACKOFF_BASE_MS * 2 ** backoffs, BACKOFF_MAX_MS);
      if (retriesLeft <= 0 || waitedMs + waitMs > this.opts.maxRetryWaitMs || waitMs >= watch.remainingMs()) return { ...ex, retryAfterMs };
      await discard(ex);
      await this.opts.sleep(waitMs, watch.signal);
      waitedMs += waitMs;
      retriesLeft--;
      backoffs++;
    }
  }

  /** Only http(s) URLs are ever requested, and plain http only with insecure. */
  private checkScheme(method: string, url: URL): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ProtocolError(`${method} ${url.protocol}//${url.host}…: expected an http: or https: URL, got a ${url.protocol} URL`);
    }
    if (url.protocol === 'http:' && !this.opts.insecure) {
      throw new ProtocolError(`${method} ${redactUrl(url)}: refusing a plain-http URL from ${url.host} without --insecure`);
    }
  }

  /** Maps an error thrown while reading a response body (abort, deadline, stall, timeout, reset, truncation). */
  bodyError(err: unknown, ex: Exchange, signal?: AbortSignal): unknown {
    const watch = this.watches.get(ex.body);
    if (watch?.failure !== undefined) return watch.failure;
    if (err instanceof ReplbenchError) return err;
    return bodyNetworkError(err, {
      origin: ex.url.origin,
      what: `${ex.method} ${redactUrl(ex.url)}`,
      timeoutMs: this.opts.timeoutMs,
      receivedBytes: watch?.receivedBytes,
      expectedBytes: watch?.expectedBytes,
      ...(signal ? { signal } : {}),
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.close(), this.agent.close()]);
  }

  private dispatcher(url: URL): Dispatcher {
    return url.origin === this.origin ? this.pool : this.agent;
  }

  private async send(spec: RequestSpec, url: URL, authorization: string | undefined, watch: TransferWatch): Promise<Exchange> {
    this.checkScheme(spec.method, url);
    watch.attempt(`${spec.method} ${redactUrl(url)}`, url.origin);
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
        body: (spec.body ? watch.body(spec.body()) : null) as NonNullable<Dispatcher.RequestOptions['body']>,
        signal: watch.signal,
        headersTimeout: this.opts.timeoutMs,
        bodyTimeout: this.opts.timeoutMs,
        // undici closes the connection after every HEAD unless told otherwise (a
        // guard against servers that send a body). Registries answer HEAD by the
        // spec, and probes are mostly HEADs: keep their connections alive, so a
        // probe costs one round trip, not a new TCP (and TLS) handshake.
        ...(spec.method === 'HEAD' ? { reset: false } : {}),
      });
      const headersAtMs = this.opts.now();
      watch.receive(res.body, spec.method === 'HEAD' ? undefined : header({ headers: res.headers }, 'content-length'));
      this.watches.set(res.body, watch);
      return { method: spec.method, url, status: res.statusCode, headers: res.headers, body: res.body, sentAtMs, headersAtMs, retryAfterMs: undefined };
    } catch (err) {
      throw watch.failure ?? networkError(err, { origin: url.origin, what: `${spec.method} ${redactUrl(url)}`, timeoutMs: this.opts.timeoutMs, ...(spec.signal ? { signal: spec.signal } : {}) });
    }
  }

  private readonly tokenHttp: TokenHttp = async (call) => {
    const url = new URL(call.url);
    const watch = new TransferWatch(this.opts.limits, { what: `${call.method} ${redactUrl(url)}`, peer: url.origin, signal: call.signal });
    try {
      const reply = await this.tokenExchange(call, watch);
      watch.finish();
      return reply;
    } catch (err) {
      watch.finish();
      throw watch.failure ?? err;
    }
  };

  private async tokenExchange(call: Parameters<TokenHttp>[0], watch: TransferWatch): Promise<Awaited<ReturnType<TokenHttp>>> {
    const ex = await this.send(
      {
        method: call.method,
        url: call.url,
        headers: call.body === undefined ? call.headers : { ...call.headers, 'content-length': String(Buffer.byteLength(call.body)) },
        ...(call.body !== undefined ? { body: () => Buffer.from(call.body as string) } : {}),
        signal: call.signal,
      },
      new URL(call.url),
      undefined, // call.headers carries the token endpoint's own authorization, if any
      watch,
    );
    try {
      // An answer that is not a token may be anything (an HTML error page); a token answer is small.
      if (ex.status !== 200) return { status: ex.status, text: await readTextPrefix(ex) };
      return { status: ex.status, text: Buffer.from(await readBytes(ex, TOKEN_BODY_LIMIT_BYTES, 'the token response')).toString('utf8') };
    } catch (err) {
      throw this.bodyError(err, ex, call.signal);
    }
  }
}
