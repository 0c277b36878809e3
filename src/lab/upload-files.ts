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
import { assertRepo, type UploadStat } from './store.ts';
import { appendToSession, idleSession, type UploadProgress } from './upload-session.ts';

export interface FileUpload extends UploadProgress {
  readonly path: string;
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
    const session = idleSession(this.#sessions, id);
    return appendToSession(id, session, expectedOffset, (take) =>
      appendStream(session.path, data, (chunk) => {
        if (this.#sessions.get(id) !== session) return false; // cancelled meanwhile
        take(chunk);
        return true;
      }),
    );
  }

  stat(id: string): UploadStat | undefined {
    const session = this.#sessions.get(id);
    return session === undefined ? undefined : { repo: session.repo, sizeBytes: session.sizeBytes };
  }

  /** Ends the session and hands its file over (to be verified and moved, or removed). */
  take(id: string): FileUpload {
    const session = idleSession(this.#sessions, id);
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
}

/** The digest of a finished upload in the algorithm `digest` names (sha256 is already running). */
export async function uploadDigest(upload: FileUpload, digest: string): Promise<string> {
  const algorithm = digestAlgorithm(digest);
  if (algorithm === upload.digester.algorithm) return upload.digester.digest();
  const digester = new Digester(algorithm);
  for await (const chunk of createReadStream(upload.path)) digester.update(chunk as Buffer);
  return digester.digest();
}
