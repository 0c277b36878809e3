/**
 * Upload sessions of the directory store: each session's bytes go to a file
 * under `uploads/` as they arrive, hashed on the way; only the running hash and
 * the size stay in memory.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendStream } from './registry-fs.ts';
import { Digester, digestAlgorithm } from './registry-names.ts';
import { StoreError, assertRepo, type UploadStat } from './store.ts';

export interface FileUpload {
  readonly repo: string;
  readonly path: string;
  readonly digester: Digester;
  sizeBytes: number;
  busy: boolean;
}

export class FileUploads {
  readonly #dir: string;
  readonly #sessions = new Map<string, FileUpload>();

  /** `dir` must exist and hold no other files. */
  constructor(dir: string) {
    this.#dir = dir;
  }

  async create(repo: string): Promise<string> {
    assertRepo(repo);
    const id = randomUUID();
    const path = join(this.#dir, id);
    await writeFile(path, '');
    this.#sessions.set(id, { repo, path, digester: new Digester(), sizeBytes: 0, busy: false });
    return id;
  }

  async append(id: string, data: AsyncIterable<Uint8Array>, expectedOffset?: number): Promise<number> {
    const session = this.#idle(id);
    if (expectedOffset !== undefined && expectedOffset !== session.sizeBytes) {
      throw new StoreError('upload-range', `upload ${id} is at ${session.sizeBytes} bytes, not ${expectedOffset}`, {
        sizeBytes: session.sizeBytes,
      });
    }
    session.busy = true;
    try {
      await appendStream(session.path, data, (chunk) => {
        if (this.#sessions.get(id) !== session) return false; // cancelled meanwhile
        session.digester.update(chunk);
        session.sizeBytes += chunk.byteLength;
        return true;
      });
    } finally {
      session.busy = false;
    }
    return session.sizeBytes;
  }

  stat(id: string): UploadStat | undefined {
    const session = this.#sessions.get(id);
    return session === undefined ? undefined : { repo: session.repo, sizeBytes: session.sizeBytes };
  }

  /** Ends the session and hands its file over (to be verified and moved, or removed). */
  take(id: string): FileUpload {
    const session = this.#idle(id);
    this.#sessions.delete(id);
    return session;
  }

  async cancel(id: string): Promise<void> {
    const session = this.#sessions.get(id);
    this.#sessions.delete(id);
    if (session !== undefined) await rm(session.path, { force: true });
  }

  async cancelAll(): Promise<void> {
    for (const id of [...this.#sessions.keys()]) await this.cancel(id);
  }

  #idle(id: string): FileUpload {
    const session = this.#sessions.get(id);
    if (session === undefined) throw new StoreError('upload-unknown', `no upload session ${id}`);
    if (session.busy) {
      throw new StoreError('upload-busy', `upload ${id} is receiving another request`, {
        sizeBytes: session.sizeBytes,
      });
    }
    return session;
  }
}

/** The digest of a finished upload in the algorithm `digest` names (sha256 is already running). */
export async function uploadDigest(upload: FileUpload, digest: string): Promise<string> {
  const algorithm = digestAlgorithm(digest);
  if (algorithm === upload.digester.algorithm) return upload.digester.digest();
  const digester = new Digester(algorithm);
  for await (const chunk of createReadStream(upload.path)) digester.update(chunk as Buffer);
  return digester.digest();
}
