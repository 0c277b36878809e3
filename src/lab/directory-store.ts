/**
 * A RegionStore on disk, for runs whose layers do not fit in memory. Bytes are
 * streamed into a temporary file while they are hashed and renamed into place
 * once verified, so concurrent writers of one blob are safe (the last rename
 * wins with identical bytes) and a reader never sees half a blob.
 *
 * Layout under `dir` (names are checked against the spec grammar first, so no
 * component can be `..` or collide with the `_` folders):
 *   blobs/<alg>/<hex>                           blob bytes
 *   repositories/<repo>/_links/<alg>/<hex>      empty: the repository links the blob
 *   repositories/<repo>/_manifests/<alg>/<hex>  "<mediaType>\n" + manifest bytes
 *   repositories/<repo>/_tags/<tag>             the digest the tag points at
 *   uploads/<id>                                bytes of an open upload session
 *   tmp/                                        files being written
 * Upload sessions live in memory with the process; opening a directory again
 * keeps blobs, manifests and tags and drops stale uploads.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DigestMismatchError } from '../errors.ts';
import {
  appendStream,
  existsFile,
  isNotFound,
  listRepositories,
  readdirOrEmpty,
  readTextOrUndefined,
  removeIfPresent,
} from './registry-fs.ts';
import { Digester, digestAlgorithm, digestHex, digestOf } from './registry-names.ts';
import { FileUploads, uploadDigest } from './upload-files.ts';
import {
  StoreError,
  asChunks,
  assertDigest,
  assertRepo,
  assertTag,
  byCodeUnit,
  checkRange,
  type RegionStore,
  type StoredManifest,
  type UploadStat,
} from './store.ts';

const READ_HIGH_WATER_MARK_BYTES = 256 * 1024;

export function createDirectoryStore(dir: string): RegionStore {
  return new DirectoryStore(dir);
}

class DirectoryStore implements RegionStore {
  readonly #dir: string;
  readonly #uploads: FileUploads;

  constructor(dir: string) {
    this.#dir = dir;
    for (const stale of ['tmp', 'uploads']) rmSync(join(dir, stale), { recursive: true, force: true });
    for (const sub of ['blobs', 'repositories', 'tmp', 'uploads']) mkdirSync(join(dir, sub), { recursive: true });
    this.#uploads = new FileUploads(join(dir, 'uploads'));
  }

  #blobPath(digest: string): string {
    assertDigest(digest);
    return join(this.#dir, 'blobs', digestAlgorithm(digest), digestHex(digest));
  }

  #repoPath(repo: string, ...parts: string[]): string {
    assertRepo(repo);
    return join(this.#dir, 'repositories', repo, ...parts);
  }

  #linkPath(repo: string, digest: string): string {
    assertDigest(digest);
    return this.#repoPath(repo, '_links', digestAlgorithm(digest), digestHex(digest));
  }

  #manifestPath(repo: string, digest: string): string {
    assertDigest(digest);
    return this.#repoPath(repo, '_manifests', digestAlgorithm(digest), digestHex(digest));
  }

  #tagPath(repo: string, tag: string): string {
    assertTag(tag);
    return this.#repoPath(repo, '_tags', tag);
  }

  #tmpPath(): string {
    return join(this.#dir, 'tmp', randomUUID());
  }

  /** Writes `bytes` beside the target and renames it into place. */
  async #writeAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
    const tmp = this.#tmpPath();
    await writeFile(tmp, bytes);
    await this.#moveInto(tmp, path);
  }

  async #moveInto(tmp: string, path: string): Promise<void> {
    await mkdir(join(path, '..'), { recursive: true });
    await rename(tmp, path);
  }

  async blobStat(digest: string): Promise<{ sizeBytes: number } | undefined> {
    try {
      return { sizeBytes: (await stat(this.#blobPath(digest))).size };
    } catch (err) {
      if (isNotFound(err) || err instanceof StoreError) return undefined;
      throw err;
    }
  }

  async *blobRead(digest: string, range?: { start: number; end: number }): AsyncIterable<Uint8Array> {
    const path = this.#blobPath(digest);
    const found = await this.blobStat(digest);
    if (found === undefined) throw new StoreError('blob-unknown', `blob ${digest} is not in this store`);
    if (found.sizeBytes === 0 && range === undefined) return;
    const { start, end } = checkRange(range, found.sizeBytes);
    yield* createReadStream(path, { start, end, highWaterMark: READ_HIGH_WATER_MARK_BYTES });
  }

  async blobPut(digest: string, data: AsyncIterable<Uint8Array> | Uint8Array): Promise<void> {
    const path = this.#blobPath(digest);
    const tmp = this.#tmpPath();
    const digester = new Digester(digestAlgorithm(digest));
    try {
      await appendStream(tmp, asChunks(data), (chunk) => digester.update(chunk));
      const actual = digester.digest();
      if (actual !== digest) throw new DigestMismatchError(digest, actual, 'blob put');
      await this.#moveInto(tmp, path);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async blobDelete(digest: string): Promise<void> {
    await rm(this.#blobPath(digest), { force: true });
    for (const repo of await this.repositories()) await rm(this.#linkPath(repo, digest), { force: true });
  }

  async repoLinkBlob(repo: string, digest: string): Promise<void> {
    const path = this.#linkPath(repo, digest);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, '');
  }

  async repoUnlinkBlob(repo: string, digest: string): Promise<boolean> {
    return removeIfPresent(this.#linkPath(repo, digest));
  }

  async repoHasBlob(repo: string, digest: string): Promise<boolean> {
    return (await existsFile(this.#linkPath(repo, digest))) && (await this.blobStat(digest)) !== undefined;
  }

  async manifestGet(repo: string, digest: string): Promise<StoredManifest | undefined> {
    let raw: Buffer;
    try {
      raw = await readFile(this.#manifestPath(repo, digest));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const newline = raw.indexOf(0x0a);
    return { mediaType: raw.subarray(0, newline).toString('utf8'), bytes: raw.subarray(newline + 1) };
  }

  async manifestPut(repo: string, digest: string, mediaType: string, bytes: Uint8Array): Promise<void> {
    const path = this.#manifestPath(repo, digest);
    const actual = digestOf(bytes, digestAlgorithm(digest));
    if (actual !== digest) throw new DigestMismatchError(digest, actual, 'manifest put');
    if (mediaType.includes('\n')) throw new StoreError('name-invalid', 'a media type cannot contain a newline');
    await this.#writeAtomic(path, Buffer.concat([Buffer.from(`${mediaType}\n`), bytes]));
  }

  async manifestDelete(repo: string, digest: string): Promise<boolean> {
    if (!(await removeIfPresent(this.#manifestPath(repo, digest)))) return false;
    for (const tag of await this.tagList(repo)) {
      if ((await this.tagGet(repo, tag)) === digest) await this.tagDelete(repo, tag);
    }
    return true;
  }

  async tagGet(repo: string, tag: string): Promise<string | undefined> {
    return readTextOrUndefined(this.#tagPath(repo, tag));
  }

  async tagSet(repo: string, tag: string, digest: string): Promise<void> {
    assertDigest(digest);
    await this.#writeAtomic(this.#tagPath(repo, tag), digest);
  }

  async tagDelete(repo: string, tag: string): Promise<void> {
    await rm(this.#tagPath(repo, tag), { force: true });
  }

  async tagList(repo: string): Promise<string[]> {
    return (await readdirOrEmpty(this.#repoPath(repo, '_tags'))).sort(byCodeUnit);
  }

  async repositories(): Promise<string[]> {
    return (await listRepositories(join(this.#dir, 'repositories'))).sort(byCodeUnit);
  }

  async uploadCreate(repo: string): Promise<string> {
    return this.#uploads.create(repo);
  }

  async uploadAppend(id: string, data: AsyncIterable<Uint8Array>, expectedOffset?: number): Promise<number> {
    return this.#uploads.append(id, data, expectedOffset);
  }

  async uploadSize(id: string): Promise<number | undefined> {
    return this.#uploads.stat(id)?.sizeBytes;
  }

  async uploadStat(id: string): Promise<UploadStat | undefined> {
    return this.#uploads.stat(id);
  }

  async uploadCommit(id: string, digest: string): Promise<{ sizeBytes: number }> {
    const path = this.#blobPath(digest);
    const upload = this.#uploads.take(id);
    try {
      const actual = await uploadDigest(upload, digest);
      if (actual !== digest) throw new DigestMismatchError(digest, actual, 'upload commit');
      await this.#moveInto(upload.path, path);
    } finally {
      await rm(upload.path, { force: true });
    }
    await this.repoLinkBlob(upload.repo, digest);
    return { sizeBytes: upload.sizeBytes };
  }

  async uploadCancel(id: string): Promise<void> {
    await this.#uploads.cancel(id);
  }

  async close(): Promise<void> {
    await this.#uploads.cancelAll();
  }
}
