/**
 * What the push path needs of a blob: its digest and size up front, and a way
 * to stream its bytes from any offset as often as needed (a chunked upload that
 * gets a 416 resumes from the offset the registry reports). The workload
 * generator implements this without holding a layer in memory.
 */
export interface BlobSource {
  readonly digest: string;
  readonly sizeBytes: number;
  readonly mediaType: string;
  stream(offsetBytes?: number): AsyncIterable<Uint8Array>;
}

/** A blob whose bytes are already in memory (configs, manifests, test fixtures). */
export function bytesBlobSource(bytes: Uint8Array, digest: string, mediaType: string): BlobSource {
  return {
    digest,
    mediaType,
    sizeBytes: bytes.byteLength,
    async *stream(offsetBytes = 0) {
      if (offsetBytes < bytes.byteLength) yield bytes.subarray(offsetBytes);
    },
  };
}
