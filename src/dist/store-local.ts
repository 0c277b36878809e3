/**
 * A results store on a local (or mounted) directory: run `<id>` is `<dir>/<id>/`.
 * A put copies into a temporary sibling and renames it into place, so a
 * listing never sees half a run; putting a run again replaces it.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AbortedError, ConfigError } from '../errors.ts';
import type { ResultsStore, StoreOpOptions } from './store-types.ts';
import { checkRunId, listRunFiles, newestFirst, runRefOf, SUMMARY_FILE, type RunRef } from './store-run-files.ts';

export class LocalDirStore implements ResultsStore {
  readonly url: string;
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
    this.url = pathToFileURL(this.dir).href;
  }

  async put(runDir: string, options: StoreOpOptions = {}): Promise<string> {
    const runId = checkRunId(basename(resolve(runDir)));
    const files = await listRunFiles(runDir);
    await mkdir(this.dir, { recursive: true });
    const staging = join(this.dir, `.${runId}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      for (const f of files) {
        if (options.signal?.aborted) throw new AbortedError('store put aborted');
        const to = join(staging, ...f.rel.split('/'));
        await mkdir(dirname(to), { recursive: true });
        await copyFile(f.path, to);
      }
      await mkdir(staging, { recursive: true });
      const target = join(this.dir, runId);
      await rm(target, { recursive: true, force: true });
      await rename(staging, target);
      return this.runUrl(runId);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async get(runId: string, toDir: string, options: StoreOpOptions = {}): Promise<string> {
    const source = join(this.dir, checkRunId(runId));
    if (!(await isDir(source))) throw new ConfigError(`${this.url}: no run ${runId}`);
    const target = await emptyTarget(toDir, runId);
    for (const f of await listRunFiles(source)) {
      if (options.signal?.aborted) throw new AbortedError('store get aborted');
      const to = join(target, ...f.rel.split('/'));
      await mkdir(dirname(to), { recursive: true });
      await copyFile(f.path, to);
    }
    await mkdir(target, { recursive: true });
    return target;
  }

  async list(prefix = ''): Promise<RunRef[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
    } catch (err: unknown) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const runs: RunRef[] = [];
    for (const runId of names.filter((n) => n.startsWith(prefix))) {
      let summary: string | null;
      try {
        summary = await readFile(join(this.dir, runId, SUMMARY_FILE), 'utf8');
      } catch {
        summary = null;
      }
      runs.push(runRefOf(runId, this.runUrl(runId), summary));
    }
    return newestFirst(runs);
  }

  private runUrl(runId: string): string {
    return pathToFileURL(join(this.dir, runId)).href;
  }
}

/** `<toDir>/<runId>`, which must not exist yet or be empty: a get never mixes two runs' files. */
export async function emptyTarget(toDir: string, runId: string): Promise<string> {
  const target = join(resolve(toDir), runId);
  let entries: string[];
  try {
    entries = await readdir(target);
  } catch (err: unknown) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return target;
    throw new ConfigError(`${target}: cannot download a run there: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  if (entries.length > 0) throw new ConfigError(`${target}: already exists and is not empty; choose another directory`);
  return target;
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
