/**
 * What every results store shares: the files of a run directory (every
 * regular file, subdirectories included, summary.json last so a run listed
 * with a summary is complete), their content types, run ids that are safe as
 * path components, and the RunRef a listing returns, read from summary.json.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join, posix, sep } from 'node:path';
import { ConfigError } from '../errors.ts';
import { compareText } from '../stats/labels.ts';

export const SUMMARY_FILE = 'summary.json';

export interface RunFile {
  /** Path inside the run, `/`-separated. */
  readonly rel: string;
  readonly path: string;
  readonly sizeBytes: number;
}

/** One run in a store, newest first in listings. Fields are null when the run has no readable summary.json. */
export interface RunRef {
  readonly runId: string;
  /** Where the run is (`azblob://…/<runId>`, `file:///…/<runId>`); holds no secret. */
  readonly url: string;
  readonly scenario: string | null;
  readonly startedAt: string | null;
  readonly complete: boolean | null;
  /** Every threshold passed (true with no thresholds); null without a summary. */
  readonly thresholdsPass: boolean | null;
  readonly thresholds: number;
}

/** Every regular file under runDir (symlinks and half-written `*.tmp` files left out), summary.json last. */
export async function listRunFiles(runDir: string): Promise<RunFile[]> {
  const files: RunFile[] = [];
  const walk = async (dir: string, relDir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      if (entry.isDirectory()) await walk(path, rel);
      else if (entry.isFile() && !entry.name.endsWith('.tmp')) files.push({ rel, path, sizeBytes: (await lstat(path)).size });
    }
  };
  try {
    await walk(runDir, '');
  } catch (err: unknown) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(`${runDir}: cannot read the run directory: ${code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : String(code)}`, { cause: err });
  }
  return files.sort((a, b) => Number(a.rel === SUMMARY_FILE) - Number(b.rel === SUMMARY_FILE) || compareText(a.rel, b.rel));
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.md': 'text/markdown; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.xml': 'application/xml',
  '.hgrm': 'text/plain; charset=utf-8',
  '.hlog': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gz': 'application/gzip',
};

/** The Content-Type a file is stored with, from its extension. */
export function contentTypeFor(name: string): string {
  const ext = posix.extname(name).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/** A run id usable as one path component; throws a ConfigError naming it otherwise. */
export function checkRunId(runId: string): string {
  if (runId === '' || runId === '.' || runId === '..' || /[/\\\u0000]/.test(runId) || runId.includes(sep)) {
    throw new ConfigError(`expected a run id (one path component such as 20261122T001500Z-smoke), found "${runId}"`);
  }
  return runId;
}

/** A file path inside a run as stored: relative, `/`-separated, no `..`; null when it would leave the run. */
export function safeRelPath(rel: string): string | null {
  if (rel === '' || rel.startsWith('/') || rel.includes('\\') || rel.includes('\u0000')) return null;
  const parts = rel.split('/');
  return parts.some((p) => p === '' || p === '.' || p === '..') ? null : rel;
}

/** A RunRef from summary.json's text (null: missing); an unreadable summary counts as missing. */
export function runRefOf(runId: string, url: string, summaryText: string | null): RunRef {
  const none: RunRef = { runId, url, scenario: null, startedAt: null, complete: null, thresholdsPass: null, thresholds: 0 };
  if (summaryText === null) return none;
  let s: unknown;
  try {
    s = JSON.parse(summaryText);
  } catch {
    return none;
  }
  if (typeof s !== 'object' || s === null) return none;
  const o = s as { scenario?: unknown; startedAt?: unknown; complete?: unknown; thresholds?: unknown };
  const ths = Array.isArray(o.thresholds) ? o.thresholds : [];
  return {
    runId,
    url,
    scenario: typeof o.scenario === 'string' ? o.scenario : null,
    startedAt: typeof o.startedAt === 'string' ? o.startedAt : null,
    complete: typeof o.complete === 'boolean' ? o.complete : null,
    thresholdsPass: ths.every((t: unknown) => typeof t === 'object' && t !== null && (t as { ok?: unknown }).ok === true),
    thresholds: ths.length,
  };
}

/** Newest first: by startedAt (runs without one last), then by run id, both descending. */
export function newestFirst(runs: readonly RunRef[]): RunRef[] {
  return [...runs].sort((a, b) => {
    if (a.startedAt !== b.startedAt) {
      if (a.startedAt === null) return 1;
      if (b.startedAt === null) return -1;
      return compareText(b.startedAt, a.startedAt);
    }
    return compareText(b.runId, a.runId);
  });
}
