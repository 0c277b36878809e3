/**
 * The two token calls of Azure Container Registry's OAuth2 flow, as its docs
 * (Azure/acr AAD-OAuth.md) describe them. Both are form posts
 * (application/x-www-form-urlencoded) answered with JSON:
 *
 *   POST https://LOGIN_SERVER/oauth2/exchange
 *     grant_type=access_token & service=LOGIN_SERVER & tenant=TENANT (optional)
 *     & access_token=MICROSOFT_ENTRA_ACCESS_TOKEN
 *   → {"refresh_token": "ACR refresh token"}
 *
 *   POST https://LOGIN_SERVER/oauth2/token      (the Bearer challenge's realm)
 *     grant_type=refresh_token & service=SERVICE & scope=S1 & scope=S2 …
 *     & refresh_token=ACR_REFRESH_TOKEN
 *   → {"access_token": "ACR access token"}
 *
 * The HTTP call is injected (the transport's token hook). Errors are
 * AuthErrors naming the endpoint (origin and path), never a token or a body.
 */
import { registerSecret } from '../redact.ts';
import { AuthError } from '../errors.ts';
import type { TokenHttp, TokenHttpCall } from './credential-types.ts';

export const ACR_EXCHANGE_PATH = '/oauth2/exchange';
export const ACR_TOKEN_PATH = '/oauth2/token';
/** The user name that marks an ACR refresh token given as a password (`az acr login --expose-token`). */
export const ACR_REFRESH_TOKEN_USERNAME = '00000000-0000-0000-0000-000000000000';
const FORM = 'application/x-www-form-urlencoded';

/** Checks a realm (or exchange) URL: https, or http only when insecure. */
export function acrAuthUrl(text: string, insecure: boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AuthError('the registry\'s token realm is not a URL');
  }
  if (url.protocol === 'http:' && !insecure) throw new AuthError(`refusing plain-http token endpoint ${url.origin}${url.pathname} without --insecure`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AuthError(`unsupported token endpoint scheme ${url.protocol}`);
  return url;
}

/**
 * The exchange endpoint that goes with a token realm: the realm with its
 * trailing `/oauth2/token` replaced by `/oauth2/exchange`, or the realm's
 * origin + `/oauth2/exchange` when the realm has another path. No query.
 */
export function exchangeUrlFor(realm: string, insecure: boolean): URL {
  const url = acrAuthUrl(realm, insecure);
  const path = url.pathname.endsWith(ACR_TOKEN_PATH) ? `${url.pathname.slice(0, -ACR_TOKEN_PATH.length)}${ACR_EXCHANGE_PATH}` : ACR_EXCHANGE_PATH;
  return new URL(path, url.origin);
}

function post(url: URL, form: URLSearchParams, signal: AbortSignal | undefined): TokenHttpCall {
  return { method: 'POST', url, headers: { 'content-type': FORM, accept: 'application/json' }, body: form.toString(), ...(signal ? { signal } : {}) };
}

function jsonField(text: string, field: string, where: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AuthError(`${where} answered with something that is not JSON`);
  }
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string' || value === '') throw new AuthError(`${where} answered without "${field}"`);
  registerSecret(value);
  return value;
}

function refusal(status: number, where: string, hint: string): AuthError {
  if (status === 401 || status === 403) return new AuthError(`${where} refused the credentials (${status}): ${hint}`, { status });
  return new AuthError(`${where} answered ${status}`, { status });
}

export interface ExchangeRequest {
  readonly url: URL;
  /** The registry's login server (the challenge's `service`). */
  readonly service: string;
  readonly tenant: string | undefined;
  readonly aadAccessToken: string;
  readonly signal?: AbortSignal | undefined;
}

/** Microsoft Entra access token → ACR refresh token. */
export async function exchangeForRefreshToken(http: TokenHttp, req: ExchangeRequest): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'access_token', service: req.service });
  if (req.tenant !== undefined) form.set('tenant', req.tenant);
  form.set('access_token', req.aadAccessToken);
  const where = `ACR exchange endpoint ${req.url.origin}${req.url.pathname}`;
  const reply = await http(post(req.url, form, req.signal));
  if (reply.status !== 200) {
    throw refusal(reply.status, where, 'the Microsoft Entra identity needs a role on the registry (AcrPull, AcrPush) and the right tenant');
  }
  return jsonField(reply.text, 'refresh_token', where);
}

export interface AccessTokenRequest {
  /** The Bearer challenge's realm. */
  readonly url: URL;
  readonly service: string | undefined;
  readonly scopes: readonly string[];
  readonly refreshToken: string;
  readonly signal?: AbortSignal | undefined;
}

export interface AcrAccessTokenReply {
  readonly token: string;
  /** `expires_in` in ms, when the server sent it (ACR puts the expiry in the JWT instead). */
  readonly expiresInMs: number | undefined;
}

/** ACR refresh token → ACR access token for `scopes` (one `scope` field per scope). */
export async function requestAcrAccessToken(http: TokenHttp, req: AccessTokenRequest): Promise<AcrAccessTokenReply> {
  const form = new URLSearchParams({ grant_type: 'refresh_token' });
  if (req.service !== undefined) form.set('service', req.service);
  for (const scope of req.scopes) form.append('scope', scope);
  form.set('refresh_token', req.refreshToken);
  const where = `ACR token endpoint ${req.url.origin}${req.url.pathname}`;
  const reply = await http(post(req.url, form, req.signal));
  if (reply.status !== 200) throw refusal(reply.status, where, `no access to ${req.scopes.join(' ') || 'the registry'}`);
  const token = jsonField(reply.text, 'access_token', where);
  let expiresInMs: number | undefined;
  try {
    const n = Number((JSON.parse(reply.text) as Record<string, unknown>)['expires_in']);
    expiresInMs = Number.isFinite(n) && n > 0 ? n * 1000 : undefined;
  } catch {
    expiresInMs = undefined;
  }
  return { token, expiresInMs };
}
