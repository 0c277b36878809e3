/**
 * SHA-256 digests in OCI form ("sha256:" + 64 lowercase hex digits), over
 * bytes in memory or over a stream, incrementally (nothing is buffered).
 */
import { createHash } from 'node:crypto';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { AbortedError } from '../errors.ts';

export { sha256Digest } from '../oci-spec/digest.ts';

export interface DigestStreamOptions {
  readonly signal?: AbortSignal;
  /**
   * Give the event loop a turn (timers, sockets) after about this many bytes,
   * so hashing a large layer does not stall probes running beside it.
   * Default 16 MiB.
   */
  readonly yieldEveryBytes?: number;
  /** Called with the bytes hashed so far at each such turn (a long hash shows progress). */
  readonly onProgress?: (hashedBytes: number) => void;
}

/** Hashes a stream of chunks. Throws AbortedError if `signal` fires between chunks. */
export async function sha256DigestOfStream(
  chunks: AsyncIterable<Uint8Array>,
  options: DigestStreamOptions = {},
): Promise<{ digest: string; sizeBytes: number }> {
  const { signal } = options;
  const yieldEveryBytes = options.yieldEveryBytes ?? 16 * 1024 * 1024;
  const hash = createHash('sha256');
  let sizeBytes = 0;
  let sinceYield = 0;
  for await (const chunk of chunks) {
    if (signal?.aborted) throw new AbortedError('hashing was aborted', { cause: signal.reason });
    hash.update(chunk);
    sizeBytes += chunk.byteLength;
    sinceYield += chunk.byteLength;
    if (sinceYield >= yieldEveryBytes) {
      sinceYield = 0;
      options.onProgress?.(sizeBytes);
      await nextMacrotask();
    }
  }
  if (signal?.aborted) throw new AbortedError('hashing was aborted', { cause: signal.reason });
  return { digest: `sha256:${hash.digest('hex')}`, sizeBytes };
}
