/**
 * The rules every store's upload sessions follow, whatever holds their bytes
 * (memory-store.ts: chunks in memory; upload-files.ts: a file): one writer at
 * a time ('upload-busy' otherwise), a chunk must start where the session
 * ends ('upload-range', carrying the current size), and bytes are hashed as
 * they arrive.
 */
import type { Digester } from './registry-names.ts';
import { StoreError } from './store.ts';

/** What every store keeps of a session besides its bytes. */
export interface UploadProgress {
  readonly repo: string;
  readonly digester: Digester;
  sizeBytes: number;
  busy: boolean;
}

/** The session `id`, when it exists and no request is writing to it. */
export function idleSession<S extends UploadProgress>(sessions: ReadonlyMap<string, S>, id: string): S {
  const session = sessions.get(id);
  if (session === undefined) throw new StoreError('upload-unknown', `no upload session ${id}`);
  if (session.busy) {
    throw new StoreError('upload-busy', `upload ${id} is receiving another request`, {
      sizeBytes: session.sizeBytes,
    });
  }
  return session;
}

/**
 * Appends to an idle session as its one writer: checks `expectedOffset`
 * before reading anything, then runs `write`, which hands each chunk to
 * `take` (hashed and counted here; `take` answers false once the session is
 * cancelled, and the write stops). Returns the new size.
 */
export async function appendToSession(
  id: string,
  session: UploadProgress,
  expectedOffset: number | undefined,
  write: (take: (chunk: Uint8Array) => void) => Promise<void>,
): Promise<number> {
  if (expectedOffset !== undefined && expectedOffset !== session.sizeBytes) {
    throw new StoreError('upload-range', `upload ${id} is at ${session.sizeBytes} bytes, not ${expectedOffset}`, {
      sizeBytes: session.sizeBytes,
    });
  }
  session.busy = true;
  try {
    await write((chunk) => {
      session.digester.update(chunk);
      session.sizeBytes += chunk.byteLength;
    });
  } finally {
    session.busy = false;
  }
  return session.sizeBytes;
}
