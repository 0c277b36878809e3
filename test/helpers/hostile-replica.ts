/**
 * A scripted replica for verdict tests: an OCI read endpoint on 127.0.0.1
 * port 0 that serves what a fake origin registry (fake-registry.ts) holds —
 * replication is instant — and misbehaves the way real replicas do, one
 * `mode` at a time (switchable while running):
 *
 *   honest           serves the origin's content; blob GETs honour Range (206)
 *   head-lies        200 to every HEAD (Content-Length 1234, no digest), 404 to every GET
 *   size-lies        HEADs carry Content-Length 1234; GETs honest
 *   corrupt-blobs    blob bodies with their first byte flipped (same size, wrong digest)
 *   redirect-loop    every blob GET answers 307 to itself
 *   refuse-auth      401 (Basic challenge) to everything under /v2/<name>/
 *   throttle-ping    GET /v2/ answers 429 with Retry-After: 30
 *   unavailable-ping GET /v2/ answers 503 with Retry-After: 7
 *   black-hole       reads requests under /v2/<name>/ and never answers
 */
import type { ServerResponse } from 'node:http';
import type { FakeRegistry } from './fake-registry.ts';
import { startServer, type FakeServer } from './fake-server.ts';

export type HostileMode =
  | 'honest'
  | 'head-lies'
  | 'size-lies'
  | 'corrupt-blobs'
  | 'redirect-loop'
  | 'refuse-auth'
  | 'throttle-ping'
  | 'unavailable-ping'
  | 'black-hole';

export interface HostileReplica extends FakeServer {
  mode: HostileMode;
}

export async function startHostileReplica(origin: FakeRegistry, mode: HostileMode): Promise<HostileReplica> {
  const hanging = new Set<ServerResponse>();
  const server = await startServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const m = replica.mode;
    if (url.pathname === '/v2/' || url.pathname === '/v2') {
      if (m === 'throttle-ping') return void res.writeHead(429, { 'retry-after': '30' }).end();
      if (m === 'unavailable-ping') return void res.writeHead(503, { 'retry-after': '7' }).end();
      return void res.writeHead(200, { 'docker-distribution-api-version': 'registry/2.0' }).end();
    }
    if (m === 'black-hole') return void hanging.add(res);
    if (m === 'refuse-auth') return void res.writeHead(401, { 'www-authenticate': 'Basic realm="hostile"', 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED","message":"no"}]}');
    const parts = /^\/v2\/(.+?)\/(blobs|manifests)\/(.+)$/.exec(url.pathname);
    if (!parts) return void res.writeHead(404).end();
    const [, repo = '', kind, ref = ''] = parts;
    if (m === 'head-lies') {
      if (req.method === 'HEAD') return void res.writeHead(200, { 'content-length': '1234' }).end();
      return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"BLOB_UNKNOWN","message":"unknown"}]}');
    }
    const content = kind === 'blobs' ? blobOf(origin, repo, ref) : manifestOf(origin, repo, ref);
    if (content === undefined) return void (req.method === 'HEAD' ? res.writeHead(404).end() : res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"unknown"}]}'));
    if (kind === 'blobs' && m === 'redirect-loop' && req.method === 'GET') return void res.writeHead(307, { location: req.url }).end();
    const headers: Record<string, string> = { 'docker-content-digest': content.digest, 'content-type': content.mediaType };
    if (req.method === 'HEAD') return void res.writeHead(200, { ...headers, 'content-length': m === 'size-lies' ? '1234' : String(content.bytes.length) }).end();
    let body = content.bytes;
    if (kind === 'blobs' && m === 'corrupt-blobs' && body.length > 0) {
      body = Buffer.from(body);
      body[0] = (body[0] ?? 0) ^ 0xff;
    }
    const range = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ''));
    if (kind === 'blobs' && range) {
      const from = Number(range[1]);
      const to = Math.min(Number(range[2]), body.length - 1);
      if (from >= body.length) return void res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return void res.writeHead(206, { ...headers, 'content-range': `bytes ${from}-${to}/${body.length}`, 'content-length': String(to - from + 1) }).end(body.subarray(from, to + 1));
    }
    res.writeHead(200, { ...headers, 'content-length': String(body.length) }).end(body);
  });
  const replica: HostileReplica = {
    ...server,
    mode,
    close: async () => {
      for (const res of hanging) res.destroy();
      await server.close();
    },
  };
  return replica;
}

function blobOf(origin: FakeRegistry, repo: string, digest: string): { digest: string; mediaType: string; bytes: Buffer } | undefined {
  const bytes = origin.links.get(repo)?.has(digest) === true ? origin.blobs.get(digest) : undefined;
  return bytes === undefined ? undefined : { digest, mediaType: 'application/octet-stream', bytes };
}

function manifestOf(origin: FakeRegistry, repo: string, ref: string): { digest: string; mediaType: string; bytes: Buffer } | undefined {
  const digest = ref.includes(':') ? ref : origin.tags.get(repo)?.get(ref);
  const stored = digest === undefined ? undefined : origin.manifests.get(`${repo}@${digest}`);
  return stored === undefined || digest === undefined ? undefined : { digest, ...stored };
}
