/** A loopback stand-in for Blob storage's Get Blob Properties (not a test file itself): answers HEAD with scripted headers. */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AnonymousCredential, ContainerClient } from '@azure/storage-blob';

export interface FakeStorage {
  /** A container client (anonymous, no retries) for http://127.0.0.1:PORT/acct/cont. */
  readonly container: ContainerClient;
  readonly requests: string[];
  close(): Promise<void>;
}

/** `answer(n, req)`: the status and headers of the n-th request (0-based). */
export async function startFakeStorage(answer: (n: number, req: IncomingMessage) => { status: number; headers?: Record<string, string> }): Promise<FakeStorage> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const n = requests.length;
    requests.push(`${req.method} ${req.url}`);
    const a = answer(n, req);
    res.writeHead(a.status, { 'content-length': '0', 'x-ms-version': '2025-01-05', ...a.headers });
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  let container: ContainerClient;
  try {
    container = new ContainerClient(`http://127.0.0.1:${port}/acct/cont`, new AnonymousCredential(), { retryOptions: { maxTries: 1 } });
  } catch (err: unknown) {
    server.close();
    throw err;
  }
  return {
    container,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      // Let the client side of the destroyed keep-alive sockets see the close, so no handle outlives the test.
      await new Promise((r) => setTimeout(r, 20));
    },
  };
}
