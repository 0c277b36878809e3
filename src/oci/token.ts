/**
 * One request to a Bearer token endpoint (Docker's token authentication spec):
 * `GET realm?service=…&scope=…&scope=…` with Basic credentials when there are
 * any, or, for an identity token, the OAuth2 form `POST realm` with
 * `grant_type=refresh_token`. The HTTP call is injected so the flow is testable.
 */
import { registerSecret } from '../redact.ts';
import { AuthError } from '../errors.ts';
import type { Credentials, TokenGrant, TokenHttp, TokenHttpCall, TokenRequest } from './credential-types.ts';

export const DEFAULT_TOKEN_LIFETIME_MS = 60_000;
export const OAUTH_CLIENT_ID = 'replbench';

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

function realmUrl(realm: string, insecure: boolean): URL {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new AuthError(`the registry's token realm is not a URL`);
  }
  if (url.protocol === 'http:' && !insecure) {
    throw new AuthError(`refusing plain-http token realm ${url.origin}${url.pathname} without --insecure`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AuthError(`unsupported token realm scheme ${url.protocol}`);
  return url;
}

function buildCall(req: TokenRequest, credentials: Credentials, insecure: boolean, signal?: AbortSignal): TokenHttpCall {
  const url = realmUrl(req.realm, insecure);
  if (credentials.kind === 'refresh') {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.refreshToken, client_id: OAUTH_CLIENT_ID });
    if (req.service !== undefined) form.set('service', req.service);
    if (req.scopes.length > 0) form.set('scope', req.scopes.join(' '));
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    return { method: 'POST', url, headers, body: form.toString(), ...(signal ? { signal } : {}) };
  }
  if (req.service !== undefined) url.searchParams.append('service', req.service);
  for (const scope of req.scopes) url.searchParams.append('scope', scope);
  const headers: Record<string, string> = {};
  if (credentials.kind === 'basic') {
    url.searchParams.append('account', credentials.username);
    headers.authorization = basicAuthorization(credentials.username, credentials.password);
  }
  return { method: 'GET', url, headers, ...(signal ? { signal } : {}) };
}

/** Parses a token endpoint's JSON answer: `token` or `access_token`, `expires_in`, `issued_at`. */
export function parseTokenResponse(text: string): TokenGrant {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new AuthError('the token endpoint answered with something that is not JSON');
  }
  const token = typeof body?.token === 'string' && body.token !== '' ? body.token : body?.access_token;
  if (typeof token !== 'string' || token === '') throw new AuthError('the token endpoint answered without a token');
  registerSecret(token);
  if (typeof body.refresh_token === 'string') registerSecret(body.refresh_token);
  const expiresIn = Number(body.expires_in);
  const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : DEFAULT_TOKEN_LIFETIME_MS;
  const issued = typeof body.issued_at === 'string' ? Date.parse(body.issued_at) : Number.NaN;
  return { token, lifetimeMs, issuedAtEpochMs: Number.isFinite(issued) ? issued : undefined };
}

/** Asks the token endpoint for a token; every failure is an AuthError (or the transport's network error). */
export async function requestToken(
  req: TokenRequest,
  credentials: Credentials,
  http: TokenHttp,
  opts: { insecure: boolean; signal?: AbortSignal },
): Promise<TokenGrant> {
  const call = buildCall(req, credentials, opts.insecure, opts.signal);
  const where = `${call.url.origin}${call.url.pathname}`;
  const reply = await http(call);
  if (reply.status === 401 || reply.status === 403) {
    throw new AuthError(`token endpoint ${where} refused the credentials (${reply.status})`, { status: reply.status });
  }
  if (reply.status !== 200) {
    throw new AuthError(`token endpoint ${where} answered ${reply.status}`, { status: reply.status });
  }
  return parseTokenResponse(reply.text);
}
