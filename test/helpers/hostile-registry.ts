/**
 * A hostile OCI registry for deadline, exit-code, protocol and verdict tests:
 * the fake registry (fake-registry.ts, the lab's handler) with a script of
 * faults on its raw layer. It serves one small built-in image, with a Bearer
 * token realm of its own when `auth` is on; or, as a replica, whatever a fake
 * origin registry holds (its store: always in step). Each rule
 * matches requests by kind (ping, manifest, blob, upload, token), method,
 * path and whether a Range was asked, and applies its fault (`times` limits
 * how often; rules are tried in order; no match is answered honestly). The
 * requests are recorded with their headers, so a test can assert on the
 * server side (e.g. that Authorization never left the registry's origin).
 * hostile-replica.ts names the ways real replicas misbehave, as rule sets.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { decodePath, parseRoute } from '../../src/lab/registry-routes.ts';
import { startFakeRegistry, type FakeRegistry } from './fake-registry.ts';
import type { FakeServer, RecordedRequest } from './fake-server.ts';

export type RequestKind = 'ping' | 'manifest' | 'blob' | 'upload' | 'token' | 'other';

export type Fault =
  /** Answer with this status, headers and body (a Buffer, a text, or `size` bytes of filler). */
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string | Buffer; readonly size?: number }
  /** Read the request, never answer. */
  | { readonly kind: 'black-hole' }
  /** Close the connection without answering. */
  | { readonly kind: 'hang-up' }
  /** Honest headers, then the body `bytes` at a time every `everyMs`. */
  | { readonly kind: 'slow-body'; readonly bytes: number; readonly everyMs: number }
  /** Honest headers and the first `after` bytes, then silence with the connection open. */
  | { readonly kind: 'stall-body'; readonly after: number }
  /** Honest headers (the full Content-Length) and the first `after` bytes, then the connection is closed (FIN) or reset (RST). */
  | { readonly kind: 'cut-body'; readonly after: number; readonly how: 'close' | 'reset' }
  /** The honest headers, but this body (its own Content-Length; a function gets the honest body); a Range is served from it. */
  | { readonly kind: 'body'; readonly body: Buffer | ((honest: Buffer) => Buffer) }
  /** The honest answer with headers added or replaced. */
  | { readonly kind: 'headers'; readonly headers: Readonly<Record<string, string>> }
  /** The honest answer to the request as if it asked for no Range (200, the whole body). */
  | { readonly kind: 'no-ranges' }
  /** A redirect to `location` (a function gets this server's origin and the request path). */
  | { readonly kind: 'redirect'; readonly status?: number; readonly location: string | ((self: string, path: string) => string) }
  /** Read the request body at `bytes` per `everyMs` (an upload that crawls). */
  | { readonly kind: 'slow-read'; readonly bytes: number; readonly everyMs: number };

export interface Rule {
  /** One kind, or any of several. */
  readonly kind?: RequestKind | readonly RequestKind[];
  readonly method?: string;
  /** Only requests whose path contains this (a digest, a repository). */
  readonly path?: string;
  /** true: only requests with a Range header; false: only those without. */
  readonly range?: boolean;
  readonly times?: number;
  readonly fault: Fault;
}

export interface HostileRegistryOptions {
  /** Bearer auth: user/pass at the realm (/token) buys token `tok-hostile`. */
  readonly auth?: boolean;
  /** Size of the built-in image's one layer (default 64 KiB). */
  readonly layerBytes?: number;
}

export interface HostileImage {
  readonly repo: string;
  readonly tag: string;
  readonly manifestDigest: string;
  readonly layerDigest: string;
  readonly layerBytes: number;
  readonly configDigest: string;
}

/** A fake registry with a script of faults (a replica's image is whatever its origin holds). */
export interface HostileServer extends FakeServer {
  readonly port: number;
  /** The script: replace it between runs. */
  rules: Rule[];
}

/** A hostile server holding the built-in image. */
export interface HostileRegistry extends HostileServer {
  readonly image: HostileImage;
}

export const HOSTILE_USER = 'bench';
export const HOSTILE_PASSWORD = 'hostile-pw';
export const HOSTILE_TOKEN = 'tok-hostile';

interface Content {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Buffer;
}

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** What kind of request this is, by method and path (a manifest PUT is an upload). */
export function requestKind(method: string, url: string): RequestKind {
  const path = url.split('?', 1)[0] ?? '';
  if (path === '/token') return 'token';
  const decoded = decodePath(path);
  const route = decoded === undefined ? { kind: 'other' as const } : parseRoute(decoded);
  switch (route.kind) {
    case 'ping':
      return 'ping';
    case 'upload-start':
    case 'upload':
      return 'upload';
    case 'manifest':
      return method === 'PUT' ? 'upload' : 'manifest';
    case 'blob':
      return 'blob';
    default:
      return 'other';
  }
}

/** A one-layer image whose layer bytes are `(i * 31 + 7) & 0xff`, stored into `reg`. */
async function storeBuiltInImage(reg: FakeRegistry, layerBytes: number): Promise<HostileImage> {
  const layer = Buffer.alloc(layerBytes);
  for (let i = 0; i < layer.length; i++) layer[i] = (i * 31 + 7) & 0xff;
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(layer)] } }));
  const mediaType = 'application/vnd.oci.image.manifest.v1+json';
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(layer), size: layer.length }],
    }),
  );
  const image: HostileImage = { repo: 'hostile/app', tag: 'v1', manifestDigest: sha256(manifest), layerDigest: sha256(layer), layerBytes, configDigest: sha256(config) };
  for (const blob of [layer, config]) {
    await reg.store.blobPut(sha256(blob), blob);
    await reg.store.repoLinkBlob(image.repo, sha256(blob));
  }
  await reg.store.manifestPut(image.repo, image.manifestDigest, mediaType, manifest);
  await reg.store.tagSet(image.repo, image.tag, image.manifestDigest);
  return image;
}

/** What the registry holds at a manifest or blob path; undefined for anything else or when absent. */
async function contentAt(reg: FakeRegistry, path: string): Promise<Content | undefined> {
  const decoded = decodePath(path);
  const route = decoded === undefined ? undefined : parseRoute(decoded);
  if (route?.kind === 'blob') {
    if (!(await reg.store.repoHasBlob(route.repo, route.digest))) return undefined;
    const bytes = await reg.blobBytes(route.digest);
    return bytes === undefined ? undefined : { digest: route.digest, mediaType: 'application/octet-stream', bytes };
  }
  if (route?.kind !== 'manifest') return undefined;
  const digest = route.reference.includes(':') ? route.reference : await reg.store.tagGet(route.repo, route.reference);
  const stored = digest === undefined ? undefined : await reg.store.manifestGet(route.repo, digest);
  return stored === undefined || digest === undefined ? undefined : { digest, mediaType: stored.mediaType, bytes: Buffer.from(stored.bytes) };
}

/** Makes the next writeHead on `res` carry `extra` over its own headers (names compared without case). */
function overrideHeaders(res: ServerResponse, extra: Readonly<Record<string, string>>): void {
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: OutgoingHttpHeaders) => ServerResponse;
  res.writeHead = ((status: number, headers: OutgoingHttpHeaders = {}) => {
    const names = new Set(Object.keys(extra).map((k) => k.toLowerCase()));
    const kept = Object.fromEntries(Object.entries(headers).filter(([k]) => !names.has(k.toLowerCase())));
    for (const name of res.getHeaderNames()) if (names.has(name)) res.removeHeader(name);
    return writeHead(status, { ...kept, ...extra });
  }) as ServerResponse['writeHead'];
}

/** A hostile registry serving its own built-in image. */
export async function startHostileRegistry(opts: HostileRegistryOptions = {}): Promise<HostileRegistry> {
  const reg = await startFakeRegistry();
  const image = await storeBuiltInImage(reg, opts.layerBytes ?? 64 * 1024);
  return hostileOver(reg, opts.auth === true, { image });
}

/** Puts a script of faults on `reg`'s raw layer (`auth`: a Bearer realm of its own); `extra` joins the result. */
export function hostileOver<T extends object>(reg: FakeRegistry, auth: boolean, extra: T): HostileServer & T {
  const timers = new Set<NodeJS.Timeout>();
  const used = new Map<Rule, number>();

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const trickle = (res: ServerResponse, body: Buffer, bytes: number, everyMs: number): void => {
    let at = 0;
    const step = (): void => {
      if (res.destroyed) return;
      res.write(body.subarray(at, at + bytes));
      at += bytes;
      if (at >= body.length) res.end();
      else later(everyMs, step);
    };
    step();
  };

  const ruleFor = (method: string, url: string, headers: IncomingMessage['headers']): Rule | undefined => {
    const kind = requestKind(method, url);
    const path = url.split('?', 1)[0] ?? '';
    return hostile.rules.find(
      (r) =>
        (r.kind === undefined || (typeof r.kind === 'string' ? r.kind === kind : r.kind.includes(kind))) &&
        (r.method === undefined || r.method === method) &&
        (r.path === undefined || path.includes(r.path)) &&
        (r.range === undefined || r.range === (headers.range !== undefined)) &&
        (r.times === undefined || (used.get(r) ?? 0) < r.times),
    );
  };
  const take = (rule: Rule): Fault => {
    used.set(rule, (used.get(rule) ?? 0) + 1);
    return rule.fault;
  };

  /** Honest headers for `content` with `body` in its place, honouring a Range as the honest registry would. */
  const serve = (req: RecordedRequest, res: ServerResponse, content: Content, body: Buffer, range: boolean): void => {
    const headers = { 'docker-content-digest': content.digest, 'content-type': content.mediaType, 'content-length': String(body.length) };
    const asked = range ? /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? '')) : null;
    if (req.method === 'HEAD') return void res.writeHead(200, headers).end();
    if (asked) {
      const from = Number(asked[1]);
      const to = Math.min(Number(asked[2]), body.length - 1);
      return void res.writeHead(206, { ...headers, 'content-range': `bytes ${from}-${to}/${body.length}`, 'content-length': String(to - from + 1) }).end(body.subarray(from, to + 1));
    }
    res.writeHead(200, headers).end(body);
  };

  const token = (req: RecordedRequest, res: ServerResponse): void => {
    const basic = `Basic ${Buffer.from(`${HOSTILE_USER}:${HOSTILE_PASSWORD}`).toString('base64')}`;
    if (req.headers.authorization !== basic) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: HOSTILE_TOKEN, expires_in: 300 }));
  };

  const honest = (req: RecordedRequest, res: ServerResponse): void => (requestKind(req.method, req.url) === 'token' ? token(req, res) : reg.answer(req, res));

  reg.beforeBody = (req, res) => {
    const rule = ruleFor(req.method ?? 'GET', req.url ?? '/', req.headers);
    if (rule?.fault.kind !== 'slow-read') return false;
    const fault = take(rule);
    if (fault.kind !== 'slow-read') return false;
    // Read the request body at a crawl; answer honestly once it is all in.
    const chunks: Buffer[] = [];
    req.pause();
    const step = (): void => {
      if (req.readableEnded || res.destroyed) return;
      const chunk = req.read(fault.bytes) as Buffer | null;
      if (chunk !== null) chunks.push(chunk);
      else if (req.readableLength > 0) chunks.push(req.read() as Buffer);
      later(fault.everyMs, step);
    };
    req.on('end', () => honest({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) }, res));
    step();
    return true;
  };

  reg.intercept = async (req, res) => {
    const kind = requestKind(req.method, req.url);
    const path = req.url.split('?', 1)[0] ?? '';
    const rule = ruleFor(req.method, req.url, req.headers);
    const fault = rule === undefined ? undefined : take(rule);
    if (auth && kind !== 'token' && kind !== 'ping' && req.headers.authorization !== `Bearer ${HOSTILE_TOKEN}`) {
      if (fault?.kind !== 'status' || fault.status !== 401) {
        const challenge = `Bearer realm="${reg.origin}/token",service="hostile"`;
        res.writeHead(401, { 'www-authenticate': challenge, 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED","message":"token needed"}]}');
        return true;
      }
    }
    if (fault === undefined || fault.kind === 'slow-read') {
      honest(req, res);
      return true;
    }
    switch (fault.kind) {
      case 'status': {
        const body = fault.body ?? (fault.size !== undefined ? Buffer.alloc(fault.size, 0x61) : '');
        res.writeHead(fault.status, { 'content-length': String(Buffer.byteLength(body)), ...fault.headers }).end(body);
        return true;
      }
      case 'black-hole':
        return true;
      case 'hang-up':
        res.socket?.destroy();
        return true;
      case 'headers':
        overrideHeaders(res, fault.headers);
        honest(req, res);
        return true;
      case 'redirect': {
        const location = typeof fault.location === 'string' ? fault.location : fault.location(reg.origin, path);
        res.writeHead(fault.status ?? 307, { location, 'content-length': '0' }).end();
        return true;
      }
      case 'body':
      case 'no-ranges':
      case 'slow-body':
      case 'stall-body':
      case 'cut-body': {
        const content = await contentAt(reg, path);
        if (content === undefined) honest(req, res);
        else if (fault.kind === 'body') serve(req, res, content, typeof fault.body === 'function' ? fault.body(content.bytes) : fault.body, true);
        else if (fault.kind === 'no-ranges') serve(req, res, content, content.bytes, false);
        else {
          res.writeHead(200, { 'docker-content-digest': content.digest, 'content-type': content.mediaType, 'content-length': String(content.bytes.length) });
          if (fault.kind === 'slow-body') trickle(res, content.bytes, fault.bytes, fault.everyMs);
          else {
            res.write(content.bytes.subarray(0, fault.after));
            // cut-body: let the bytes reach the client before the connection goes (stall-body: it stays open, silent).
            const socket = res.socket;
            if (fault.kind === 'cut-body') later(50, () => (fault.how === 'reset' ? socket?.resetAndDestroy() : socket?.destroy()));
          }
        }
        return true;
      }
    }
  };

  const hostile: HostileServer & T = {
    ...extra,
    origin: reg.origin,
    host: reg.host,
    port: Number(new URL(reg.origin).port),
    requests: reg.requests,
    rules: [],
    close: async () => {
      for (const t of timers) clearTimeout(t);
      await reg.close(); // closes every connection, the black-holed and stalled ones too
    },
  };
  return hostile;
}
