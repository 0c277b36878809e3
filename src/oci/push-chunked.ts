/**
 * Chunked upload (distribution spec): PATCH consecutive ranges with
 * `Content-Range: start-end` (inclusive), following the newest Location after
 * each; on 416 ask the session for its progress (GET → Range `0-N`) and resume
 * from N+1 out of a reopened stream. The final PUT ?digest= has an empty body.
 */
import { ChunkReader } from './chunk-reader.ts';
import type { BlobSource } from '../oci-spec/blob-source.ts';
import { discard, header, registryError } from './response.ts';
import { finishUpload, nextLocation, uploadedBytes, uploadStatus, type UploadContext } from './upload.ts';

export const DEFAULT_CHUNK_SIZE_BYTES = 8 * 1024 * 1024;
/** 416 recoveries allowed per blob before giving up. */
export const MAX_RANGE_RECOVERIES = 5;

export interface ChunkedStats {
  chunks: number;
  recoveries: number;
}

/** `session.location` is kept current, so a caller can cancel the session at its newest URL after a failure. */
export async function uploadChunked(
  ctx: UploadContext,
  blob: BlobSource,
  session: { location: URL },
  chunkSizeBytes: number,
): Promise<ChunkedStats> {
  const stats: ChunkedStats = { chunks: 0, recoveries: 0 };
  const reader = new ChunkReader(blob, 0);
  let offset = 0;
  try {
    while (offset < blob.sizeBytes) {
      const start = offset;
      const lengthBytes = Math.min(chunkSizeBytes, blob.sizeBytes - start);
      const end = start + lengthBytes - 1;
      const ex = await ctx.transport.request({
        method: 'PATCH',
        url: session.location,
        headers: {
          'content-type': 'application/octet-stream',
          'content-range': `${start}-${end}`,
          'content-length': String(lengthBytes),
        },
        body: () => rangeBody(reader, start, lengthBytes),
        scopes: ctx.scopes,
        signal: ctx.signal,
        counter: ctx.counter,
      });
      if (ex.status === 202) {
        stats.chunks++;
        session.location = nextLocation(ex, session.location);
        const held = uploadedBytes(header(ex, 'range'));
        // Trust the registry's count when it is unambiguous (see uploadedBytes); otherwise our own.
        offset = held !== undefined && held > 0 ? held : end + 1;
        await discard(ex);
        continue;
      }
      if (ex.status === 416 && stats.recoveries < MAX_RANGE_RECOVERIES) {
        stats.recoveries++;
        await discard(ex);
        const status = await uploadStatus(ctx, session.location);
        session.location = status.location;
        offset = status.offsetBytes;
        continue;
      }
      throw await registryError(ex);
    }
  } finally {
    await reader.close();
  }
  await finishUpload(ctx, session.location, blob.digest, undefined);
  return stats;
}

/** One PATCH body: the reader's next `lengthBytes` from `start` (reopened there if it is elsewhere). */
async function* rangeBody(reader: ChunkReader, start: number, lengthBytes: number): AsyncGenerator<Uint8Array> {
  await reader.seek(start);
  yield* reader.take(lengthBytes);
}
