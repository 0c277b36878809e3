/**
 * A results store in Azure Blob Storage: run `<id>` is the blobs under
 * `PREFIX/<id>/`, one block blob per file with its content type. A put
 * uploads `concurrency` files at a time, summary.json last (a run listed with
 * a summary is whole), then removes blobs a previous put of the same run left
 * behind; a get downloads the same way; a listing reads each run's
 * summary.json for its scenario and threshold verdict. Every failure leaves as
 * a ReplbenchError whose message has been through redact (src/redact.ts).
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import { ConfigError, ProtocolError } from '../errors.ts';
import { mapConcurrent } from '../oci/concurrency.ts';
import type { Env, ResultsStore, StoreLocation, StoreOpOptions } from './store-types.ts';
import { blobServiceFor } from './store-azblob-auth.ts';
import { emptyTarget } from './store-local.ts';
import { storeError } from './store-error.ts';
import { checkRunId, contentTypeFor, listRunFiles, newestFirst, runRefOf, safeRelPath, SUMMARY_FILE, type RunFile, type RunRef } from './store-run-files.ts';

export interface AzBlobStoreOptions {
  readonly connectionString?: string;
  readonly concurrency: number;
  readonly env?: Env;
}

type AzLocation = Extract<StoreLocation, { kind: 'azblob' }>;

export async function openAzBlobStore(url: string, location: AzLocation, options: AzBlobStoreOptions): Promise<AzBlobStore> {
  const { service, secrets } = await blobServiceFor(location.account, options.connectionString, url);
  return new AzBlobStore(location, service.getContainerClient(location.container), secrets, options.concurrency);
}

export class AzBlobStore implements ResultsStore {
  readonly url: string;
  private readonly base: string;

  constructor(
    location: AzLocation,
    private readonly container: ContainerClient,
    private readonly secrets: readonly string[],
    private readonly concurrency: number,
  ) {
    this.url = `azblob://${location.account}/${location.container}${location.prefix === '' ? '' : `/${location.prefix}`}`;
    this.base = location.prefix === '' ? '' : `${location.prefix}/`;
  }

  async put(runDir: string, options: StoreOpOptions = {}): Promise<string> {
    const runId = checkRunId(basename(resolve(runDir)));
    const files = await listRunFiles(runDir);
    const runPrefix = `${this.base}${runId}/`;
    return this.guard(`upload to ${this.url}`, async () => {
      await this.ensureContainer();
      const summary = files.filter((f) => f.rel === SUMMARY_FILE);
      const rest = files.filter((f) => f.rel !== SUMMARY_FILE);
      await mapConcurrent(rest, this.concurrency, (f, _i, signal) => this.upload(runPrefix, f, signal), options.signal);
      const wanted = new Set(files.map((f) => `${runPrefix}${f.rel}`));
      const stale: string[] = [];
      for await (const item of this.container.listBlobsFlat({ prefix: runPrefix })) if (!wanted.has(item.name)) stale.push(item.name);
      await mapConcurrent(stale, this.concurrency, (name, _i, signal) => this.container.deleteBlob(name, { abortSignal: signal }), options.signal);
      for (const f of summary) await this.upload(runPrefix, f, options.signal);
      return `${this.url}/${runId}`;
    });
  }

  async get(runId: string, toDir: string, options: StoreOpOptions = {}): Promise<string> {
    const runPrefix = `${this.base}${checkRunId(runId)}/`;
    const target = await emptyTarget(toDir, runId);
    return this.guard(`download ${runId} from ${this.url}`, async () => {
      const names: string[] = [];
      try {
        for await (const item of this.container.listBlobsFlat({ prefix: runPrefix })) names.push(item.name);
      } catch (err: unknown) {
        if ((err as { statusCode?: unknown }).statusCode !== 404) throw err; // no container: no run either
      }
      if (names.length === 0) throw new ConfigError(`${this.url}: no run ${runId}`);
      await mapConcurrent(
        names,
        this.concurrency,
        async (name, _i, signal) => {
          const rel = safeRelPath(name.slice(runPrefix.length));
          if (rel === null) throw new ProtocolError(`${this.url}: run ${runId} holds a blob whose name leaves the run directory`);
          const path = join(target, ...rel.split('/'));
          await mkdir(dirname(path), { recursive: true });
          await this.container.getBlobClient(name).downloadToFile(path, 0, undefined, { abortSignal: signal });
        },
        options.signal,
      );
      await mkdir(target, { recursive: true });
      return target;
    });
  }

  async list(prefix = '', options: StoreOpOptions = {}): Promise<RunRef[]> {
    return this.guard(`list ${this.url}`, async () => {
      const ids: string[] = [];
      try {
        for await (const item of this.container.listBlobsByHierarchy('/', { prefix: `${this.base}${prefix}` })) {
          if (item.kind === 'prefix') ids.push(item.name.slice(this.base.length).replace(/\/$/, ''));
        }
      } catch (err: unknown) {
        if ((err as { statusCode?: unknown }).statusCode === 404) return []; // no container yet: no runs
        throw err;
      }
      const runs = await mapConcurrent(
        ids,
        this.concurrency,
        async (runId, _i, signal) => runRefOf(runId, `${this.url}/${runId}`, await this.readSummary(`${this.base}${runId}/${SUMMARY_FILE}`, signal)),
        options.signal,
      );
      return newestFirst(runs);
    });
  }

  private async upload(runPrefix: string, f: RunFile, signal: AbortSignal | undefined): Promise<void> {
    await this.container.getBlockBlobClient(`${runPrefix}${f.rel}`).uploadFile(f.path, {
      blobHTTPHeaders: { blobContentType: contentTypeFor(f.rel) },
      concurrency: 2,
      ...(signal === undefined ? {} : { abortSignal: signal }),
    });
  }

  private async readSummary(name: string, signal: AbortSignal): Promise<string | null> {
    try {
      return (await this.container.getBlobClient(name).downloadToBuffer(undefined, undefined, { abortSignal: signal })).toString('utf8');
    } catch (err: unknown) {
      if ((err as { statusCode?: unknown }).statusCode === 404) return null;
      throw err;
    }
  }

  private async ensureContainer(): Promise<void> {
    try {
      await this.container.createIfNotExists();
    } catch (err: unknown) {
      // A SAS or role scoped to the container may not create it; the upload says whether it exists.
      if ((err as { statusCode?: unknown }).statusCode !== 403) throw err;
    }
  }

  private async guard<T>(what: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err: unknown) {
      throw storeError(err, what, this.secrets);
    }
  }
}
