/**
 * The coordinator: `replbench run --listen HOST:PORT` listens here for
 * workers (protocol.ts). Each worker's upgrade request must carry the shared
 * token (compared in constant time); its first message must be a hello for a
 * region the run expects and that has no worker yet. waitFor() resolves once
 * every expected region has joined, or fails naming the ones missing.
 *
 * Anything but the upgrade gets 426, except GET /healthz (200) for a
 * Kubernetes probe.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { AbortedError, ConfigError, describeError, TimeoutError } from '../errors.ts';
import { formatDurationMs } from '../units.ts';
import { NdjsonChannel } from './ndjson-channel.ts';
import { parseWorkerMessage, UPGRADE_PROTOCOL, WORKER_PATH, type CoordinatorMessage, type WorkerMessage } from './protocol.ts';
import { bearerTokenOf, MIN_TOKEN_LENGTH, tokensEqual } from './token-compare.ts';
import { WorkerSession } from './worker-session.ts';

export const DEFAULT_LISTEN = { host: '127.0.0.1', port: 7341 } as const;

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** "HOST:PORT", "PORT" or "[v6]:PORT" → address; the host defaults to 127.0.0.1. */
export function parseListen(text: string): ListenAddress {
  const m = /^(?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(text.trim());
  const port = Number(m?.[2]);
  if (m === null || !(port >= 0 && port <= 65535)) throw new ConfigError(`--listen: expected HOST:PORT or PORT such as "127.0.0.1:7341", found "${text}"`);
  const host = (m[1] ?? DEFAULT_LISTEN.host).replace(/^\[|\]$/g, '');
  return { host, port };
}

export interface CoordinatorOptions {
  readonly listen?: ListenAddress;
  /** The shared token workers must present. */
  readonly token: string;
  /** The coordinator's clock for the offset exchange (ms). */
  readonly now: () => number;
  /** Regions that may join (default: any). */
  readonly regions?: readonly string[];
  readonly heartbeatMs?: number;
  readonly lostAfterMs?: number;
  /** How long a connected worker may take to say hello (default 10 s). */
  readonly helloTimeoutMs?: number;
  readonly onJoin?: (session: WorkerSession) => void;
  /** A connection refused (bad token, unknown or taken region): the reason, never the token. */
  readonly onReject?: (reason: string) => void;
  readonly onLost?: (session: WorkerSession, reason: string) => void;
}

export class Coordinator {
  readonly url: string;
  readonly #o: CoordinatorOptions;
  readonly #server: Server;
  readonly #sessions = new Map<string, WorkerSession>();
  readonly #channels = new Set<NdjsonChannel<WorkerMessage, CoordinatorMessage>>();
  readonly #joinWaiters = new Set<() => void>();
  #sealed: string | undefined;

  private constructor(opts: CoordinatorOptions, server: Server, url: string) {
    this.#o = opts;
    this.#server = server;
    this.url = url;
  }

  static async start(opts: CoordinatorOptions): Promise<Coordinator> {
    if (opts.token.length < MIN_TOKEN_LENGTH) throw new ConfigError(`the worker token must be at least ${MIN_TOKEN_LENGTH} characters long`);
    const listen = opts.listen ?? DEFAULT_LISTEN;
    const server = createServer((req, res) => {
      const health = req.method === 'GET' && req.url === '/healthz';
      res.writeHead(health ? 200 : 426, { 'content-type': 'text/plain', ...(health ? {} : { upgrade: UPGRADE_PROTOCOL, connection: 'Upgrade' }) });
      res.end(health ? 'ok\n' : `replbench coordinator: workers upgrade ${WORKER_PATH} to ${UPGRADE_PROTOCOL}\n`);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(new ConfigError(`the coordinator cannot listen on ${listen.host}:${listen.port}: ${describeError(err)}`, { cause: err })));
      server.listen(listen.port, listen.host, () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : listen.port;
    const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
    const c = new Coordinator(opts, server, `http://${host}:${port}`);
    server.on('upgrade', (req, socket, head) => c.#upgrade(req, socket, head));
    return c;
  }

  /** Connected (or lost) workers by region. */
  get sessions(): ReadonlyMap<string, WorkerSession> {
    return this.#sessions;
  }

  /** Resolves when every region has a live worker; TimeoutError naming the missing ones otherwise. */
  async waitFor(regions: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<Map<string, WorkerSession>> {
    const ready = (): boolean => regions.every((r) => this.#sessions.get(r)?.lost === undefined && this.#sessions.has(r));
    if (!ready()) {
      await new Promise<void>((resolve, reject) => {
        const finish = (err?: unknown): void => {
          clearTimeout(timer);
          this.#joinWaiters.delete(check);
          signal?.removeEventListener('abort', onAbort);
          if (err === undefined) resolve();
          else reject(err);
        };
        const check = (): void => {
          if (ready()) finish();
        };
        const onAbort = (): void => finish(new AbortedError('stopped while waiting for workers'));
        const timer = setTimeout(() => {
          const missing = regions.filter((r) => !this.#sessions.has(r) || this.#sessions.get(r)?.lost !== undefined);
          finish(new TimeoutError(`no worker joined for ${missing.join(', ')} within ${formatDurationMs(timeoutMs)} (start \`replbench worker --region R --coordinator ${this.url}\` in each)`, timeoutMs));
        }, timeoutMs);
        this.#joinWaiters.add(check);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    return new Map(regions.map((r) => [r, this.#sessions.get(r) as WorkerSession]));
  }

  /** No worker may join from now on (the run has started: a late or restarted worker would have no setup and no offset). */
  seal(reason: string): void {
    this.#sealed = reason;
  }

  /** Says bye to every worker and stops listening. */
  async close(reason = 'the run is over'): Promise<void> {
    for (const s of this.#sessions.values()) s.end(reason);
    for (const ch of this.#channels) ch.close(reason);
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: string, reason: string): void => {
      this.#o.onReject?.(reason);
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason) + 1}\r\n\r\n${reason}\n`);
    };
    const path = (req.url ?? '').split('?')[0];
    if (path !== WORKER_PATH || req.headers.upgrade?.toLowerCase() !== UPGRADE_PROTOCOL) {
      refuse('404 Not Found', `expected an upgrade of ${WORKER_PATH} to ${UPGRADE_PROTOCOL}`);
      return;
    }
    if (!tokensEqual(bearerTokenOf(req.headers.authorization) ?? '', this.#o.token)) {
      refuse('401 Unauthorized', 'the worker token is missing or wrong');
      return;
    }
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${UPGRADE_PROTOCOL}\r\nConnection: Upgrade\r\n\r\n`);
    let session: WorkerSession | undefined;
    const helloTimer = setTimeout(() => channel.close('no hello'), this.#o.helloTimeoutMs ?? 10_000);
    const channel: NdjsonChannel<WorkerMessage, CoordinatorMessage> = new NdjsonChannel({
      socket,
      head,
      parse: parseWorkerMessage,
      ...(this.#o.heartbeatMs !== undefined ? { heartbeatMs: this.#o.heartbeatMs } : {}),
      ...(this.#o.lostAfterMs !== undefined ? { lostAfterMs: this.#o.lostAfterMs } : {}),
      onMessage: (m) => {
        if (session !== undefined) return session.receive(m);
        if (m.type !== 'hello') return channel.close(`expected a hello first, found ${m.type}`);
        clearTimeout(helloTimer);
        const reason = this.#refusal(m.region);
        if (reason !== undefined) {
          this.#o.onReject?.(reason);
          channel.send({ v: 1, type: 'reject', reason });
          return channel.close(reason);
        }
        session = new WorkerSession(m.region, m.agent, channel, this.#o.now);
        const joined = session;
        this.#sessions.set(m.region, joined);
        joined.onLost((why) => this.#o.onLost?.(joined, why));
        channel.send({ v: 1, type: 'welcome', region: m.region, heartbeatMs: this.#o.heartbeatMs ?? 2000 });
        this.#o.onJoin?.(joined);
        for (const w of [...this.#joinWaiters]) w();
      },
      onClose: (why) => {
        clearTimeout(helloTimer);
        this.#channels.delete(channel);
        session?.closed(why);
      },
    });
    this.#channels.add(channel);
  }

  #refusal(region: string): string | undefined {
    if (this.#sealed !== undefined) return `workers can no longer join: ${this.#sealed}`;
    const allowed = this.#o.regions;
    if (allowed !== undefined && !allowed.includes(region)) return `region "${region}" is not expected by this run (expected: ${allowed.join(', ')})`;
    const existing = this.#sessions.get(region);
    if (existing !== undefined && existing.lost === undefined) return `region "${region}" already has a worker (${existing.agent.host} pid ${existing.agent.pid})`;
    return undefined;
  }
}
