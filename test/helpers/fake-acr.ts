/**
 * An in-process stand-in for Azure Container Registry's authentication, on
 * 127.0.0.1 port 0, speaking the documented wire format (Azure/acr
 * AAD-OAuth.md, Token-BasicAuth.md):
 *
 *   GET/HEAD /v2/…          401 + `Bearer realm="<origin>/oauth2/token",service="<service>"[,scope=…]`
 *                           unless a valid, unexpired access token covers the repository and action
 *   POST /oauth2/exchange   grant_type=access_token, service, tenant?, access_token → {refresh_token}
 *   POST /oauth2/token      grant_type=refresh_token, service, scope (repeated or space-separated),
 *                           refresh_token → {access_token}; 401 when a scope is not allowed
 *   GET /oauth2/token       Basic user:password (admin user, repository-scoped tokens) → {access_token}
 *
 * Tokens are JWTs (unsigned: the server remembers what it issued) with `iat`
 * and `exp` on the injected epoch clock. Manifests answer 404 unless listed;
 * a blob GET answers 307 to `blobRedirect` when set.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendEmpty, sendJson, startServer, type FakeServer, type RecordedRequest } from './fake-server.ts';

export interface FakeAcrIdentity {
  /** Repository → allowed actions ('*' for any repository). */
  readonly repos: Readonly<Record<string, readonly string[]>>;
}

export interface FakeAcrOptions {
  /** The login server name, sent as `service` (default 'fakereg.azurecr.io'). */
  readonly service?: string;
  /** Entra access tokens the exchange accepts, each with its permissions. */
  readonly entraTokens?: Readonly<Record<string, FakeAcrIdentity>>;
  /** When set, the exchange requires this tenant. */
  readonly tenant?: string;
  /** Basic users for GET /oauth2/token (admin user, repository-scoped tokens). */
  readonly users?: Readonly<Record<string, { readonly password: string } & FakeAcrIdentity>>;
  readonly refreshLifetimeSec?: number;
  readonly accessLifetimeSec?: number;
  /** Epoch ms (default Date.now). */
  readonly dateNow?: () => number;
  /** `repo:reference` pairs whose manifests exist. */
  readonly manifests?: readonly string[];
  /** Where blob GETs are redirected (307). */
  blobRedirect?: string;
}

interface Issued {
  readonly kind: 'refresh' | 'access';
  readonly expMs: number;
  readonly repos: Readonly<Record<string, readonly string[]>>;
  /** For access tokens: the granted scopes. */
  readonly granted: readonly { repo: string; actions: readonly string[] }[];
}

export interface FakeAcr {
  readonly server: FakeServer;
  readonly origin: string;
  readonly service: string;
  /** Counts per endpoint. */
  readonly counts: { exchange: number; token: number; basicToken: number; registry401: number; expiredSeen: number };
  /** Revokes every refresh token issued so far. */
  revokeRefreshTokens(): void;
  close(): Promise<void>;
}

function jwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ typ: 'JWT', alg: 'none' })}.${enc(claims)}.${randomUUID().replaceAll('-', '')}`;
}

function form(req: RecordedRequest): URLSearchParams {
  return new URLSearchParams(req.body.toString('utf8'));
}

function allows(repos: Readonly<Record<string, readonly string[]>>, repo: string, actions: readonly string[]): boolean {
  const allowed = repos[repo] ?? repos['*'] ?? [];
  return actions.every((a) => allowed.includes(a) || allowed.includes('*'));
}

function parseScope(scope: string): { repo: string; actions: string[] } | undefined {
  const m = /^repository:([^:]+):(.+)$/.exec(scope);
  return m ? { repo: m[1] as string, actions: (m[2] as string).split(',') } : undefined;
}

export async function startFakeAcr(opts: FakeAcrOptions = {}): Promise<FakeAcr> {
  const dateNow = opts.dateNow ?? Date.now;
  const issued = new Map<string, Issued>();
  const counts = { exchange: 0, token: 0, basicToken: 0, registry401: 0, expiredSeen: 0 };
  const refreshSec = opts.refreshLifetimeSec ?? 3 * 3600;
  const accessSec = opts.accessLifetimeSec ?? 75 * 60;
  const service = opts.service ?? 'fakereg.azurecr.io';
  let origin = '';

  const issue = (kind: Issued['kind'], lifetimeSec: number, repos: Issued['repos'], granted: Issued['granted']): string => {
    const iat = Math.floor(dateNow() / 1000);
    const token = jwt({ jti: randomUUID(), iat, nbf: iat, exp: iat + lifetimeSec, iss: 'Azure Container Registry', aud: service, grant_type: kind === 'refresh' ? 'refresh_token' : 'access_token' });
    issued.set(token, { kind, expMs: (iat + lifetimeSec) * 1000, repos, granted });
    return token;
  };
  const valid = (token: string | null | undefined, kind: Issued['kind']): Issued | undefined => {
    const t = token ? issued.get(token) : undefined;
    if (t === undefined || t.kind !== kind) return undefined;
    if (dateNow() >= t.expMs) {
      counts.expiredSeen++;
      return undefined;
    }
    return t;
  };
  const grant = (res: ServerResponse, repos: Issued['repos'], scopes: readonly string[]): void => {
    const granted: { repo: string; actions: readonly string[] }[] = [];
    for (const s of scopes) {
      const p = parseScope(s);
      if (p === undefined) continue; // registry:catalog:* and the like: granted as nothing
      if (!allows(repos, p.repo, p.actions)) return sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'scope not allowed' }] });
      granted.push(p);
    }
    sendJson(res, 200, { access_token: issue('access', accessSec, repos, granted) });
  };

  const server = await startServer((req, res) => {
    const url = new URL(req.url, origin);
    if (url.pathname === '/oauth2/exchange' && req.method === 'POST') {
      counts.exchange++;
      const f = form(req);
      const identity = opts.entraTokens?.[f.get('access_token') ?? ''];
      const tenantOk = opts.tenant === undefined || f.get('tenant') === opts.tenant;
      if (f.get('grant_type') !== 'access_token' || f.get('service') !== service || identity === undefined || !tenantOk) {
        return sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'exchange refused' }] });
      }
      return sendJson(res, 200, { refresh_token: issue('refresh', refreshSec, identity.repos, []) });
    }
    if (url.pathname === '/oauth2/token' && req.method === 'POST') {
      counts.token++;
      const f = form(req);
      const rt = valid(f.get('refresh_token'), 'refresh');
      if (f.get('grant_type') !== 'refresh_token' || f.get('service') !== service || rt === undefined) {
        return sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'refresh token refused' }] });
      }
      return grant(res, rt.repos, f.getAll('scope').flatMap((s) => s.split(' ')).filter((s) => s !== ''));
    }
    if (url.pathname === '/oauth2/token' && req.method === 'GET') {
      counts.basicToken++;
      const m = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ''));
      const [user, ...rest] = m ? Buffer.from(m[1] as string, 'base64').toString('utf8').split(':') : [];
      const u = user !== undefined ? opts.users?.[user] : undefined;
      if (u === undefined || rest.join(':') !== u.password || url.searchParams.get('service') !== service) {
        return sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] });
      }
      return grant(res, u.repos, url.searchParams.getAll('scope'));
    }
    if (!url.pathname.startsWith('/v2/')) return sendEmpty(res, 404);
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    const repo = m?.[1];
    const action = req.method === 'GET' || req.method === 'HEAD' ? 'pull' : 'push';
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const at = valid(bearer, 'access');
    const covered = repo === undefined ? at !== undefined : at?.granted.some((g) => g.repo === repo && g.actions.includes(action)) === true;
    if (!covered) {
      counts.registry401++;
      const scope = repo !== undefined ? `,scope="repository:${repo}:${action}"` : '';
      return sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, {
        'www-authenticate': `Bearer realm="${origin}/oauth2/token",service="${service}"${scope}`,
      });
    }
    if (m === null) return sendJson(res, 200, {});
    if (m[2] === 'blobs' && opts.blobRedirect !== undefined) return sendEmpty(res, 307, { location: opts.blobRedirect });
    const present = opts.manifests?.includes(`${repo}:${m[3]}`) === true;
    return present ? sendEmpty(res, 200, { 'docker-content-digest': `sha256:${'a'.repeat(64)}` }) : sendJson(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'unknown' }] });
  });
  origin = server.origin;
  return {
    server,
    origin,
    service,
    counts,
    revokeRefreshTokens() {
      for (const [token, t] of issued) if (t.kind === 'refresh') issued.delete(token);
    },
    close: () => server.close(),
  };
}
