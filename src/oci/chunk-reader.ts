/**
 * Cuts a BlobSource's stream into consecutive byte ranges without buffering
 * more than the one chunk the source yielded last. A chunked upload takes one
 * range per PATCH from a single open stream; after a 416 or a retried request
 * it reopens the source at the offset it needs (BlobSource.stream(offset)).
 */
import { ProtocolError } from '../errors.ts';
import type { BlobSource } from '../oci-spec/blob-source.ts';

export class ChunkReader {
  private readonly source: BlobSource;
  private iterator: AsyncIterator<Uint8Array>;
  private leftover: Uint8Array | undefined;
  /** Offset of the next byte this reader will hand out. */
  private positionBytes: number;

  constructor(source: BlobSource, offsetBytes = 0) {
    this.source = source;
    this.positionBytes = offsetBytes;
    this.iterator = source.stream(offsetBytes)[Symbol.asyncIterator]();
  }

  get position(): number {
    return this.positionBytes;
  }

  /** Moves to `offsetBytes`, reopening the source unless already there. */
  async seek(offsetBytes: number): Promise<void> {
    if (offsetBytes === this.positionBytes) return;
    await this.close();
    this.leftover = undefined;
    this.positionBytes = offsetBytes;
    this.iterator = this.source.stream(offsetBytes)[Symbol.asyncIterator]();
  }

  /** Yields exactly `lengthBytes` bytes from the current position; a source that ends early is a ProtocolError. */
  async *take(lengthBytes: number): AsyncGenerator<Uint8Array> {
    let remaining = lengthBytes;
    while (remaining > 0) {
      let chunk = this.leftover;
      this.leftover = undefined;
      if (chunk === undefined) {
        const next = await this.iterator.next();
        if (next.done) {
          throw new ProtocolError(`blob ${this.source.digest} ended at ${this.positionBytes} bytes, before its declared ${this.source.sizeBytes}`);
        }
        chunk = next.value;
      }
      if (chunk.byteLength === 0) continue;
      if (chunk.byteLength > remaining) {
        this.leftover = chunk.subarray(remaining);
        chunk = chunk.subarray(0, remaining);
      }
      remaining -= chunk.byteLength;
      this.positionBytes += chunk.byteLength;
      yield chunk;
    }
  }

  async close(): Promise<void> {
    try {
      await this.iterator.return?.();
    } catch {
      // closing a source that already failed: nothing left to release
    }
  }
}
