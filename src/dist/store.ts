/**
 * Results stores: where run directories go after a run and come back from for
 * `replbench report` and `compare`. A store URL names one:
 *
 *   azblob://ACCOUNT/CONTAINER[/PREFIX]   Azure Blob Storage (store-azblob.ts); a run is
 *                                         PREFIX/<run-id>/<file>. Auth: a connection string
 *                                         (--store-connection-string or
 *                                         AZURE_STORAGE_CONNECTION_STRING), else
 *                                         DefaultAzureCredential.
 *   file:///DIR or DIR                    a local directory (store-local.ts); a run is DIR/<run-id>/.
 *
 * The interface every store implements is in store-types.ts.
 *
 *   const store = await openStore('azblob://acct/runs/nightly', process.env);
 *   const url = await store.put('reports/20261122T001500Z-smoke');
 *   const runs = await store.list();                // newest first, with summary facts
 *   const dir = await store.get(runs[0].runId, tmp); // tmp/<run-id>, byte-identical
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.ts';
import { LocalDirStore } from './store-local.ts';
import type { RunRef } from './store-run-files.ts';
import type { Env, ResultsStore, StoreLocation } from './store-types.ts';

export interface OpenStoreOptions {
  /** Overrides AZURE_STORAGE_CONNECTION_STRING. */
  readonly connectionString?: string;
  /** Files transferred at once (default 8). */
  readonly concurrency?: number;
}

export const STORE_CONCURRENCY = 8;
export const CONNECTION_STRING_ENV = 'AZURE_STORAGE_CONNECTION_STRING';

const ACCOUNT = /^[a-z0-9]{3,24}$/;
const CONTAINER = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** Parses a store URL; a ConfigError names what is wrong (the URL holds no secret, so it is quoted). */
export function parseStoreUrl(url: string): StoreLocation {
  if (url.startsWith('azblob:')) {
    const m = /^azblob:\/\/([^/?#]*)\/([^/?#]*)(?:\/([^?#]*))?$/.exec(url);
    const account = m?.[1] ?? '';
    const container = m?.[2] ?? '';
    if (m === null || !ACCOUNT.test(account)) {
      throw new ConfigError(`--store: expected azblob://ACCOUNT/CONTAINER[/PREFIX] with a storage account name of 3–24 lowercase letters and digits, found "${url}"`);
    }
    if (!CONTAINER.test(container)) {
      throw new ConfigError(`--store: expected a container name of 3–63 lowercase letters, digits and single hyphens in "${url}", found "${container}"`);
    }
    const prefix = (m[3] ?? '').replace(/^\/+|\/+$/g, '').replace(/\/{2,}/g, '/');
    if (prefix.split('/').some((p) => p === '.' || p === '..')) throw new ConfigError(`--store: the prefix may not contain "." or ".." segments, found "${url}"`);
    return { kind: 'azblob', account, container, prefix };
  }
  if (url.startsWith('file:')) {
    try {
      return { kind: 'local', dir: fileURLToPath(url) };
    } catch {
      throw new ConfigError(`--store: expected file:///ABSOLUTE/DIR, found "${url}"`);
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new ConfigError(`--store: expected azblob://ACCOUNT/CONTAINER[/PREFIX], file:///DIR or a directory, found "${url.replace(/\?.*$/, '?…')}"`);
  }
  if (url === '') throw new ConfigError('--store: expected a store URL or a directory, found an empty string');
  return { kind: 'local', dir: isAbsolute(url) ? url : resolve(url) };
}

/** Opens the store a URL names. Azure clients are loaded only for azblob:// URLs. */
export async function openStore(url: string, env: Env = process.env, options: OpenStoreOptions = {}): Promise<ResultsStore> {
  const location = parseStoreUrl(url);
  const concurrency = options.concurrency ?? STORE_CONCURRENCY;
  if (location.kind === 'local') return new LocalDirStore(location.dir);
  const { openAzBlobStore } = await import('./store-azblob.ts');
  const connectionString = options.connectionString ?? env[CONNECTION_STRING_ENV];
  return openAzBlobStore(url, location, { ...(connectionString !== undefined && connectionString !== '' ? { connectionString } : {}), concurrency, env });
}

export type RunSelector = 'latest' | 'latest-pass' | (string & {});

/**
 * Picks a run from a listing (newest first): `latest`, `latest-pass` (the newest
 * whose thresholds all passed), or a run id. With `scenario`, only its runs count.
 */
export function selectRun(runs: readonly RunRef[], selector: RunSelector, scenario?: string): RunRef | undefined {
  const pool = scenario === undefined ? runs : runs.filter((r) => r.scenario === scenario);
  if (selector === 'latest') return pool[0];
  if (selector === 'latest-pass') return pool.find((r) => r.thresholdsPass === true && r.complete !== false);
  return pool.find((r) => r.runId === selector);
}

/** What a baseline is chosen for: the candidate run (its summary facts). */
export interface BaselineFor {
  readonly runId: string;
  readonly scenario: string;
  readonly startedAt: string;
}

/**
 * `compare --store URL --baseline latest-pass`: the newest stored run of the
 * candidate's scenario that is complete, passed every threshold and started
 * before the candidate (never the candidate itself, which may be stored too).
 */
export function selectBaseline(runs: readonly RunRef[], candidate: BaselineFor): RunRef | undefined {
  return runs.find(
    (r) => r.runId !== candidate.runId && r.scenario === candidate.scenario && r.thresholdsPass === true && r.complete === true &&
      r.startedAt !== null && r.startedAt < candidate.startedAt,
  );
}
