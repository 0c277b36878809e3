/**
 * Routing of /v2/ paths. Repository names contain slashes, so each pattern
 * takes the longest name that still leaves its own suffix (`/manifests/<ref>`,
 * `/blobs/uploads/<id>`, `/blobs/<digest>`, `/tags/list`).
 */
import type { LabRequestInfo, RequestContext } from './registry-types.ts';

export type Route =
  | { readonly kind: 'ping' }
  | { readonly kind: 'catalog' }
  | { readonly kind: 'tags'; readonly repo: string }
  | { readonly kind: 'manifest'; readonly repo: string; readonly reference: string }
  | { readonly kind: 'blob'; readonly repo: string; readonly digest: string }
  | { readonly kind: 'upload-start'; readonly repo: string }
  | { readonly kind: 'upload'; readonly repo: string; readonly id: string }
  | { readonly kind: 'other' };

const PATTERNS: readonly [RegExp, (m: RegExpExecArray) => Route][] = [
  [/^\/v2\/?$/, () => ({ kind: 'ping' })],
  [/^\/v2\/_catalog\/?$/, () => ({ kind: 'catalog' })],
  [/^\/v2\/(.+)\/tags\/list\/?$/, (m) => ({ kind: 'tags', repo: m[1] ?? '' })],
  [/^\/v2\/(.+)\/manifests\/([^/]+)$/, (m) => ({ kind: 'manifest', repo: m[1] ?? '', reference: m[2] ?? '' })],
  [/^\/v2\/(.+)\/blobs\/uploads\/?$/, (m) => ({ kind: 'upload-start', repo: m[1] ?? '' })],
  [/^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/, (m) => ({ kind: 'upload', repo: m[1] ?? '', id: m[2] ?? '' })],
  [/^\/v2\/(.+)\/blobs\/([^/]+)$/, (m) => ({ kind: 'blob', repo: m[1] ?? '', digest: m[2] ?? '' })],
];

/** The methods each route answers (anything else is 405 UNSUPPORTED). */
export const ROUTE_METHODS: Readonly<Record<Route['kind'], readonly string[]>> = {
  ping: ['GET', 'HEAD'],
  catalog: ['GET'],
  tags: ['GET'],
  manifest: ['GET', 'HEAD', 'PUT', 'DELETE'],
  blob: ['GET', 'HEAD', 'DELETE'],
  'upload-start': ['POST'],
  upload: ['GET', 'PATCH', 'PUT', 'DELETE'],
  other: [],
};

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The route of a decoded path (no query string). */
export function parseRoute(path: string): Route {
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(path);
    if (match !== null) return build(match);
  }
  return { kind: 'other' };
}

/** The path of a request URL, percent-decoded; undefined when it cannot be decoded. */
export function decodePath(url: string): string | undefined {
  const raw = url.split('?', 1)[0] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

export function routeRepo(route: Route): string | undefined {
  return 'repo' in route ? route.repo : undefined;
}

/** What the lab's hooks see of a request. */
export function describeRequest(method: string, path: string, route: Route, ctx: RequestContext): LabRequestInfo {
  const base = { method, path, clientRegion: ctx.clientRegion, isWrite: WRITE_METHODS.has(method) };
  switch (route.kind) {
    case 'ping':
    case 'catalog':
    case 'other':
      return { ...base, kind: route.kind };
    case 'tags':
      return { ...base, kind: 'tags', repo: route.repo };
    case 'manifest':
      return { ...base, kind: 'manifest', repo: route.repo, reference: route.reference };
    case 'blob':
      return { ...base, kind: 'blob', repo: route.repo, reference: route.digest };
    case 'upload-start':
      return { ...base, kind: 'upload', repo: route.repo };
    case 'upload':
      return { ...base, kind: 'upload', repo: route.repo, reference: route.id };
  }
}
