/**
 * Finds a real k6 for the interop test: $REPLBENCH_K6, then `k6` on PATH, then
 * the k6 v0.49.0 built for these machines (../shared/tools/k6/k6 beside the
 * checkout, see its README). null = none; the test then skips with one line.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface FoundK6 {
  readonly path: string;
  /** Where it was found, for the test's log line. */
  readonly from: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findK6(env: NodeJS.ProcessEnv = process.env): FoundK6 | null {
  const given = env.REPLBENCH_K6;
  if (given !== undefined && given !== '') return { path: given, from: '$REPLBENCH_K6' };
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && executable(join(dir, 'k6'))) return { path: join(dir, 'k6'), from: 'PATH' };
  }
  // /work/main/../shared and /work/wt/<name>/../../shared: the checkout's sibling "shared" directory.
  for (const up of ['..', '../..']) {
    const path = resolve(ROOT, up, 'shared', 'tools', 'k6', 'k6');
    if (executable(path)) return { path, from: path };
  }
  return null;
}
