/**
 * The run's directory, `<reportsDir>/<run-id>/`, and `<reportsDir>/latest`, a
 * symlink to the newest run. The directory is created exclusively: two runs
 * started in the same second get `<run-id>`, `<run-id>-2`, … The link is
 * replaced atomically (a new link under a temporary name, renamed over the
 * old one), so a reader never finds it missing.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, symlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.ts';
import { writeFailure } from '../write-failure.ts';

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
  try {
    await mkdir(root, { recursive: true });
  } catch (err: unknown) {
    throw await notADirectory(root, err);
  }
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const id = n === 1 ? runId : `${runId}-${n}`;
    const path = join(root, id);
    try {
      await mkdir(path);
      return { runId: id, path };
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw await notADirectory(root, err);
      // EEXIST for <root>/<id> itself: taken, try the next suffix (unless root is no directory at all).
      if (!(await isDirectory(root))) throw await notADirectory(root, err);
    }
  }
  throw new Error(`could not create a run directory for ${runId} in ${root}: ${MAX_SUFFIX} of them exist`);
}

/** A reports dir that is a file (or under one) is the scenario's or the flag's mistake: a ConfigError naming it; any other failure a WriteError. */
async function notADirectory(root: string, err: unknown): Promise<Error> {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    const blocker = await firstNonDirectory(root);
    if (blocker !== undefined) return new ConfigError(`the reports directory ${root} (report.dir or --reports-dir) cannot be created: ${blocker} is a file, not a directory`, { cause: err });
  }
  return writeFailure(root, err, 'create the reports directory');
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** The first path from the root down to `path` that exists and is not a directory. */
async function firstNonDirectory(path: string): Promise<string | undefined> {
  const parts: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    parts.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const p of parts) {
    const s = await stat(p).catch(() => undefined);
    if (s === undefined) return undefined;
    if (!s.isDirectory()) return p;
  }
  return undefined;
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
