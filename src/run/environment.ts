/** The run's environment, as logged in run-start: replbench and Node versions, platform, CPUs. */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import type { RunEnvironment } from '../events/index.ts';

let version: string | undefined;

/** replbench's version from package.json ("0.0.0" when it cannot be read). */
export function replbenchVersion(): string {
  if (version !== undefined) return version;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    version = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    version = '0.0.0';
  }
  return version;
}

export function runEnvironment(): RunEnvironment {
  const n = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return { replbenchVersion: replbenchVersion(), node: process.version, platform: `${process.platform}-${process.arch}`, cpus: n };
}
