/**
 * The OCI registry client tests talk to: the lab's own registry handler
 * (src/lab/registry-server.ts) over a memory store on 127.0.0.1 port 0, so
 * the suite has one registry implementation, not a second one to keep in
 * step. Only a raw layer sits in front of it, for registries that lie (a
 * wrong digest, a bad Content-Type, 500s, Retry-After…): `intercept` sees
 * every request with its body read and may answer it itself (return true);
 * `beforeBody` sees it before the body is read (faults on the upload stream).
 * Upload Locations carry an opaque `_state` query that must come back
 * verbatim, as docker-registry's do, so clients are tested on keeping it.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { createMemoryStore } from '../../src/lab/memory-store.ts';
import { createRegistryHandler } from '../../src/lab/registry-server.ts';
import { parseRoute } from '../../src/lab/registry-routes.ts';
import type { RegionStore } from '../../src/lab/store.ts';
import { sendJson, startServer, type BeforeBody, type FakeServer, type RecordedRequest } from './fake-server.ts';

export type Intercept = (req: RecordedRequest, res: ServerResponse) => boolean | Promise<boolean>;

export interface FakeRegistry extends FakeServer {
  /** What the registry holds (blobs, links, manifests, tags). */
  readonly store: RegionStore;
  intercept: Intercept | undefined;
  beforeBody: BeforeBody | undefined;
  /** Answers a request as the registry would without the raw layer (an intercept that only changes part of an answer). */
  answer(req: RecordedRequest, res: ServerResponse): void;
  /** The bytes of a stored blob; undefined when absent. */
  blobBytes(digest: string): Promise<Buffer | undefined>;
}

export interface FakeRegistryOptions {
  /** Serve this store (another registry's: a replica always in step with it); it stays open on close(). */
  readonly store?: RegionStore;
}

export async function startFakeRegistry(opts: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const store = opts.store ?? createMemoryStore();
  const handler = createRegistryHandler({ region: 'fake', store });
  const states = new Map<string, string>();

  /** docker-registry's upload state: a fresh `_state` on every upload Location; a session URL without the last one is refused. */
  const withUploadState = (res: ServerResponse): void => {
    const writeHead = res.writeHead.bind(res) as (status: number, headers?: OutgoingHttpHeaders) => ServerResponse;
    res.writeHead = ((status: number, headers: OutgoingHttpHeaders = {}) => {
      const location = headers['Location'];
      const session = typeof location === 'string' ? /\/blobs\/uploads\/([^/?]+)$/.exec(location) : null;
      if (session?.[1] === undefined) return writeHead(status, headers);
      const state = Buffer.from(`${session[1]}:${randomUUID()}`).toString('base64'); // has '=' and '+'-like chars
      states.set(session[1], state);
      return writeHead(status, { ...headers, Location: `${location as string}?_state=${encodeURIComponent(state)}` });
    }) as ServerResponse['writeHead'];
  };
  const stateRefused = (req: RecordedRequest): boolean => {
    const url = new URL(req.url, 'http://x');
    const route = parseRoute(url.pathname);
    return route.kind === 'upload' && states.has(route.id) && url.searchParams.get('_state') !== states.get(route.id);
  };

  const server = await startServer(
    async (req, res) => {
      if (registry.intercept !== undefined && (await registry.intercept(req, res))) return;
      registry.answer(req, res);
    },
    (req, res) => registry.beforeBody?.(req, res) === true,
  );
  const registry: FakeRegistry = {
    ...server,
    store,
    intercept: undefined,
    beforeBody: undefined,
    answer(req, res) {
      if (stateRefused(req)) return sendJson(res, 400, { errors: [{ code: 'BLOB_UPLOAD_INVALID', message: 'upload state does not match' }] });
      withUploadState(res);
      // The body is read already (it is recorded): the handler reads it again from the recorded bytes.
      const replay = Object.assign(Readable.from(req.body.length > 0 ? [req.body] : []), { method: req.method, url: req.url, headers: req.headers });
      handler(replay as unknown as IncomingMessage, res, { clientRegion: 'fake' });
    },
    async blobBytes(digest) {
      if ((await store.blobStat(digest)) === undefined) return undefined;
      const chunks: Uint8Array[] = [];
      for await (const chunk of store.blobRead(digest)) chunks.push(chunk);
      return Buffer.concat(chunks);
    },
    async close() {
      await server.close();
      if (opts.store === undefined) await store.close();
    },
  };
  return registry;
}
