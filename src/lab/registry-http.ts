/** The plumbing every registry route shares: the exchange, sending, reading bodies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { RegionStore } from './store.ts';
import type { WriteEvent } from './registry-types.ts';

export const API_VERSION_HEADER = 'Docker-Distribution-API-Version';
export const API_VERSION = 'registry/2.0';

/** One request being answered. */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly query: URLSearchParams;
  readonly store: RegionStore;
  /** Tells the lab a client write committed (after the store holds it). */
  readonly emit: (event: WriteEvent) => void;
  /** Data endpoints: the storage URL a blob GET is redirected to, when the lab serves blobs that way. */
  readonly blobLocation?: (repo: string, digest: string) => string | undefined;
}

export type Headers = Readonly<Record<string, string | number>>;

export function sendEmpty(res: ServerResponse, status: number, headers: Headers = {}): void {
  res.writeHead(status, { ...headers, 'Content-Length': 0 });
  res.end();
}

/** Sends bytes; a HEAD request gets the same headers and no body (node drops it). */
export function sendBytes(res: ServerResponse, status: number, headers: Headers, body: Uint8Array | string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...headers, 'Content-Length': bytes.byteLength });
  res.end(bytes);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Headers = {}): void {
  sendBytes(res, status, { ...headers, 'Content-Type': 'application/json' }, JSON.stringify(value));
}

/**
 * Pulls the first chunk of a stream before anything is sent, so a source that
 * fails at once (a blob deleted since its stat) can still be answered with an
 * error; returns a stream that replays that chunk and continues.
 */
export async function startStream(source: AsyncIterable<Uint8Array>): Promise<AsyncIterable<Uint8Array>> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  return {
    async *[Symbol.asyncIterator]() {
      try {
        if (first.done === true) return;
        yield first.value;
        for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
      } finally {
        await iterator.return?.();
      }
    },
  };
}

/** Streams a body with backpressure; a client that goes away ends the source early. */
export async function sendStream(
  res: ServerResponse,
  status: number,
  headers: Headers,
  body: AsyncIterable<Uint8Array>,
): Promise<void> {
  res.writeHead(status, headers);
  await pipeline(body, res);
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

export type BodyResult = { kind: 'ok'; bytes: Uint8Array } | { kind: 'too-large' };

/** Reads a small body (a manifest) whole, refusing more than `maxBytes` before holding it. */
export async function readSmallBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(header(req, 'content-length') ?? '0');
  if (declared > maxBytes) return { kind: 'too-large' };
  const chunks: Buffer[] = [];
  let sizeBytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    sizeBytes += chunk.byteLength;
    if (sizeBytes <= maxBytes) chunks.push(chunk);
    else chunks.length = 0; // keep draining so the answer can still be sent, hold nothing
  }
  return sizeBytes > maxBytes ? { kind: 'too-large' } : { kind: 'ok', bytes: Buffer.concat(chunks, sizeBytes) };
}

/** The request body as a stream of chunks (for blob uploads). */
export function bodyChunks(req: IncomingMessage): AsyncIterable<Uint8Array> {
  return req as AsyncIterable<Buffer>;
}
