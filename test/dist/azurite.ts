/**
 * Azurite (blob service only) started by a test on 127.0.0.1, in memory, and
 * stopped by PID. The well-known development account and key are azurite's
 * public defaults, not secrets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../helpers/free-port.ts';

export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

export interface Azurite {
  readonly port: number;
  readonly pid: number;
  readonly connectionString: string;
  stop(): Promise<void>;
}

export type AzuriteStart = { readonly ok: true; readonly azurite: Azurite } | { readonly ok: false; readonly reason: string };

export function connectionStringFor(port: number, key = DEV_KEY): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${key};BlobEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
}

export async function startAzurite(): Promise<AzuriteStart> {
  let main: string;
  try {
    main = join(dirname(createRequire(import.meta.url).resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
  } catch {
    return { ok: false, reason: 'the azurite package is not installed (npm install)' };
  }
  const cwd = mkdtempSync(join(tmpdir(), 'replbench-azurite-'));
  const port = await freePort();
  const args = [main, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--silent', '--skipApiVersionCheck', '--loose', '--inMemoryPersistence'];
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const stop = async (): Promise<void> => {
    await stopChild(child);
    rmSync(cwd, { recursive: true, force: true });
  };
  const ready = await waitForPort(port, child, START_TIMEOUT_MS);
  if (!ready || child.pid === undefined) {
    await stop();
    return { ok: false, reason: `azurite did not listen on 127.0.0.1:${port} within ${START_TIMEOUT_MS / 1000} s: ${output.trim().split('\n').slice(-2).join(' ') || 'no output'}` };
  }
  return { ok: true, azurite: { port, pid: child.pid, connectionString: connectionStringFor(port), stop } };
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

/** SIGTERM to this PID, SIGKILL if it has not exited after a few seconds. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
  if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout') {
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }
}
