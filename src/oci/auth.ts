/**
 * The authenticator of one registry endpoint. It starts anonymous, learns the
 * scheme from the first 401's WWW-Authenticate, and from then on attaches
 * authorization proactively: Basic when the challenge is Basic, otherwise
 * Bearer tokens fetched per (realm, service, scopes) and cached until shortly
 * before they expire. Concurrent requests for the same scopes share one fetch.
 */
import { AuthError } from '../errors.ts';
import type { Credentials, TokenGrant, TokenHttp } from './credential-types.ts';
import { basicAuthorization, requestToken } from './token.ts';
import { findChallenge, parseWwwAuthenticate } from './www-authenticate.ts';

export type RepoAction = 'pull' | 'push' | 'delete';

/** `repository:NAME:pull,push` */
export function repoScope(repo: string, actions: readonly RepoAction[]): string {
  return `repository:${repo}:${actions.join(',')}`;
}

type Mode =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'basic' }
  | { readonly kind: 'bearer'; readonly realm: string; readonly service: string | undefined };

interface CachedToken {
  readonly token: string;
  /** On the monotonic clock. */
  readonly refreshAtMs: number;
}

export interface AuthenticatorOptions {
  readonly credentials: Credentials;
  readonly http: TokenHttp;
  readonly insecure: boolean;
  /** Monotonic ms (performance.now) for expiry. */
  readonly now: () => number;
  /** Epoch ms, to age a token by its `issued_at`. */
  readonly dateNow: () => number;
  /** Refresh this long before expiry (capped at 10% of the token's lifetime). */
  readonly expirySkewMs?: number;
}

const DEFAULT_EXPIRY_SKEW_MS = 5_000;

export class Authenticator {
  private readonly opts: AuthenticatorOptions;
  private readonly skewMs: number;
  private mode: Mode = { kind: 'unknown' };
  private readonly cache = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<string>>();
  /** How many tokens were fetched (for reports: token traffic is not registry traffic). */
  tokenFetches = 0;

  constructor(opts: AuthenticatorOptions) {
    this.opts = opts;
    this.skewMs = opts.expirySkewMs ?? DEFAULT_EXPIRY_SKEW_MS;
  }

  /** The scheme learned so far: 'unknown' until a challenge was seen. */
  get scheme(): 'unknown' | 'basic' | 'bearer' {
    return this.mode.kind;
  }

  /** The Authorization value to send with a request needing `scopes`, or undefined to go anonymous. */
  async authorization(scopes: readonly string[], signal?: AbortSignal): Promise<string | undefined> {
    const creds = this.opts.credentials;
    if (creds.kind === 'bearer') return `Bearer ${creds.token}`;
    if (this.mode.kind === 'basic') return creds.kind === 'basic' ? basicAuthorization(creds.username, creds.password) : undefined;
    if (this.mode.kind === 'bearer') return `Bearer ${await this.token(this.mode, scopes, [], signal)}`;
    return undefined;
  }

  /** Remembers the challenge of a 401 without fetching anything (ping). */
  observe(wwwAuthenticate: string | undefined): void {
    const challenges = parseWwwAuthenticate(wwwAuthenticate);
    const bearer = findChallenge(challenges, 'bearer');
    if (bearer?.params.realm) {
      this.mode = { kind: 'bearer', realm: bearer.params.realm, service: bearer.params.service };
    } else if (findChallenge(challenges, 'basic')) {
      this.mode = { kind: 'basic' };
    }
  }

  /**
   * After a 401: learns the challenge and prepares new authorization for the
   * one retry the transport makes. `sent` is the Authorization value that was
   * refused (undefined if none). Throws AuthError when nothing can satisfy it.
   */
  async onUnauthorized(wwwAuthenticate: string | undefined, scopes: readonly string[], sent: string | undefined, signal?: AbortSignal): Promise<void> {
    const creds = this.opts.credentials;
    if (creds.kind === 'bearer') throw new AuthError('the registry refused the configured token (401)', { status: 401 });
    const challenges = parseWwwAuthenticate(wwwAuthenticate);
    const bearer = findChallenge(challenges, 'bearer');
    if (bearer?.params.realm) {
      const mode = { kind: 'bearer', realm: bearer.params.realm, service: bearer.params.service } as const;
      this.mode = mode;
      const key = cacheKey(mode, scopes);
      const cached = this.cache.get(key);
      if (cached && `Bearer ${cached.token}` === sent) this.cache.delete(key);
      const extra = (bearer.params.scope ?? '').split(' ').filter((s) => s !== '');
      await this.token(mode, scopes, extra, signal);
      return;
    }
    if (findChallenge(challenges, 'basic')) {
      this.mode = { kind: 'basic' };
      if (creds.kind !== 'basic') throw new AuthError('the registry requires a username and password (Basic) and none are configured', { status: 401 });
      if (sent !== undefined) throw new AuthError('the registry refused the username and password (401)', { status: 401 });
      return;
    }
    throw new AuthError('the registry answered 401 without a usable WWW-Authenticate challenge', { status: 401 });
  }

  private async token(mode: Extract<Mode, { kind: 'bearer' }>, scopes: readonly string[], extra: readonly string[], signal?: AbortSignal): Promise<string> {
    const key = cacheKey(mode, scopes);
    const cached = this.cache.get(key);
    if (cached && this.opts.now() < cached.refreshAtMs) return cached.token;
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const all = [...new Set([...scopes, ...extra])];
    const fetching = this.fetch({ realm: mode.realm, service: mode.service, scopes: all }, key, signal);
    this.inflight.set(key, fetching);
    try {
      return await fetching;
    } finally {
      this.inflight.delete(key);
    }
  }

  private async fetch(req: { realm: string; service: string | undefined; scopes: string[] }, key: string, signal?: AbortSignal): Promise<string> {
    this.tokenFetches++;
    const opts = signal ? { insecure: this.opts.insecure, signal } : { insecure: this.opts.insecure };
    const creds = this.opts.credentials;
    const grant = creds.kind === 'azure' ? await creds.signIn.accessToken(req, this.opts.http, opts) : await requestToken(req, creds, this.opts.http, opts);
    this.cache.set(key, { token: grant.token, refreshAtMs: this.opts.now() + this.remainingMs(grant) });
    return grant.token;
  }

  /** Lifetime left, minus the skew; aged by issued_at only when that is plausible (clocks differ). */
  private remainingMs(grant: TokenGrant): number {
    let remaining = grant.lifetimeMs;
    if (grant.issuedAtEpochMs !== undefined) {
      const ageMs = this.opts.dateNow() - grant.issuedAtEpochMs;
      if (ageMs > 0 && ageMs < grant.lifetimeMs) remaining -= ageMs;
    }
    return remaining - Math.min(this.skewMs, grant.lifetimeMs / 10);
  }
}

function cacheKey(mode: { realm: string; service: string | undefined }, scopes: readonly string[]): string {
  return JSON.stringify([mode.realm, mode.service ?? '', [...new Set(scopes)].sort()]);
}
