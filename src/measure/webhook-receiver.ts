/**
 * An HTTP receiver for registry webhooks, the event source of replication
 * watching: ACR webhook events (one POST per event; a geo-replicated registry
 * posts a push event per replica as the image lands there) and distribution
 * notification envelopes ({events: […]}), see webhook-payload.ts.
 *
 * - Only POST to `path` (or `path/<region>`) is accepted; anything else is 404/405.
 * - With `secretHeader`, a request without that header value is refused 401
 *   before its body is read (compared in constant time; never logged).
 * - Events are deduplicated by id (the last `maxRememberedIds` ids).
 * - The region of an event: request.host of the payload looked up in
 *   `regionsByHost` (host[:port], case-insensitive), then `regionOf`; else the last path
 *   segment of `path/<region>` (one ACR webhook per replica location can
 *   point at its own URL); else undefined (counted as unknownRegion).
 * - `atMs` is the receiver's clock (`now`, default performance.now) when the
 *   request arrived; `eventTimestamp` is the sender's, as sent.
 * - Memory is bounded: body size, remembered ids, and queued events (the
 *   oldest queued event is dropped and counted when the consumer lags).
 *
 * Events are delivered to `onEvent` and to `events()`, an async iterator (each
 * event to one reader). With `onEvent`, the iterator buffers only from its
 * first call on, so a callback-only user keeps no queue.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../errors.ts';
import { normalizeHost, pathMatcher, readBody, reply, secretChecker, type WebhookSecretHeader } from './webhook-http.ts';
import { parseWebhookPayload, type WebhookFormat } from './webhook-payload.ts';
import { EventQueue, RecentIds } from './webhook-queue.ts';

export type { WebhookSecretHeader } from './webhook-http.ts';

export interface WebhookEvent {
  readonly id: string;
  readonly format: WebhookFormat;
  /** 'push', 'delete', … as sent, lowercase. */
  readonly action: string;
  /** The replica the event came from, when known. */
  readonly region: string | undefined;
  /** request.host of the payload, lowercase. */
  readonly host: string | undefined;
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
  /** target.mediaType, when sent. */
  readonly mediaType: string | undefined;
  /** The receiver's clock when the request arrived. */
  readonly atMs: number;
  /** The sender's timestamp, as sent (RFC 3339). */
  readonly eventTimestamp: string | undefined;
  /** The same as epoch ms, when parsable. */
  readonly eventEpochMs: number | undefined;
}

export interface WebhookReceiverOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** Default '/webhook'. */
  readonly path?: string;
  readonly secretHeader?: WebhookSecretHeader;
  /** request.host (host[:port]) → region. */
  readonly regionsByHost?: Readonly<Record<string, string>>;
  /**
   * Consulted for a host not in regionsByHost (lowercase, default ports
   * dropped): for targets whose hosts are known only after the receiver
   * listens, such as a lab configured with the receiver's URL.
   */
  readonly regionOf?: (host: string) => string | undefined;
  readonly onEvent?: (event: WebhookEvent) => void;
  readonly now?: () => number;
  readonly maxQueuedEvents?: number;
  readonly maxRememberedIds?: number;
  readonly maxBodyBytes?: number;
}

export const WEBHOOK_RECEIVER_DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  path: '/webhook',
  maxQueuedEvents: 10_000,
  maxRememberedIds: 100_000,
  maxBodyBytes: 1024 * 1024,
} as const;

export interface WebhookReceiverStats {
  /** POSTs to the path. */
  requests: number;
  /** Events delivered (after deduplication). */
  accepted: number;
  duplicates: number;
  /** Requests refused for a missing or wrong secret. */
  unauthorized: number;
  /** Bodies that were not JSON or too large. */
  badRequests: number;
  /** Entries of a body that were no event (no id, action or repository). */
  skipped: number;
  /** Delivered events whose region could not be told. */
  unknownRegion: number;
  /** Queued events dropped because the iterator's reader lagged. */
  dropped: number;
  /** onEvent threw (the error is not rethrown into the server). */
  callbackErrors: number;
}

export interface WebhookReceiver {
  /** http://host:port/path */
  readonly url: string;
  readonly port: number;
  readonly stats: Readonly<WebhookReceiverStats>;
  /** Events as they arrive; ends when the receiver closes; `signal` stops it with AbortedError. */
  events(signal?: AbortSignal): AsyncGenerator<WebhookEvent, void, undefined>;
  close(): Promise<void>;
}

const REGION_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

function checkOptions(o: WebhookReceiverOptions): void {
  const path = o.path ?? WEBHOOK_RECEIVER_DEFAULTS.path;
  if (!path.startsWith('/') || path.includes('?') || path.includes('#')) throw new UsageError(`webhook receiver path must start with "/" and have no query, got ${JSON.stringify(path)}`);
  const name = o.secretHeader?.name;
  if (o.secretHeader && (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name ?? '') || o.secretHeader.value === '')) {
    throw new UsageError('webhook receiver secretHeader needs a header name and a non-empty value');
  }
}

export async function startWebhookReceiver(opts: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  checkOptions(opts);
  const path = (opts.path ?? WEBHOOK_RECEIVER_DEFAULTS.path).replace(/\/+$/, '') || '/';
  const now = opts.now ?? (() => performance.now());
  const maxBodyBytes = opts.maxBodyBytes ?? WEBHOOK_RECEIVER_DEFAULTS.maxBodyBytes;
  const regions = new Map(Object.entries(opts.regionsByHost ?? {}).map(([h, r]) => [normalizeHost(h), r]));
  const ids = new RecentIds(opts.maxRememberedIds ?? WEBHOOK_RECEIVER_DEFAULTS.maxRememberedIds);
  const queue = new EventQueue<WebhookEvent>(opts.maxQueuedEvents ?? WEBHOOK_RECEIVER_DEFAULTS.maxQueuedEvents);
  let buffering = opts.onEvent === undefined;
  const stats: WebhookReceiverStats = { requests: 0, accepted: 0, duplicates: 0, unauthorized: 0, badRequests: 0, skipped: 0, unknownRegion: 0, dropped: 0, callbackErrors: 0 };

  const authorized = secretChecker(opts.secretHeader);
  const segmentOf = pathMatcher(path);

  const deliver = (event: WebhookEvent): void => {
    stats.accepted++;
    if (event.region === undefined) stats.unknownRegion++;
    if (buffering) {
      queue.push(event);
      stats.dropped = queue.dropped;
    }
    if (opts.onEvent) {
      try {
        opts.onEvent(event);
      } catch {
        stats.callbackErrors++;
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const atMs = now();
    const url = new URL(req.url ?? '/', 'http://receiver');
    const segment = segmentOf(url.pathname);
    if (segment === undefined) return reply(res, 404);
    if (req.method !== 'POST') return reply(res, 405, { allow: 'POST' });
    stats.requests++;
    if (!authorized(req)) {
      stats.unauthorized++;
      return reply(res, 401, { connection: 'close' });
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) {
      stats.badRequests++;
      return reply(res, 413, { connection: 'close' });
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      stats.badRequests++;
      return reply(res, 400);
    }
    const parsed = parseWebhookPayload(json);
    stats.skipped += parsed.skipped;
    const pathRegion = segment !== '' && REGION_SEGMENT.test(segment) ? segment : undefined;
    for (const e of parsed.events) {
      if (!ids.add(e.id)) {
        stats.duplicates++;
        continue;
      }
      const host = e.host !== undefined ? normalizeHost(e.host) : undefined;
      const region = (host !== undefined ? (regions.get(host) ?? opts.regionOf?.(host)) : undefined) ?? pathRegion;
      deliver({
        id: e.id,
        format: e.format,
        action: e.action,
        region,
        host: e.host,
        repository: e.repository,
        tag: e.tag,
        digest: e.digest,
        mediaType: e.mediaType,
        atMs,
        eventTimestamp: e.eventTimestamp,
        eventEpochMs: e.eventEpochMs,
      });
    }
    reply(res, 200);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) reply(res, 500, { connection: 'close' });
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.maxConnections = 512;
  const host = opts.host ?? WEBHOOK_RECEIVER_DEFAULTS.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? WEBHOOK_RECEIVER_DEFAULTS.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closed = false;
  return {
    url: `http://${shownHost}:${port}${path}`,
    port,
    stats,
    events(signal?: AbortSignal) {
      buffering = true;
      return queue.iterate(signal);
    },
    async close() {
      if (closed) return;
      closed = true;
      queue.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
