/**
 * A disk that fills, for a child process where no small tmpfs can be mounted
 * (not root): loaded with `node --import tsx --import <this file>`, it makes
 * every write under $REPLBENCH_TEST_FULL_DIR fail with ENOSPC once
 * $REPLBENCH_TEST_FULL_BYTES bytes have been written there — a write that
 * crosses the limit writes what fits first, as a full disk does. Test-only.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';

const dir = process.env.REPLBENCH_TEST_FULL_DIR;
const limit = Number(process.env.REPLBENCH_TEST_FULL_BYTES ?? '0');

if (dir !== undefined && dir !== '') {
  const root = resolve(dir);
  const under = (path: unknown): boolean => typeof path === 'string' && resolve(path).startsWith(root);
  const watched = new Set<number>();
  let used = 0;
  const enospc = (): NodeJS.ErrnoException => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  /** How many of `n` bytes still fit; throws when none does. */
  const room = (n: number): number => {
    const left = limit - used;
    if (left <= 0) throw enospc();
    const fit = Math.min(n, left);
    used += fit;
    return fit;
  };

  const openSync = fs.openSync;
  fs.openSync = ((path: fs.PathLike, ...rest: unknown[]) => {
    const fd = (openSync as (...a: unknown[]) => number)(path, ...rest);
    if (under(String(path))) watched.add(fd);
    return fd;
  }) as typeof fs.openSync;

  const writeSync = fs.writeSync;
  fs.writeSync = ((fd: number, buffer: NodeJS.ArrayBufferView, offset?: number, length?: number, ...rest: unknown[]) => {
    if (!watched.has(fd) || !Buffer.isBuffer(buffer)) return (writeSync as (...a: unknown[]) => number)(fd, buffer, offset, length, ...rest);
    const start = offset ?? 0;
    const fit = room((length ?? buffer.length - start));
    return writeSync(fd, buffer, start, fit);
  }) as typeof fs.writeSync;

  const writeFile = fsp.writeFile;
  fsp.writeFile = (async (path: Parameters<typeof writeFile>[0], data: Parameters<typeof writeFile>[1], options?: Parameters<typeof writeFile>[2]) => {
    if (!under(typeof path === 'string' ? path : path instanceof URL ? path.pathname : String(path as Buffer))) return writeFile(path, data, options);
    const bytes = Buffer.from(typeof data === 'string' ? data : (data as Uint8Array));
    const fit = room(bytes.length);
    await writeFile(path, bytes.subarray(0, fit));
    if (fit < bytes.length) throw enospc();
  }) as typeof fsp.writeFile;

  syncBuiltinESMExports();
}
