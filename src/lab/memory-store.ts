/**
 * The default RegionStore: everything in memory. A blob is gathered chunk by
 * chunk while it is hashed and joined into one buffer once, at commit; reads
 * hand out views of that buffer, never copies.
 */
import { randomUUID } from 'node:crypto';
import { DigestMismatchError } from '../errors.ts';
import { Digester, digestAlgorithm, digestOf } from './registry-names.ts';
import { appendToSession, idleSession, type UploadProgress } from './upload-session.ts';
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

/** Size of the views blobRead yields, so a reader can pace itself. */
const READ_SLICE_BYTES = 256 * 1024;

interface Repository {
  readonly links: Set<string>;
  readonly manifests: Map<string, StoredManifest>;
  readonly tags: Map<string, string>;
}

interface UploadSession extends UploadProgress {
  readonly chunks: Uint8Array[];
}

export function createMemoryStore(): RegionStore {
  return new MemoryStore();
}

class MemoryStore implements RegionStore {
  readonly #blobs = new Map<string, Uint8Array>();
  readonly #repos = new Map<string, Repository>();
  readonly #uploads = new Map<string, UploadSession>();

  #repo(name: string): Repository {
    assertRepo(name);
    let repo = this.#repos.get(name);
    if (repo === undefined) {
      repo = { links: new Set(), manifests: new Map(), tags: new Map() };
      this.#repos.set(name, repo);
    }
    return repo;
  }

  #existing(name: string): Repository | undefined {
    assertRepo(name);
    return this.#repos.get(name);
  }

  async blobStat(digest: string): Promise<{ sizeBytes: number } | undefined> {
    const bytes = this.#blobs.get(digest);
    return bytes === undefined ? undefined : { sizeBytes: bytes.byteLength };
  }

  async *blobRead(digest: string, range?: { start: number; end: number }): AsyncIterable<Uint8Array> {
    const bytes = this.#blobs.get(digest);
    if (bytes === undefined) throw new StoreError('blob-unknown', `blob ${digest} is not in this store`);
    if (bytes.byteLength === 0 && range === undefined) return;
    const { start, end } = checkRange(range, bytes.byteLength);
    for (let offset = start; offset <= end; offset += READ_SLICE_BYTES) {
      yield bytes.subarray(offset, Math.min(end + 1, offset + READ_SLICE_BYTES));
    }
  }

  async blobPut(digest: string, data: AsyncIterable<Uint8Array> | Uint8Array): Promise<void> {
    assertDigest(digest);
    const digester = new Digester(digestAlgorithm(digest));
    const chunks: Uint8Array[] = [];
    let sizeBytes = 0;
    for await (const chunk of asChunks(data)) {
      digester.update(chunk);
      chunks.push(chunk);
      sizeBytes += chunk.byteLength;
    }
    const actual = digester.digest();
    if (actual !== digest) throw new DigestMismatchError(digest, actual, 'blob put');
    if (!this.#blobs.has(digest)) this.#blobs.set(digest, joinOnce(chunks, sizeBytes));
  }

  async blobDelete(digest: string): Promise<void> {
    this.#blobs.delete(digest);
    for (const repo of this.#repos.values()) repo.links.delete(digest);
  }

  async repoLinkBlob(repo: string, digest: string): Promise<void> {
    assertDigest(digest);
    this.#repo(repo).links.add(digest);
  }

  async repoUnlinkBlob(repo: string, digest: string): Promise<boolean> {
    return this.#existing(repo)?.links.delete(digest) ?? false;
  }

  async repoHasBlob(repo: string, digest: string): Promise<boolean> {
    return (this.#existing(repo)?.links.has(digest) ?? false) && this.#blobs.has(digest);
  }

  async manifestGet(repo: string, digest: string): Promise<StoredManifest | undefined> {
    return this.#existing(repo)?.manifests.get(digest);
  }

  async manifestPut(repo: string, digest: string, mediaType: string, bytes: Uint8Array): Promise<void> {
    assertDigest(digest);
    const actual = digestOf(bytes, digestAlgorithm(digest));
    if (actual !== digest) throw new DigestMismatchError(digest, actual, 'manifest put');
    this.#repo(repo).manifests.set(digest, { mediaType, bytes: Uint8Array.from(bytes) });
  }

  async manifestDelete(repo: string, digest: string): Promise<boolean> {
    const existing = this.#existing(repo);
    if (existing === undefined || !existing.manifests.delete(digest)) return false;
    for (const [tag, target] of existing.tags) if (target === digest) existing.tags.delete(tag);
    return true;
  }

  async tagGet(repo: string, tag: string): Promise<string | undefined> {
    return this.#existing(repo)?.tags.get(tag);
  }

  async tagSet(repo: string, tag: string, digest: string): Promise<void> {
    assertTag(tag);
    assertDigest(digest);
    this.#repo(repo).tags.set(tag, digest);
  }

  async tagDelete(repo: string, tag: string): Promise<void> {
    this.#existing(repo)?.tags.delete(tag);
  }

  async tagList(repo: string): Promise<string[]> {
    return [...(this.#existing(repo)?.tags.keys() ?? [])].sort(byCodeUnit);
  }

  async repositories(): Promise<string[]> {
    return [...this.#repos.keys()].sort(byCodeUnit);
  }

  async uploadCreate(repo: string): Promise<string> {
    assertRepo(repo);
    const id = randomUUID();
    this.#uploads.set(id, { repo, chunks: [], digester: new Digester(), sizeBytes: 0, busy: false });
    return id;
  }

  async uploadAppend(id: string, data: AsyncIterable<Uint8Array>, expectedOffset?: number): Promise<number> {
    const session = idleSession(this.#uploads, id);
    return appendToSession(id, session, expectedOffset, async (take) => {
      for await (const chunk of data) {
        if (this.#uploads.get(id) !== session) break; // cancelled meanwhile
        take(chunk);
        session.chunks.push(chunk);
      }
    });
  }

  async uploadSize(id: string): Promise<number | undefined> {
    return this.#uploads.get(id)?.sizeBytes;
  }

  async uploadStat(id: string): Promise<UploadStat | undefined> {
    const session = this.#uploads.get(id);
    return session === undefined ? undefined : { repo: session.repo, sizeBytes: session.sizeBytes };
  }

  async uploadCommit(id: string, digest: string): Promise<{ sizeBytes: number }> {
    const session = idleSession(this.#uploads, id);
    assertDigest(digest);
    this.#uploads.delete(id);
    const actual = digestAlgorithm(digest) === 'sha256' ? session.digester.digest() : rehash(session, digest);
    if (actual !== digest) throw new DigestMismatchError(digest, actual, 'upload commit');
    if (!this.#blobs.has(digest)) this.#blobs.set(digest, joinOnce(session.chunks, session.sizeBytes));
    this.#repo(session.repo).links.add(digest);
    return { sizeBytes: session.sizeBytes };
  }

  async uploadCancel(id: string): Promise<void> {
    this.#uploads.delete(id);
  }

  async close(): Promise<void> {
    this.#uploads.clear();
  }
}

function rehash(session: UploadSession, digest: string): string {
  const digester = new Digester(digestAlgorithm(digest));
  for (const chunk of session.chunks) digester.update(chunk);
  return digester.digest();
}

/**
 * The one copy a blob goes through: its chunks joined into a buffer the caller
 * cannot change — unless they are the consecutive views of one whole buffer
 * that a memory store holds (STORED; a replication copy, see blobRead): that
 * buffer is never changed either, so every replica shares it instead of
 * keeping a copy of its own (regions × less memory for replicated content).
 * Views into a larger buffer (a socket's read, a pool slab) are always copied,
 * so a small blob never pins a large allocation.
 */
function joinOnce(chunks: readonly Uint8Array[], sizeBytes: number): Uint8Array {
  const first = chunks[0];
  if (first !== undefined && STORED.has(first.buffer) && first.byteOffset === 0 && first.buffer.byteLength === sizeBytes) {
    let offset = 0;
    const whole = chunks.every((c) => {
      const ok = c.buffer === first.buffer && c.byteOffset === offset;
      offset += c.byteLength;
      return ok;
    });
    if (whole && offset === sizeBytes) return Buffer.from(first.buffer, 0, sizeBytes);
  }
  // Never a slice of Node's shared 8 KiB pool (Buffer.concat's choice below 4 KiB): a kept
  // config blob would hold its whole slab, ~13 KB per image in a long run. Its own exact buffer instead.
  const joined = Buffer.allocUnsafeSlow(sizeBytes);
  let offset = 0;
  for (const c of chunks) {
    joined.set(c, offset);
    offset += c.byteLength;
  }
  STORED.add(joined.buffer);
  return joined;
}

/** Whole buffers some memory store holds a blob in: nobody writes to them again. */
const STORED = new WeakSet<ArrayBufferLike>();
