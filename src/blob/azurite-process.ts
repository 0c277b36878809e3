/**
 * Azurite's blob service, started for a run on 127.0.0.1 (a free port, in
 * memory, its working files in a temporary directory) and stopped by its PID
 * at the end: SIGTERM, then SIGKILL if it has not exited.
 *
 * Accounts: azurite's well-known development account (a public default, not
 * a secret) plus any the scenario names, each given a random key for this
 * run through AZURITE_ACCOUNTS. Connection strings point at the path-style
 * endpoint http://127.0.0.1:PORT/ACCOUNT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors.ts';

export const AZURITE_DEV_ACCOUNT = 'devstoreaccount1';
/** Azurite's published development key (the same in every install). */
export const AZURITE_DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteProcess {
  readonly pid: number;
  readonly port: number;
  /** Base URL of an account's blob endpoint (path style). */
  endpointOf(account: string): string;
  connectionStringOf(account: string): string;
  stop(): Promise<void>;
}

export interface StartAzuriteOptions {
  /** Accounts besides devstoreaccount1. */
  readonly accounts?: readonly string[];
  readonly startTimeoutMs?: number;
}

/** The path of azurite's blob entry point, or a ConfigError saying how to install it. */
export function azuriteBlobMain(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
  } catch {
    throw new ConfigError('target.azurite: the azurite package is not installed (npm install --save-dev azurite), or run azurite yourself and use connection strings');
  }
}

export async function startAzurite(opts: StartAzuriteOptions = {}): Promise<AzuriteProcess> {
  const main = azuriteBlobMain();
  const keys = new Map<string, string>([[AZURITE_DEV_ACCOUNT, AZURITE_DEV_KEY]]);
  for (const a of opts.accounts ?? []) if (!keys.has(a)) keys.set(a, randomBytes(64).toString('base64'));
  const cwd = await mkdtemp(join(tmpdir(), 'replbench-azurite-'));
  const port = await freePort();
  const args = [main, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--silent', '--skipApiVersionCheck', '--loose', '--inMemoryPersistence', '--disableTelemetry'];
  const env = { ...process.env, AZURITE_ACCOUNTS: [...keys].map(([a, k]) => `${a}:${k}`).join(';') };
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (b: Buffer): void => {
    output = (output + b.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async (): Promise<void> => {
    await stopChild(child);
    await rm(cwd, { recursive: true, force: true });
  };
  const timeoutMs = opts.startTimeoutMs ?? 30_000;
  if (!(await waitForPort(port, child, timeoutMs)) || child.pid === undefined) {
    await stop();
    const last = output.trim().split('\n').slice(-2).join(' ') || 'no output';
    throw new ConfigError(`target.azurite: azurite did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s (${last})`);
  }
  const endpointOf = (account: string): string => `http://127.0.0.1:${port}/${account}`;
  return {
    pid: child.pid,
    port,
    endpointOf,
    connectionStringOf(account) {
      const key = keys.get(account);
      if (key === undefined) throw new ConfigError(`azurite has no account "${account}" (accounts: ${[...keys.keys()].join(', ')})`);
      return `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${key};BlobEndpoint=${endpointOf(account)};`;
    },
    stop,
  };
}

/** A port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    if (await canConnect(port)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** SIGTERM to this child's PID, SIGKILL if it has not exited after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
  if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
