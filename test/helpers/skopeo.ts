/** Runs the real `skopeo` (Debian) against loopback registries, with a time limit. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SKOPEO_BIN = '/usr/bin/skopeo';

export function hasSkopeo(): boolean {
  return existsSync(SKOPEO_BIN);
}

export async function skopeo(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  return await new Promise((resolve, reject) => {
    execFile(
      SKOPEO_BIN,
      ['--insecure-policy', ...args],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`skopeo ${args[0] ?? ''} failed: ${stderr.trim() || err.message}`));
        else resolve(stdout);
      },
    );
  });
}

/** `docker://127.0.0.1:PORT/repo:tag` from a registry URL. */
export function dockerRef(registryUrl: string, ref: string): string {
  return `docker://${new URL(registryUrl).host}/${ref}`;
}
