/**
 * The OCI Distribution registry of one lab region, as a plain node:http
 * handler. Whoever owns the sockets (the lab, a test) calls it with the client
 * region; the hooks let the lab inject faults, refuse writes and follow
 * commits. Order per request: route → intercept → method → name → canWrite → route handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeError } from '../errors.ts';
import { handleBlob } from './registry-blobs.ts';
import { RegistryHttpError, registryErrorFor, sendOciError } from './registry-errors.ts';
import { API_VERSION, API_VERSION_HEADER, sendEmpty, sendJson, type Exchange } from './registry-http.ts';
import { handleCatalog, handleTags } from './registry-listing.ts';
import { handleManifest } from './registry-manifests.ts';
import { isRepoName } from './registry-names.ts';
import { ROUTE_METHODS, decodePath, describeRequest, parseRoute, routeRepo, type Route } from './registry-routes.ts';
import type { InterceptResult, RegistryHooks, RequestContext, WriteEvent } from './registry-types.ts';
import { handleUpload, handleUploadStart } from './registry-uploads.ts';
import type { RegionStore } from './store.ts';

export type {
  InterceptResult,
  LabRequestInfo,
  LabRequestKind,
  RegistryHooks,
  RequestContext,
  WriteEvent,
} from './registry-types.ts';

export interface RegistryHandlerOptions {
  readonly region: string;
  readonly store: RegionStore;
  readonly hooks?: RegistryHooks;
}

export type RegistryHandler = (req: IncomingMessage, res: ServerResponse, ctx: RequestContext) => void;

export function createRegistryHandler(opts: RegistryHandlerOptions): RegistryHandler {
  const { store, region } = opts;
  const hooks = opts.hooks ?? {};
  const emit = (event: WriteEvent): void => {
    try {
      hooks.onWrite?.(event);
    } catch (err) {
      process.emitWarning(`lab region ${region}: onWrite hook failed: ${describeError(err)}`);
    }
  };
  return (req, res, ctx) => {
    res.setHeader(API_VERSION_HEADER, API_VERSION);
    serve(req, res, ctx, { region, store, hooks, emit }).catch((err: unknown) => answerFailure(res, err));
  };
}

interface Deps {
  readonly region: string;
  readonly store: RegionStore;
  readonly hooks: RegistryHooks;
  readonly emit: (event: WriteEvent) => void;
}

async function serve(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, deps: Deps): Promise<void> {
  const { store, hooks, emit } = deps;
  const method = (req.method ?? 'GET').toUpperCase();
  const rawUrl = req.url ?? '/';
  const path = decodePath(rawUrl);
  const route: Route = path === undefined ? { kind: 'other' } : parseRoute(path);
  const info = describeRequest(method, path ?? rawUrl, route, ctx);
  const intercepted = hooks.intercept?.(info);
  if (intercepted !== undefined) return answerIntercept(req, res, intercepted);

  if (route.kind === 'other') throw new RegistryHttpError(404, 'NOT_FOUND', 'no such registry endpoint');
  const allowed = ROUTE_METHODS[route.kind];
  if (!allowed.includes(method)) {
    throw new RegistryHttpError(405, 'UNSUPPORTED', `${method} is not supported here`, {
      headers: { Allow: allowed.join(', ') },
    });
  }
  const repo = routeRepo(route);
  if (repo !== undefined && !isRepoName(repo)) {
    throw new RegistryHttpError(400, 'NAME_INVALID', 'invalid repository name', { detail: { name: repo } });
  }
  if (info.isWrite && repo !== undefined && hooks.canWrite?.(repo) === false) {
    throw new RegistryHttpError(403, 'DENIED', `region ${deps.region} does not accept writes to ${repo}`);
  }
  const query = new URL(rawUrl, 'http://registry.invalid').searchParams;
  const blobLocation = hooks.blobLocation;
  const ex: Exchange = {
    req,
    res,
    method,
    query,
    store,
    emit,
    ...(blobLocation !== undefined ? { blobLocation: (r: string, d: string) => blobLocation(r, d, ctx.clientRegion) } : {}),
  };
  switch (route.kind) {
    case 'ping':
      return sendJson(res, 200, {});
    case 'catalog':
      return handleCatalog(ex);
    case 'tags':
      return handleTags(ex, route.repo);
    case 'manifest':
      return handleManifest(ex, route.repo, route.reference);
    case 'blob':
      return handleBlob(ex, route.repo, route.digest);
    case 'upload-start':
      return handleUploadStart(ex, route.repo);
    case 'upload':
      return handleUpload(ex, route.repo, route.id);
  }
}

function answerIntercept(req: IncomingMessage, res: ServerResponse, result: InterceptResult): void {
  if (result.kind === 'destroy') {
    req.socket.destroy();
    return;
  }
  if (result.ociCode !== undefined) {
    sendOciError(res, result.status, result.ociCode, result.message ?? 'the request was refused', {
      headers: result.headers ?? {},
    });
    return;
  }
  sendEmpty(res, result.status, result.headers ?? {});
}

/** Answers an error as the spec says, or drops the connection when the answer already began. */
function answerFailure(res: ServerResponse, err: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const known = registryErrorFor(err);
  if (known !== undefined) {
    sendOciError(res, known.status, known.ociCode, known.message, { detail: known.detail, headers: known.headers });
    return;
  }
  sendOciError(res, 500, 'UNKNOWN', `internal registry error: ${describeError(err)}`);
}
