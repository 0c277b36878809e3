/**
 * Dedicated data endpoints, the way ACR serves blobs with them: a region's
 * registry answers a blob GET with 307 to that region's storage host, which
 * serves the bytes from the region's store. Each storage host has its own
 * ports (one per client region, shaped by the same links as the registry), so
 * the redirect hop and the storage hop are separate round trips a client can
 * time apart. A wrong-storage fault points a region's redirects at another
 * region's storage host (downloads from far away, the egress a replica is
 * meant to avoid).
 *
 * The Location carries a short-lived signature in its query, as a SAS URL
 * does: the storage host refuses a request without one, and clients must not
 * log it (pull-blob.ts keeps only host:port of each hop).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeError } from '../errors.ts';
import { sendBytes, sendEmpty, sendStream, startStream } from './registry-http.ts';
import { isSupportedDigest } from './registry-names.ts';
import type { RegionStore } from './store.ts';

/** The storage path of a blob: /<repo>/blobs/<digest> (the repository keeps the URL readable; the store is per region). */
export function storagePath(repo: string, digest: string): string {
  return `/${repo}/blobs/${digest}`;
}

/** The Location a registry answers with: the storage host's base URL, the blob's path and a signature. */
export function storageLocation(baseUrl: string, repo: string, digest: string, nowMs: number): string {
  const expiry = new Date(nowMs + 20 * 60_000).toISOString();
  return `${baseUrl}${storagePath(repo, digest)}?se=${encodeURIComponent(expiry)}&sig=${randomBytes(12).toString('base64url')}`;
}

/** The storage host of one region: GET and HEAD of a signed blob path, from the region's store. */
export function createStorageHandler(region: string, store: RegionStore): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    serveStorage(req, res, store).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return void res.destroy();
      sendBytes(res, 500, { 'Content-Type': 'text/plain' }, `storage ${region}: ${describeError(err)}\n`);
    });
  };
}

async function serveStorage(req: IncomingMessage, res: ServerResponse, store: RegionStore): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://storage.invalid');
  if (method !== 'GET' && method !== 'HEAD') return sendEmpty(res, 405, { Allow: 'GET, HEAD' });
  if (!url.searchParams.has('sig')) return sendBytes(res, 403, { 'Content-Type': 'text/plain' }, 'AuthenticationFailed: the URL carries no signature\n');
  const digest = /\/blobs\/([^/]+)$/.exec(url.pathname)?.[1];
  if (digest === undefined || !isSupportedDigest(digest)) return sendBytes(res, 400, { 'Content-Type': 'text/plain' }, 'InvalidUri\n');
  const stat = await store.blobStat(digest);
  if (stat === undefined) return sendBytes(res, 404, { 'Content-Type': 'text/plain' }, 'BlobNotFound\n');
  const headers = { 'Content-Type': 'application/octet-stream', 'Content-Length': stat.sizeBytes, ETag: `"${digest}"` };
  if (method === 'HEAD' || stat.sizeBytes === 0) {
    res.writeHead(200, headers);
    res.end();
    return;
  }
  await sendStream(res, 200, headers, await startStream(store.blobRead(digest)));
}
