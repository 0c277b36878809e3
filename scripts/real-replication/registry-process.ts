/**
 * One real CNCF distribution registry (Debian's `docker-registry`) on a
 * loopback port: a throw-away config and storage directory, optional
 * notification endpoints (the registry's own event log, sent as
 * application/vnd.docker.distribution.events.v1+json envelopes) and an
 * optional pull-through upstream. Stopped by the PID it started; a registry
 * still running when this process exits is killed with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DOCKER_REGISTRY_BIN = process.env['REPLBENCH_DOCKER_REGISTRY'] ?? '/usr/bin/docker-registry';

export interface NotificationEndpoint {
  readonly name: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RegistryProcessOptions {
  /** 127.0.0.1 port; 0 or omitted: the caller must pass one (docker-registry cannot report a port it chose). */
  readonly port: number;
  readonly notifications?: readonly NotificationEndpoint[];
  readonly proxyOf?: string;
}

export interface RegistryProcess {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function hasDockerRegistry(): boolean {
  return existsSync(DOCKER_REGISTRY_BIN);
}

/** The registry's config.yml: filesystem storage, deletes on, quiet logs, pushes (not pulls, not blobs) notified. */
export function registryConfig(dataDir: string, opts: RegistryProcessOptions): string {
  const lines = [
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
    `  addr: 127.0.0.1:${opts.port}`,
  ];
  if (opts.proxyOf !== undefined) lines.push('proxy:', `  remoteurl: ${opts.proxyOf}`);
  const hooks = opts.notifications ?? [];
  if (hooks.length > 0) {
    lines.push('notifications:', '  events:', '    includereferences: true', '  endpoints:');
    for (const h of hooks) {
      lines.push(`    - name: ${JSON.stringify(h.name)}`, `      url: ${JSON.stringify(h.url)}`, '      timeout: 2s', '      threshold: 5', '      backoff: 200ms');
      const headers = Object.entries(h.headers ?? {});
      if (headers.length > 0) {
        lines.push('      headers:');
        for (const [k, v] of headers) lines.push(`        ${JSON.stringify(k)}: [${JSON.stringify(v)}]`);
      }
      lines.push('      ignore:', '        mediatypes: [application/octet-stream]', '        actions: [pull]');
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function startRegistryProcess(opts: RegistryProcessOptions): Promise<RegistryProcess> {
  if (!(opts.port > 0)) throw new Error('startRegistryProcess: a port is required');
  const dataDir = await mkdtemp(join(tmpdir(), 'replbench-registry-'));
  const configPath = join(dataDir, 'config.yml');
  await writeFile(configPath, registryConfig(dataDir, opts));
  const child = spawn(DOCKER_REGISTRY_BIN, ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 8192) stderr += chunk.toString();
  });
  const host = `127.0.0.1:${opts.port}`;
  const url = `http://${host}`;
  try {
    await waitUntilServing(url, child, () => stderr);
  } catch (err: unknown) {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    host,
    port: opts.port,
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
