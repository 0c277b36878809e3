/**
 * Deterministic test content: pattern bytes from a seed, BlobSources that
 * stream them in small uneven pieces (so chunk boundaries never line up), and
 * a complete OCI image (config + layers + manifest) built from them.
 */
import { createHash } from 'node:crypto';
import type { BlobSource } from '../../src/oci-spec/blob-source.ts';
import { MediaType } from '../../src/oci-spec/media-types.ts';

export const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** `size` bytes from a xorshift32 stream seeded by `seed` (any string). */
export function patternBytes(size: number, seed: string): Buffer {
  let x = 2166136261;
  for (const ch of seed) x = Math.imul(x ^ ch.charCodeAt(0), 16777619) >>> 0;
  const out = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** A BlobSource over bytes that yields pieces of `pieceBytes` (default 1000) from any offset, and counts opens. */
export function piecewiseBlobSource(bytes: Uint8Array, mediaType: string, pieceBytes = 1000): BlobSource & { opens: number[] } {
  const opens: number[] = [];
  return {
    digest: sha256(bytes),
    sizeBytes: bytes.byteLength,
    mediaType,
    opens,
    async *stream(offsetBytes = 0) {
      opens.push(offsetBytes);
      for (let at = offsetBytes; at < bytes.byteLength; at += pieceBytes) {
        yield bytes.subarray(at, Math.min(at + pieceBytes, bytes.byteLength));
      }
    },
  };
}

export interface FakeImage {
  readonly config: BlobSource;
  readonly layers: BlobSource[];
  readonly manifest: { readonly bytes: Buffer; readonly mediaType: string; readonly digest: string };
}

/** An OCI image whose blobs are all derived from `seed` (distinct seeds → distinct digests). */
export function fakeImage(seed: string, layerSizes: readonly number[] = [3000, 70_000]): FakeImage {
  const configBytes = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', seed, rootfs: { type: 'layers', diff_ids: [] } }));
  const config = piecewiseBlobSource(configBytes, MediaType.ociConfig);
  const layers = layerSizes.map((size, i) => piecewiseBlobSource(patternBytes(size, `${seed}/layer${i}`), MediaType.ociLayer));
  const descriptor = (b: BlobSource): object => ({ mediaType: b.mediaType, digest: b.digest, size: b.sizeBytes });
  const manifestBytes = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: descriptor(config), layers: layers.map(descriptor) }),
  );
  return { config, layers, manifest: { bytes: manifestBytes, mediaType: MediaType.ociManifest, digest: sha256(manifestBytes) } };
}
