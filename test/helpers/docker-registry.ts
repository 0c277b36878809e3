/**
 * Starts the real CNCF distribution registry (Debian's `docker-registry`) on a
 * loopback port with a throw-away config and storage directory, and stops it by
 * the PID it started. Optionally a pull-through proxy of another registry.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export const DOCKER_REGISTRY_BIN = '/usr/bin/docker-registry';

export interface RunningRegistry {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** Registries still running when the test process exits are killed with it, never orphaned. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function hasDockerRegistry(): boolean {
  return existsSync(DOCKER_REGISTRY_BIN);
}

export async function startDockerRegistry(opts: { proxyOf?: string } = {}): Promise<RunningRegistry> {
  const dataDir = await mkdtemp(join(tmpdir(), 'replbench-registry-'));
  const port = await freePort();
  const config = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dataDir, 'storage')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    ...(opts.proxyOf ? ['proxy:', `  remoteurl: ${opts.proxyOf}`] : []),
    '',
  ].join('\n');
  const configPath = join(dataDir, 'config.yml');
  await writeFile(configPath, config);
  const child = spawn(DOCKER_REGISTRY_BIN, ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 8192) stderr += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(url, child, () => stderr);
  } catch (err: unknown) {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    port,
    pid: child.pid ?? -1,
    dataDir,
    async stop() {
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitUntilServing(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${stderr().trim()}`);
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not answer on ${url} within 15 s: ${stderr().trim()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
