/**
 * ACR sign-in with a Microsoft Entra identity (auth kind `azure`):
 *
 *   Entra access token (credential.getToken) ──POST /oauth2/exchange──▶ ACR refresh token
 *   ACR refresh token ──POST realm (/oauth2/token), per scope set──▶ ACR access token
 *
 * One AcrSignIn may serve many RegistryClients (every regional endpoint of a
 * registry): it keeps the ACR refresh token per (exchange URL, service,
 * tenant) and exchanges again shortly before it expires; the access tokens it
 * returns carry their lifetime (from the JWT's `exp`, else `expires_in`, else
 * a default), and each client's Authenticator caches them per scope set and
 * asks again before they expire. When the token endpoint refuses a cached
 * refresh token (401), the refresh token is exchanged anew once. Tokens are
 * never logged and never put into an error message.
 */
import { performance } from 'node:perf_hooks';
import { AuthError } from '../errors.ts';
import { ACR_AAD_SCOPE, entraAccessToken, lazyDefaultAzureCredential, type TokenCredentialLike } from './acr-credential.ts';
import { jwtTimes, remainingLifetimeMs } from './acr-jwt.ts';
import { acrAuthUrl, exchangeForRefreshToken, exchangeUrlFor, requestAcrAccessToken } from './acr-oauth.ts';
import type { AcrTokenSource, Credentials, TokenGrant, TokenHttp, TokenRequest } from './credential-types.ts';

/** `credentials` for RegistryClient: `new RegistryClient({ endpoint, credentials: azureCredentials() })`. */
export function azureCredentials(signIn: AcrTokenSource | AcrSignInOptions = {}): Extract<Credentials, { kind: 'azure' }> {
  return { kind: 'azure', signIn: 'accessToken' in signIn ? signIn : new AcrSignIn(signIn) };
}

export interface AcrSignInOptions {
  /** Default: DefaultAzureCredential of @azure/identity, loaded on first use. */
  readonly credential?: TokenCredentialLike;
  /** Microsoft Entra tenant: sent to /oauth2/exchange and to the credential. */
  readonly tenant?: string;
  /** Scope of the Entra token (default ACR_AAD_SCOPE). */
  readonly aadScope?: string;
  /** Monotonic ms (default performance.now). */
  readonly now?: () => number;
  /** Epoch ms, to read JWT `exp` (default Date.now). */
  readonly dateNow?: () => number;
  /** Exchange again this long before the refresh token expires (capped at 10% of its lifetime). */
  readonly refreshSkewMs?: number;
  /** Lifetime assumed for a refresh token without `exp`. */
  readonly defaultRefreshTokenLifetimeMs?: number;
  /** Lifetime assumed for an access token without `exp` or `expires_in`. */
  readonly defaultAccessTokenLifetimeMs?: number;
}

export const ACR_SIGNIN_DEFAULTS = {
  aadScope: ACR_AAD_SCOPE,
  refreshSkewMs: 60_000,
  defaultRefreshTokenLifetimeMs: 15 * 60_000,
  defaultAccessTokenLifetimeMs: 5 * 60_000,
} as const;

export interface AcrSignInStats {
  /** Entra access tokens asked of the credential. */
  entraTokens: number;
  /** POSTs to /oauth2/exchange. */
  exchanges: number;
  /** POSTs to /oauth2/token that returned an access token. */
  accessTokens: number;
}

interface CachedRefreshToken {
  readonly token: string;
  readonly refreshAtMs: number;
}

export class AcrSignIn implements AcrTokenSource {
  readonly stats: AcrSignInStats = { entraTokens: 0, exchanges: 0, accessTokens: 0 };
  readonly tenant: string | undefined;
  readonly aadScope: string;
  private readonly credential: TokenCredentialLike;
  private readonly now: () => number;
  private readonly dateNow: () => number;
  private readonly skewMs: number;
  private readonly refreshLifetimeMs: number;
  private readonly accessLifetimeMs: number;
  private readonly refreshTokens = new Map<string, CachedRefreshToken>();
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(opts: AcrSignInOptions = {}) {
    this.tenant = opts.tenant;
    this.aadScope = opts.aadScope ?? ACR_SIGNIN_DEFAULTS.aadScope;
    this.credential = opts.credential ?? lazyDefaultAzureCredential(opts.tenant);
    this.now = opts.now ?? (() => performance.now());
    this.dateNow = opts.dateNow ?? Date.now;
    this.skewMs = opts.refreshSkewMs ?? ACR_SIGNIN_DEFAULTS.refreshSkewMs;
    this.refreshLifetimeMs = opts.defaultRefreshTokenLifetimeMs ?? ACR_SIGNIN_DEFAULTS.defaultRefreshTokenLifetimeMs;
    this.accessLifetimeMs = opts.defaultAccessTokenLifetimeMs ?? ACR_SIGNIN_DEFAULTS.defaultAccessTokenLifetimeMs;
  }

  /** An ACR access token for the challenge's realm, service and scopes (the Authenticator's token hook). */
  async accessToken(req: TokenRequest, http: TokenHttp, opts: { insecure: boolean; signal?: AbortSignal }): Promise<TokenGrant> {
    const realm = acrAuthUrl(req.realm, opts.insecure);
    const exchangeUrl = exchangeUrlFor(req.realm, opts.insecure);
    const service = req.service ?? realm.host;
    const key = JSON.stringify([exchangeUrl.href, service, this.tenant ?? '']);
    const ask = async (refreshToken: string): Promise<TokenGrant> => {
      const reply = await requestAcrAccessToken(http, { url: realm, service: req.service, scopes: req.scopes, refreshToken, signal: opts.signal });
      this.stats.accessTokens++;
      const times = jwtTimes(reply.token);
      const fallbackMs = reply.expiresInMs ?? this.accessLifetimeMs;
      return { token: reply.token, lifetimeMs: remainingLifetimeMs(times, this.dateNow(), fallbackMs), issuedAtEpochMs: undefined };
    };
    const cached = this.cachedRefreshToken(key);
    const refreshToken = cached ?? (await this.refreshToken(key, exchangeUrl, service, http, opts.signal));
    try {
      return await ask(refreshToken);
    } catch (err: unknown) {
      if (cached === undefined || !(err instanceof AuthError) || err.status !== 401) throw err;
      this.refreshTokens.delete(key);
      return ask(await this.refreshToken(key, exchangeUrl, service, http, opts.signal));
    }
  }

  /** Forgets every refresh token: the next access token starts with a new exchange. */
  invalidate(): void {
    this.refreshTokens.clear();
  }

  private cachedRefreshToken(key: string): string | undefined {
    const c = this.refreshTokens.get(key);
    return c !== undefined && this.now() < c.refreshAtMs ? c.token : undefined;
  }

  private async refreshToken(key: string, url: URL, service: string, http: TokenHttp, signal: AbortSignal | undefined): Promise<string> {
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const fetching = (async () => {
      this.stats.entraTokens++;
      const aadAccessToken = await entraAccessToken(this.credential, this.aadScope, { tenantId: this.tenant, signal });
      this.stats.exchanges++;
      const token = await exchangeForRefreshToken(http, { url, service, tenant: this.tenant, aadAccessToken, signal });
      const lifetimeMs = remainingLifetimeMs(jwtTimes(token), this.dateNow(), this.refreshLifetimeMs);
      this.refreshTokens.set(key, { token, refreshAtMs: this.now() + lifetimeMs - Math.min(this.skewMs, lifetimeMs / 10) });
      return token;
    })();
    this.inflight.set(key, fetching);
    try {
      return await fetching;
    } finally {
      this.inflight.delete(key);
    }
  }
}

const shared = new Map<string, AcrSignIn>();

/**
 * One AcrSignIn per (tenant, Entra scope) for the whole process, so every
 * regional client of a run shares one refresh token. Options other than
 * tenant and aadScope apply only to the first call for a key.
 */
export function sharedAcrSignIn(opts: AcrSignInOptions = {}): AcrSignIn {
  const key = JSON.stringify([opts.tenant ?? '', opts.aadScope ?? ACR_SIGNIN_DEFAULTS.aadScope]);
  let signIn = shared.get(key);
  if (signIn === undefined) {
    signIn = new AcrSignIn(opts);
    shared.set(key, signIn);
  }
  return signIn;
}
