/** Small file helpers of the directory store: streamed appends, tolerant reads, the repository walk. */
import { open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export function isNotFound(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ENOENT';
}

/**
 * Appends a stream to a file chunk by chunk, awaiting each write (the file's
 * pace is the reader's pace; nothing piles up in memory). `accept` sees each
 * chunk before it is written and stops the append by answering false.
 */
export async function appendStream(
  path: string,
  data: AsyncIterable<Uint8Array>,
  accept: (chunk: Uint8Array) => boolean | void,
): Promise<void> {
  const handle = await open(path, 'a');
  try {
    for await (const chunk of data) {
      if (accept(chunk) === false) break;
      let offset = 0;
      while (offset < chunk.byteLength) {
        const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
        offset += bytesWritten;
      }
    }
  } finally {
    await handle.close();
  }
}

/** What `op` answers, or `missing` when the file or folder it touches is not there (ENOENT). */
export async function unlessMissing<T>(op: () => Promise<T>, missing: T): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (isNotFound(err)) return missing;
    throw err;
  }
}

/** Removes a file; false when it was not there. */
export function removeIfPresent(path: string): Promise<boolean> {
  return unlessMissing(async () => {
    await rm(path);
    return true;
  }, false);
}

export function existsFile(path: string): Promise<boolean> {
  return unlessMissing(async () => {
    await stat(path);
    return true;
  }, false);
}

export function readTextOrUndefined(path: string): Promise<string | undefined> {
  return unlessMissing(() => readFile(path, 'utf8'), undefined);
}

export function readdirOrEmpty(path: string): Promise<string[]> {
  return unlessMissing(() => readdir(path), []);
}

/**
 * Repository names under `root`: every folder holding one of the `_links`,
 * `_manifests`, `_tags` folders, named by its path relative to `root`.
 * Repository components never start with `_`, so the walk skips those.
 */
export async function listRepositories(root: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  const entries = await unlessMissing(() => readdir(join(root, prefix), { withFileTypes: true }), []);
  let isRepo = false;
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    if (entry.name.startsWith('_')) isRepo = true;
    else found.push(...(await listRepositories(root, prefix === '' ? entry.name : `${prefix}/${entry.name}`)));
  }
  if (isRepo && prefix !== '') found.push(prefix);
  return found;
}
