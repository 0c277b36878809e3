/**
 * The one request a load series repeats, per kind:
 *
 *   manifest-head  HEAD /v2/<repo>/manifests/<digest>   (Accept: every manifest type)
 *   manifest-get   GET  /v2/<repo>/manifests/<digest>
 *   blob-get       GET  /v2/<repo>/blobs/<config digest> (a small blob: the image config)
 *   token-get      GET  <realm>?service=…&scope=repository:<repo>:pull, with the
 *                  credentials the token endpoint takes (Basic, or none for an
 *                  anonymous token); a refresh token is the OAuth2 form POST.
 *
 * The registry's own Authorization (a Bearer token that expires) is not part
 * of it: load-run.ts sets and refreshes it on every connection.
 */
import { ConfigError } from '../errors.ts';
import { repoScope } from '../oci/auth.ts';
import type { Credentials } from '../oci/credential-types.ts';
import { MANIFEST_ACCEPT } from '../oci-spec/media-types.ts';
import { basicAuthorization, OAUTH_CLIENT_ID } from '../oci/token.ts';
import type { LoadAuthScheme } from './load-auth.ts';
import type { LoadKind, LoadTarget } from './load-types.ts';

export interface LoadRequest {
  /** Absolute URL: where the connections go, and the path and query each request asks for. */
  readonly url: string;
  readonly method: 'HEAD' | 'GET' | 'POST';
  /** Every header but the registry's Authorization. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Scopes the registry's Authorization must cover; empty = send none (token-get). */
  readonly scopes: readonly string[];
}

export interface LoadRequestAuth {
  readonly scheme: LoadAuthScheme;
  readonly realm?: { readonly realm: string; readonly service: string | undefined };
  readonly credentials: Credentials;
}

export function loadRequestFor(kind: LoadKind, baseUrl: string, target: LoadTarget, auth: LoadRequestAuth): LoadRequest {
  const scopes = [repoScope(target.repo, ['pull'])];
  const registry = (path: string): string => new URL(path, baseUrl).toString();
  switch (kind) {
    case 'manifest-head':
    case 'manifest-get':
      return {
        url: registry(`/v2/${target.repo}/manifests/${target.manifestDigest}`),
        method: kind === 'manifest-head' ? 'HEAD' : 'GET',
        headers: { accept: MANIFEST_ACCEPT.join(', ') },
        scopes,
      };
    case 'blob-get':
      return { url: registry(`/v2/${target.repo}/blobs/${target.blobDigest}`), method: 'GET', headers: {}, scopes };
    case 'token-get':
      return tokenRequest(baseUrl, target, auth);
  }
}

function tokenRequest(baseUrl: string, target: LoadTarget, auth: LoadRequestAuth): LoadRequest {
  if (auth.scheme !== 'bearer' || auth.realm === undefined) {
    throw new ConfigError(`load.kind: token-get needs a registry that issues Bearer tokens; ${new URL(baseUrl).origin} answered GET /v2/ without a Bearer challenge`);
  }
  const url = new URL(auth.realm.realm);
  const scope = repoScope(target.repo, ['pull']);
  const creds = auth.credentials;
  if (creds.kind === 'refresh') {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.refreshToken, client_id: OAUTH_CLIENT_ID, scope });
    if (auth.realm.service !== undefined) form.set('service', auth.realm.service);
    return { url: url.toString(), method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), scopes: [] };
  }
  if (creds.kind !== 'anonymous' && creds.kind !== 'basic') {
    throw new ConfigError(`load.kind: token-get needs anonymous, basic or refresh-token credentials, found ${creds.kind}`);
  }
  if (auth.realm.service !== undefined) url.searchParams.append('service', auth.realm.service);
  url.searchParams.append('scope', scope);
  const headers: Record<string, string> = {};
  if (creds.kind === 'basic') {
    url.searchParams.append('account', creds.username);
    headers.authorization = basicAuthorization(creds.username, creds.password);
  }
  return { url: url.toString(), method: 'GET', headers, scopes: [] };
}
