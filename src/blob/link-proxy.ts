/**
 * A TCP proxy on 127.0.0.1 that makes one (client region → container region)
 * pair of the blob lab behave like the lab's links: each accepted connection
 * is wrapped in the lab's ShapedSocket (half the RTT each way, optional
 * bandwidth cap) and piped to azurite. So a worker in japaneast pulling from
 * the eastus container pays the japaneast ↔ eastus RTT, as it does against
 * the OCI lab. Loopback only; close() ends every connection.
 */
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../time/clock.ts';
import type { LinkParams } from '../lab/link.ts';
import { ShapedSocket } from '../lab/shaped-socket.ts';

export interface LinkProxy {
  readonly port: number;
  close(): Promise<void>;
}

export async function startLinkProxy(opts: { readonly upstreamPort: number; readonly link: LinkParams; readonly clock: Clock }): Promise<LinkProxy> {
  const open = new Set<Socket>();
  const server = createServer((raw) => {
    open.add(raw);
    raw.once('close', () => open.delete(raw));
    const shaped = new ShapedSocket(raw, { clock: opts.clock, link: () => opts.link });
    const upstream = connect({ host: '127.0.0.1', port: opts.upstreamPort });
    open.add(upstream);
    upstream.once('close', () => open.delete(upstream));
    upstream.setNoDelay(true);
    const end = (): void => {
      shaped.destroy();
      upstream.destroy();
    };
    shaped.on('error', end);
    upstream.on('error', end);
    shaped.pipe(upstream);
    upstream.pipe(shaped);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
