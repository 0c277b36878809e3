/**
 * A generated layer as a BlobSource: the push path needs the digest before the
 * first byte goes out, so `resolveLayer` streams the layer once through
 * SHA-256 (incrementally, never holding it) and returns a source that
 * regenerates the same bytes from any offset on demand.
 *
 * Digests are memoized in-process per (seed, imageIndex, layerIndex,
 * sizeBytes), the most recently used 16,384: base layers shared by a hundred
 * images are hashed once. Callers
 * asking concurrently for the same layer share one computation; it is
 * cancelled only when every caller waiting on it has aborted.
 */
import { AbortedError } from '../errors.ts';
import type { BlobSource } from '../oci-spec/blob-source.ts';
import { MediaType } from '../oci-spec/media-types.ts';
import { checkLayerId, layerRef, layerStream } from './content.ts';
import type { LayerId } from './content.ts';
import { sha256DigestOfStream } from './digest.ts';

export interface GeneratedLayer extends BlobSource {
  readonly id: LayerId;
}

export interface ResolveLayerOptions {
  readonly signal?: AbortSignal;
  /** Hears the hashing of a layer this call starts (bytes hashed, layer size), about every 16 MiB. */
  readonly onProgress?: (hashedBytes: number, sizeBytes: number) => void;
}

/** Computes (or recalls) the layer's digest and returns it as a BlobSource. Default media type: OCI uncompressed tar. */
export async function resolveLayer(
  id: LayerId,
  sizeBytes: number,
  mediaType: string = MediaType.ociLayer,
  options: ResolveLayerOptions = {},
): Promise<GeneratedLayer> {
  const digest = await layerDigest(id, sizeBytes, options);
  return {
    id,
    digest,
    sizeBytes,
    mediaType,
    stream: (offsetBytes = 0) => layerStream(id, sizeBytes, offsetBytes),
  };
}

/** The "sha256:…" digest of a generated layer of `sizeBytes` bytes. Memoized. Throws AbortedError. */
export async function layerDigest(id: LayerId, sizeBytes: number, options: ResolveLayerOptions = {}): Promise<string> {
  checkLayerId(id);
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 0) throw new RangeError(`layer size must be an integer ≥ 0, got ${sizeBytes}`);
  const key = `${layerRef(id)}/${sizeBytes}`;
  const known = digests.get(key);
  if (known !== undefined) {
    remember(key, known);
    return known;
  }
  const { signal } = options;
  if (signal?.aborted) throw new AbortedError('resolving a layer digest was aborted', { cause: signal.reason });
  const entry = inFlight.get(key) ?? startHashing(key, id, sizeBytes, options.onProgress);
  return waitFor(key, entry, signal);
}

/** Forgets memoized digests (benchmarks and tests; computations under way are unaffected). */
export function clearLayerDigestCache(): void {
  digests.clear();
}

/** How many digests are memoized. */
export function layerDigestCacheSize(): number {
  return digests.size;
}

interface InFlight {
  readonly promise: Promise<string>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * Memoized digests, least recently used first, at most MEMO_ENTRIES (a run of
 * a million images keeps only what it reuses: its base layers stay recent).
 */
const MEMO_ENTRIES = 16_384;
const digests = new Map<string, string>();
const inFlight = new Map<string, InFlight>();

function remember(key: string, digest: string): void {
  digests.delete(key);
  digests.set(key, digest);
  if (digests.size > MEMO_ENTRIES) digests.delete(digests.keys().next().value as string);
}

function startHashing(key: string, id: LayerId, sizeBytes: number, onProgress: ResolveLayerOptions['onProgress']): InFlight {
  const controller = new AbortController();
  const promise = sha256DigestOfStream(layerStream(id, sizeBytes), {
    signal: controller.signal,
    ...(onProgress ? { onProgress: (hashed: number) => onProgress(hashed, sizeBytes) } : {}),
  }).then((result) => {
    remember(key, result.digest);
    return result.digest;
  });
  const entry: InFlight = { promise, controller, waiters: 0 };
  inFlight.set(key, entry);
  const forget = (): void => {
    if (inFlight.get(key) === entry) inFlight.delete(key);
  };
  // Settles quietly: rejections reach callers through waitFor, never as unhandled.
  promise.then(forget, forget);
  return entry;
}

function waitFor(key: string, entry: InFlight, signal: AbortSignal | undefined): Promise<string> {
  entry.waiters++;
  if (signal === undefined) return entry.promise;
  return new Promise<string>((resolve, reject) => {
    const onAbort = (): void => {
      entry.waiters--;
      if (entry.waiters === 0) {
        if (inFlight.get(key) === entry) inFlight.delete(key);
        entry.controller.abort(signal.reason);
      }
      reject(new AbortedError('resolving a layer digest was aborted', { cause: signal.reason }));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    entry.promise.then(
      (digest) => {
        signal.removeEventListener('abort', onAbort);
        resolve(digest);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
