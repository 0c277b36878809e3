/**
 * Authentication for the load phase. autocannon sends fixed headers, so the
 * load asks the registry once (GET /v2/) how it wants to be authenticated and
 * then keeps one Authorization value fresh: Basic as is, Bearer tokens from
 * the realm through oci/auth.ts's Authenticator, which caches a token until
 * shortly before it expires — calling authorization() again after that
 * fetches the next one. Registries without authentication (the lab) answer
 * 200 and the load goes anonymous. Each of these requests has the registry
 * client's deadline and minimum body rate (oci/transfer-watch.ts).
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { describeError, UnreachableError } from '../errors.ts';
import { Authenticator } from '../oci/auth.ts';
import type { Credentials, TokenHttp } from '../oci/credential-types.ts';
import { TRANSFER_DEFAULTS, TransferWatch } from '../oci/transfer-watch.ts';
import { findChallenge, parseWwwAuthenticate } from '../oci/www-authenticate.ts';

export interface LoadAuthOptions {
  /** Registry base URL (`scheme://host[:port]`). */
  readonly baseUrl: string;
  readonly credentials: Credentials;
  /** Plain-http token realms allowed. */
  readonly insecure: boolean;
  readonly tlsRejectUnauthorized?: boolean;
  readonly now?: () => number;
  readonly dateNow?: () => number;
  readonly signal?: AbortSignal;
}

export type LoadAuthScheme = 'none' | 'basic' | 'bearer';

export interface LoadAuth {
  readonly scheme: LoadAuthScheme;
  /** The Bearer challenge's realm and service (scheme 'bearer' only). */
  readonly realm?: { readonly realm: string; readonly service: string | undefined };
  readonly credentials: Credentials;
  /** The Authorization value for requests needing `scopes` (undefined: anonymous); cached, refreshed before expiry. */
  authorization(scopes: readonly string[], signal?: AbortSignal): Promise<string | undefined>;
  close(): Promise<void>;
}

const TOKEN_BODY_LIMIT_BYTES = 1024 * 1024;

export async function discoverLoadAuth(opts: LoadAuthOptions): Promise<LoadAuth> {
  const agent = new Agent({ connect: { rejectUnauthorized: opts.tlsRejectUnauthorized ?? true } });
  const http: TokenHttp = async (call) => {
    const watch = new TransferWatch(TRANSFER_DEFAULTS, { what: `${call.method} ${new URL(call.url).pathname}`, peer: new URL(call.url).origin, signal: call.signal });
    try {
      const res = await request(call.url, {
        method: call.method,
        headers: call.body === undefined ? call.headers : { ...call.headers, 'content-length': String(Buffer.byteLength(call.body)) },
        ...(call.body !== undefined ? { body: call.body } : {}),
        signal: watch.signal,
        dispatcher: agent,
      });
      watch.receive(res.body, undefined);
      const text = await res.body.text();
      return { status: res.statusCode, text: text.slice(0, TOKEN_BODY_LIMIT_BYTES) };
    } catch (err) {
      throw watch.failure ?? err;
    } finally {
      watch.finish();
    }
  };
  let challenge: string | undefined;
  let status: number;
  const url = new URL('/v2/', opts.baseUrl);
  const watch = new TransferWatch(TRANSFER_DEFAULTS, { what: 'GET /v2/', peer: url.origin, signal: opts.signal });
  try {
    const res = await request(url, { method: 'GET', dispatcher: agent, signal: watch.signal });
    watch.receive(res.body, undefined);
    await res.body.dump();
    watch.finish();
    status = res.statusCode;
    const h = res.headers['www-authenticate'];
    challenge = Array.isArray(h) ? h.join(', ') : h;
  } catch (err: unknown) {
    watch.finish();
    await agent.close();
    throw new UnreachableError(url.origin, `GET ${url.origin}/v2/ failed: ${describeError(watch.failure ?? err)}`, { cause: watch.failure ?? err });
  }
  const bearer = findChallenge(parseWwwAuthenticate(challenge), 'bearer');
  const scheme: LoadAuthScheme = status !== 401 ? 'none' : bearer?.params.realm ? 'bearer' : 'basic';
  const authenticator = new Authenticator({
    credentials: opts.credentials,
    http,
    insecure: opts.insecure,
    now: opts.now ?? ((): number => performance.now()),
    dateNow: opts.dateNow ?? Date.now,
  });
  if (status === 401) authenticator.observe(challenge);
  return {
    scheme,
    ...(scheme === 'bearer' && bearer?.params.realm ? { realm: { realm: bearer.params.realm, service: bearer.params.service } } : {}),
    credentials: opts.credentials,
    async authorization(scopes, signal) {
      if (scheme === 'none' && opts.credentials.kind !== 'bearer') return undefined;
      return authenticator.authorization(scopes, signal);
    },
    close: () => agent.close(),
  };
}
