/**
 * A failed write as one line that names the file and the cause in words a
 * reader acts on ("no space left on device (ENOSPC)"), never a bare errno:
 * the event log, every report file and the run directory go through it.
 */
import { describeError, WriteError } from './errors.ts';

const CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'I/O error',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'it exists and is not a directory',
  EMFILE: 'too many open files',
  ENOENT: 'no such file or directory',
};

/** "no space left on device (ENOSPC)" for an errno error; its message otherwise. */
export function writeCause(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && CAUSES[code] !== undefined) return `${CAUSES[code]} (${code})`;
  return describeError(err);
}

/** The WriteError for a failed write of `path`. */
export function writeFailure(path: string, err: unknown, what = 'write'): WriteError {
  if (err instanceof WriteError) return err;
  return new WriteError(path, `cannot ${what} ${path}: ${writeCause(err)}`, { cause: err });
}
