/**
 * The sockets of one server region: one 127.0.0.1 port per client region.
 * Connections on a port are shaped with that (client → server) link and fed
 * to a node:http server whose requests reach the region's handler with
 * ctx {clientRegion}. A region that goes down closes its ports (new
 * connections are refused) and resets open connections; coming back up
 * listens on the same ports again.
 */
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Clock } from '../time/clock.ts';
import type { LinkParams } from './link.ts';
import { ShapedSocket } from './shaped-socket.ts';

export type RegionHandler = (req: IncomingMessage, res: ServerResponse, ctx: { clientRegion: string }) => void;

export interface RegionListenerOptions {
  readonly region: string;
  readonly clientRegions: readonly string[];
  readonly handler: RegionHandler;
  /** The link for a client region now (read per chunk). */
  readonly link: (clientRegion: string) => LinkParams;
  readonly clock: Clock;
  readonly host?: string;
  /** Fixed ports per client region; absent or 0 = ephemeral. */
  readonly ports?: Readonly<Record<string, number>>;
  readonly windowBytes?: number;
}

interface ClientPort {
  readonly clientRegion: string;
  readonly net: NetServer;
  port: number;
}

export class RegionListener {
  readonly region: string;
  readonly host: string;
  private readonly clientPorts: ClientPort[] = [];
  private readonly sockets = new Set<Socket>();
  private down = false;
  private closed = false;

  constructor(opts: RegionListenerOptions) {
    this.region = opts.region;
    this.host = opts.host ?? '127.0.0.1';
    for (const clientRegion of opts.clientRegions) {
      const http = createHttpServer({ keepAliveTimeout: 30_000 }, (req, res) => opts.handler(req, res, { clientRegion }));
      const net = createNetServer({ allowHalfOpen: true, pauseOnConnect: false }, (raw) => {
        if (this.down || this.closed) return void raw.destroy();
        this.sockets.add(raw);
        raw.once('close', () => this.sockets.delete(raw));
        const shaped = new ShapedSocket(raw, {
          clock: opts.clock,
          link: () => opts.link(clientRegion),
          ...(opts.windowBytes !== undefined ? { windowBytes: opts.windowBytes } : {}),
        });
        shaped.on('error', () => undefined);
        http.emit('connection', shaped);
      });
      this.clientPorts.push({ clientRegion, net, port: opts.ports?.[clientRegion] ?? 0 });
    }
  }

  /** Listens on every port; afterwards `ports` holds the assigned numbers. */
  async start(): Promise<void> {
    await Promise.all(this.clientPorts.map((cp) => this.listen(cp)));
  }

  /** Port per client region. */
  get ports(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.clientPorts.map((cp) => [cp.clientRegion, cp.port]));
  }

  url(clientRegion: string): string {
    const cp = this.clientPorts.find((c) => c.clientRegion === clientRegion);
    if (cp === undefined) throw new Error(`no port for client region "${clientRegion}" on region "${this.region}"`);
    return `http://${this.host}:${cp.port}`;
  }

  get isDown(): boolean {
    return this.down;
  }

  /** Down: ports closed (connection refused) and open connections reset. Up: the same ports again. */
  async setDown(down: boolean): Promise<void> {
    if (this.closed || down === this.down) return;
    this.down = down;
    if (down) {
      await Promise.all([this.resetAll(), ...this.clientPorts.map((cp) => closeNet(cp.net))]);
    } else {
      await Promise.all(this.clientPorts.map((cp) => this.listen(cp)));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.resetAll(), ...this.clientPorts.map((cp) => closeNet(cp.net))]);
  }

  /** Resets every open connection; resolves once each one's handle is closed. */
  private async resetAll(): Promise<void> {
    const sockets = [...this.sockets];
    this.sockets.clear();
    await Promise.all(sockets.map((s) => abortConnection(s)));
  }

  private listen(cp: ClientPort): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      cp.net.once('error', onError);
      cp.net.listen({ host: this.host, port: cp.port, exclusive: true }, () => {
        cp.net.off('error', onError);
        const addr = cp.net.address();
        if (addr !== null && typeof addr === 'object') cp.port = addr.port;
        resolve();
      });
    });
  }
}

/**
 * Ends a connection abruptly (RST) and resolves on its 'close', i.e. once its
 * handle is closed. A socket whose write side was ended (the shaped socket's
 * FIN, after the client hung up) is destroyed instead: libuv refuses to reset a
 * stream after shutdown() (EINVAL), and Node then never closes that handle, so
 * the process could not exit (it spins in its exit-time handle cleanup).
 */
export function abortConnection(socket: Socket): Promise<void> {
  if (socket.closed) return Promise.resolve();
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  if (socket.writableEnded || socket.destroyed) socket.destroy();
  else socket.resetAndDestroy();
  return closed;
}

function closeNet(server: NetServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}
