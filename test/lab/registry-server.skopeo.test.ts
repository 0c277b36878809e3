/**
 * Interop: the real skopeo pushes, inspects, pulls, mounts and deletes
 * through the lab registry (memory and directory stores). Skipped, with a
 * message, when /usr/bin/skopeo is not installed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDirectoryStore } from '../../src/lab/directory-store.ts';
import { createMemoryStore } from '../../src/lab/memory-store.ts';
import { digestHex, digestOf } from '../../src/lab/registry-names.ts';
import type { RegionStore } from '../../src/lab/store.ts';
import { writeOciLayout } from './oci-layout-fixture.ts';
import { startRegistry } from './registry-test-server.ts';

const SKOPEO = '/usr/bin/skopeo';
const SKOPEO_TIMEOUT_MS = 60_000;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs skopeo with a time limit, killing it by PID when the limit passes. */
function runSkopeo(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(SKOPEO, ['--insecure-policy', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, SKOPEO_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function ok(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const run = await runSkopeo(args, env);
  assert.is(run.code, 0, `skopeo ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

function skopeoFlow(openStore: (dir: string) => RegionStore) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replbench-skopeo-'));
    const registry = await startRegistry({ store: openStore(join(dir, 'store')) });
    try {
      const authFile = join(dir, 'auth.json');
      writeFileSync(authFile, '{"auths":{}}');
      const env = { ...process.env, REGISTRY_AUTH_FILE: authFile };
      const image = writeOciLayout(join(dir, 'layout'), 'v1');
      const host = registry.url.replace('http://', '');
      const ref = `docker://${host}/lab/hello:v1`;

      await ok(['copy', '--preserve-digests', '--dest-tls-verify=false', `oci:${join(dir, 'layout')}:v1`, ref], env);
      assert.is(await registry.store.tagGet('lab/hello', 'v1'), image.manifestDigest);

      const inspected = JSON.parse(await ok(['inspect', '--tls-verify=false', ref], env)) as Record<string, unknown>;
      assert.is(inspected['Digest'], image.manifestDigest);
      assert.equal(inspected['Layers'], [image.layerDigest]);
      assert.equal(inspected['RepoTags'], ['v1']);
      const raw = await ok(['inspect', '--raw', '--tls-verify=false', ref], env);
      assert.is(digestOf(Buffer.from(raw)), image.manifestDigest);
      const config = await ok(['inspect', '--config', '--raw', '--tls-verify=false', ref], env);
      assert.is(digestOf(Buffer.from(config)), image.configDigest);

      const pulled = join(dir, 'pulled');
      await ok(['copy', '--src-tls-verify=false', ref, `oci:${pulled}:v1`], env);
      const layer = readFileSync(join(pulled, 'blobs', 'sha256', digestHex(image.layerDigest)));
      assert.is(digestOf(layer), image.layerDigest);

      const copy = `docker://${host}/lab/copy:v1`;
      await ok(['copy', '--src-tls-verify=false', '--dest-tls-verify=false', ref, copy], env);
      const copied = JSON.parse(await ok(['inspect', '--tls-verify=false', copy], env)) as Record<string, unknown>;
      assert.is(copied['Digest'], image.manifestDigest);

      await ok(['delete', '--tls-verify=false', ref], env);
      assert.is(await registry.store.manifestGet('lab/hello', image.manifestDigest), undefined);
      const gone = await runSkopeo(['inspect', '--tls-verify=false', ref], env);
      assert.is.not(gone.code, 0);
      assert.is((await fetch(`${registry.url}/v2/lab/copy/manifests/v1`, { method: 'HEAD' })).status, 200);
    } finally {
      await registry.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const interop = suite('createRegistryHandler: skopeo interop');

if (existsSync(SKOPEO)) {
  interop('skopeo copy, inspect, inspect --raw, pull, mount and delete (memory store)', skopeoFlow(() => createMemoryStore()));
  interop('skopeo copy, inspect, inspect --raw, pull, mount and delete (directory store)', skopeoFlow(createDirectoryStore));
} else {
  console.log(`skipping the skopeo interop tests: ${SKOPEO} is not installed`);
  interop.skip('skopeo interop (skopeo not installed)', () => {});
}

interop.run();
