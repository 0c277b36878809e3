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

/** Removes a file; false when it was not there. */
export async function removeIfPresent(path: string): Promise<boolean> {
  try {
    await rm(path);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export async function existsFile(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export async function readTextOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export async function readdirOrEmpty(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

/**
 * Repository names under `root`: every folder holding one of the `_links`,
 * `_manifests`, `_tags` folders, named by its path relative to `root`.
 * Repository components never start with `_`, so the walk skips those.
 */
export async function listRepositories(root: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  let entries;
  try {
    entries = await readdir(join(root, prefix), { withFileTypes: true });
  } catch (err) {
    if (isNotFound(err)) return found;
    throw err;
  }
  let isRepo = false;
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    if (entry.name.startsWith('_')) isRepo = true;
    else found.push(...(await listRepositories(root, prefix === '' ? entry.name : `${prefix}/${entry.name}`)));
  }
  if (isRepo && prefix !== '') found.push(prefix);
  return found;
}
