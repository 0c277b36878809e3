/**
 * A hostile OCI registry for deadline, exit-code and protocol tests: a server
 * on 127.0.0.1 port 0 that serves one small image (or, with `backing`, what a
 * fake origin registry holds) honestly — with a Bearer token realm of its own
 * when `auth` is on, and uploads for push — and misbehaves per request as its
 * script says. Each rule matches requests by kind (ping, manifest, blob,
 * upload, token), method and whether a Range was asked, applies its fault
 * (`times` limits how often; rules are tried in order; no match is honest),
 * and every request is recorded with its headers, so a test can assert on
 * the server side (e.g. that Authorization never left the registry's origin).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeRegistry } from './fake-registry.ts';

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
  /** The honest headers, but this body (its own Content-Length). */
  | { readonly kind: 'body'; readonly body: Buffer }
  /** The honest answer with headers added or replaced. */
  | { readonly kind: 'headers'; readonly headers: Readonly<Record<string, string>> }
  /** A redirect to `location` (a function gets this server's origin and the request path). */
  | { readonly kind: 'redirect'; readonly status?: number; readonly location: string | ((self: string, path: string) => string) }
  /** Read the request body at `bytes` per `everyMs` (an upload that crawls). */
  | { readonly kind: 'slow-read'; readonly bytes: number; readonly everyMs: number };

export interface Rule {
  readonly kind?: RequestKind;
  readonly method?: string;
  /** Only requests whose path contains this (a digest, a repository). */
  readonly path?: string;
  /** true: only requests with a Range header; false: only those without. */
  readonly range?: boolean;
  readonly times?: number;
  readonly fault: Fault;
}

export interface RecordedRequest {
  readonly kind: RequestKind;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

export interface HostileRegistryOptions {
  /** Bearer auth: user/pass at the realm (/token) buys token `tok-hostile`. */
  readonly auth?: boolean;
  /** Serve what this fake registry holds instead of the built-in image. */
  readonly backing?: FakeRegistry;
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

export interface HostileRegistry {
  readonly origin: string;
  readonly port: number;
  readonly image: HostileImage;
  readonly requests: RecordedRequest[];
  /** The script: replace it between runs. */
  rules: Rule[];
  close(): Promise<void>;
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

function builtInImage(layerBytes: number): { image: HostileImage; blobs: Map<string, Content>; manifest: Content } {
  const layer = Buffer.alloc(layerBytes);
  for (let i = 0; i < layer.length; i++) layer[i] = (i * 31 + 7) & 0xff;
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(layer)] } }));
  const blobs = new Map<string, Content>([
    [sha256(layer), { digest: sha256(layer), mediaType: 'application/vnd.oci.image.layer.v1.tar', bytes: layer }],
    [sha256(config), { digest: sha256(config), mediaType: 'application/vnd.oci.image.config.v1+json', bytes: config }],
  ]);
  const mediaType = 'application/vnd.oci.image.manifest.v1+json';
  const manifestBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(layer), size: layer.length }],
    }),
  );
  const manifest = { digest: sha256(manifestBytes), mediaType, bytes: manifestBytes };
  return { image: { repo: 'hostile/app', tag: 'v1', manifestDigest: manifest.digest, layerDigest: sha256(layer), layerBytes, configDigest: sha256(config) }, blobs, manifest };
}

function kindOf(method: string, path: string): RequestKind {
  if (path === '/v2/' || path === '/v2') return 'ping';
  if (path === '/token') return 'token';
  if (/^\/v2\/.+\/blobs\/uploads\//.test(path) || (method === 'PUT' && /\/manifests\//.test(path))) return 'upload';
  if (/^\/v2\/.+\/manifests\/[^/]+$/.test(path)) return 'manifest';
  if (/^\/v2\/.+\/blobs\/[^/]+$/.test(path)) return 'blob';
  return 'other';
}

export async function startHostileRegistry(opts: HostileRegistryOptions = {}): Promise<HostileRegistry> {
  const built = builtInImage(opts.layerBytes ?? 64 * 1024);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const used = new Map<Rule, number>();
  let origin = '';

  const lookup = (kind: RequestKind, path: string): Content | undefined => {
    const m = /^\/v2\/(.+?)\/(blobs|manifests)\/([^/]+)$/.exec(path);
    if (!m) return undefined;
    const [, repo = '', , ref = ''] = m;
    if (opts.backing) {
      const o = opts.backing;
      if (kind === 'blob') {
        const bytes = o.links.get(repo)?.has(ref) === true ? o.blobs.get(ref) : undefined;
        return bytes === undefined ? undefined : { digest: ref, mediaType: 'application/octet-stream', bytes };
      }
      const digest = ref.includes(':') ? ref : o.tags.get(repo)?.get(ref);
      const stored = digest === undefined ? undefined : o.manifests.get(`${repo}@${digest}`);
      return stored === undefined || digest === undefined ? undefined : { digest, ...stored };
    }
    if (repo !== built.image.repo) return undefined;
    if (kind === 'blob') return built.blobs.get(ref);
    return ref === built.image.tag || ref === built.manifest.digest ? built.manifest : undefined;
  };

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

  const honest = (req: IncomingMessage, res: ServerResponse, kind: RequestKind, path: string, url: URL, extra: Record<string, string> = {}, replaceBody?: Buffer): void => {
    if (kind === 'ping') return void res.writeHead(200, { 'docker-distribution-api-version': 'registry/2.0', ...extra }).end();
    if (kind === 'token') {
      const basic = `Basic ${Buffer.from(`${HOSTILE_USER}:${HOSTILE_PASSWORD}`).toString('base64')}`;
      if (req.headers.authorization !== basic) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}');
      return void res.writeHead(200, { 'content-type': 'application/json', ...extra }).end(JSON.stringify({ token: HOSTILE_TOKEN, expires_in: 300 }));
    }
    if (kind === 'upload') {
      if (req.method === 'POST') return void res.writeHead(202, { location: `${path}session-1`, 'content-length': '0', ...extra }).end();
      if (req.method === 'PUT' && path.includes('/manifests/')) return void res.writeHead(201, { 'docker-content-digest': 'sha256:' + '0'.repeat(64), 'content-length': '0', ...extra }).end();
      const digest = url.searchParams.get('digest') ?? '';
      return void res.writeHead(201, { 'docker-content-digest': digest, location: path, 'content-length': '0', ...extra }).end();
    }
    const content = lookup(kind, path);
    if (content === undefined) {
      const code = kind === 'blob' ? 'BLOB_UNKNOWN' : 'MANIFEST_UNKNOWN';
      if (req.method === 'HEAD') return void res.writeHead(404).end();
      return void res.writeHead(404, { 'content-type': 'application/json' }).end(`{"errors":[{"code":"${code}","message":"unknown"}]}`);
    }
    const body = replaceBody ?? content.bytes;
    const headers = { 'docker-content-digest': content.digest, 'content-type': content.mediaType, 'content-length': String(body.length), ...extra };
    const range = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ''));
    if (req.method === 'HEAD') return void res.writeHead(200, headers).end();
    if (range) {
      const from = Number(range[1]);
      const to = Math.min(Number(range[2]), body.length - 1);
      return void res.writeHead(206, { ...headers, 'content-range': `bytes ${from}-${to}/${body.length}`, 'content-length': String(to - from + 1) }).end(body.subarray(from, to + 1));
    }
    res.writeHead(200, headers).end(body);
  };

  const challenge = (): string => `Bearer realm="${origin}/token",service="hostile"`;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const kind = kindOf(method, path);
    registry.requests.push({ kind, method, path, headers: req.headers });
    const rule = registry.rules.find(
      (r) =>
        (r.kind === undefined || r.kind === kind) &&
        (r.method === undefined || r.method === method) &&
        (r.path === undefined || path.includes(r.path)) &&
        (r.range === undefined || r.range === (req.headers.range !== undefined)) &&
        (r.times === undefined || (used.get(r) ?? 0) < r.times),
    );
    if (rule) used.set(rule, (used.get(rule) ?? 0) + 1);
    const fault = rule?.fault;
    if (fault?.kind === 'slow-read') {
      // Read the request body at a crawl; answer once it is all in.
      req.pause();
      const step = (): void => {
        if (req.readableEnded || res.destroyed) return;
        const chunk = req.read(fault.bytes) as Buffer | null;
        if (chunk === null && req.readableLength > 0) req.read();
        later(fault.everyMs, step);
      };
      req.on('end', () => honest(req, res, kind, path, url));
      step();
      return;
    }
    req.resume();
    req.on('end', () => {
      if (opts.auth === true && kind !== 'token' && kind !== 'ping' && req.headers.authorization !== `Bearer ${HOSTILE_TOKEN}`) {
        if (fault?.kind !== 'status' || fault.status !== 401) {
          return void res.writeHead(401, { 'www-authenticate': challenge(), 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED","message":"token needed"}]}');
        }
      }
      if (fault === undefined) return honest(req, res, kind, path, url);
      switch (fault.kind) {
        case 'status': {
          const body = fault.body ?? (fault.size !== undefined ? Buffer.alloc(fault.size, 0x61) : '');
          return void res.writeHead(fault.status, { 'content-length': String(Buffer.byteLength(body)), ...fault.headers }).end(body);
        }
        case 'black-hole':
          return;
        case 'hang-up':
          return void req.socket.destroy();
        case 'headers':
          return honest(req, res, kind, path, url, { ...fault.headers });
        case 'body':
          return honest(req, res, kind, path, url, {}, fault.body);
        case 'redirect': {
          const location = typeof fault.location === 'string' ? fault.location : fault.location(origin, path);
          return void res.writeHead(fault.status ?? 307, { location, 'content-length': '0' }).end();
        }
        case 'slow-body':
        case 'stall-body':
        case 'cut-body': {
          const content = lookup(kind, path);
          if (content === undefined) return honest(req, res, kind, path, url);
          res.writeHead(200, { 'docker-content-digest': content.digest, 'content-type': content.mediaType, 'content-length': String(content.bytes.length) });
          if (fault.kind === 'slow-body') return trickle(res, content.bytes, fault.bytes, fault.everyMs);
          res.write(content.bytes.subarray(0, fault.after));
          if (fault.kind === 'stall-body') return;
          // Let the bytes reach the client before the connection goes.
          return later(50, () => (fault.how === 'reset' ? req.socket.resetAndDestroy() : req.socket.destroy()));
        }
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  const registry: HostileRegistry = {
    origin,
    port,
    image: built.image,
    requests: [],
    rules: [],
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return registry;
}
