/**
 * The run's directory, `<reportsDir>/<run-id>/`, and `<reportsDir>/latest`, a
 * symlink to the newest run. The directory is created exclusively: two runs
 * started in the same second get `<run-id>`, `<run-id>-2`, … The link is
 * replaced atomically (a new link under a temporary name, renamed over the
 * old one), so a reader never finds it missing.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, symlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

export const LATEST_LINK = 'latest';

/** Most same-second runs tried before giving up. */
const MAX_SUFFIX = 1000;

export interface RunDir {
  /** The id actually used (with a `-n` suffix when the plain one was taken). */
  readonly runId: string;
  /** Absolute path. */
  readonly path: string;
}

/** Creates `<reportsDir>/<runId>` (and reportsDir itself when missing). */
export async function createRunDir(reportsDir: string, runId: string): Promise<RunDir> {
  const root = resolve(reportsDir);
  await mkdir(root, { recursive: true });
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const id = n === 1 ? runId : `${runId}-${n}`;
    const path = join(root, id);
    try {
      await mkdir(path);
      return { runId: id, path };
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`could not create a run directory for ${runId} in ${root}: ${MAX_SUFFIX} of them exist`);
}

/** Points `<reportsDir>/latest` at runDir (a relative link: the reports dir can move). */
export async function pointLatest(reportsDir: string, runDir: string): Promise<void> {
  const root = resolve(reportsDir);
  const temp = join(root, `.${LATEST_LINK}.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    await symlink(basename(runDir), temp, 'dir');
    await rename(temp, join(root, LATEST_LINK));
  } catch (err: unknown) {
    await rm(temp, { force: true });
    throw err;
  }
}
