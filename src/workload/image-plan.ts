/**
 * Image plans: everything needed to push one synthetic OCI image — config
 * blob, layer blobs (base layers first), manifest bytes and digests — fully
 * determined by (seed, imageIndex, layerCount, baseLayerCount, sizes).
 *
 * - `layerCount` is the total number of layers of the image, of which the
 *   first `baseLayerCount` (default 0) are base layers shared by every image of
 *   the seed. Base layer k is layer (seed, BASE_IMAGE_INDEX, k); its size is the
 *   k-th draw from the PRNG of (seed, BASE_IMAGE_INDEX). Images of one seed that
 *   use the same size distribution therefore share base layers byte for byte,
 *   which exercises cross-repository mounts and registry dedup.
 * - The image's own layers are (seed, imageIndex, j) for j = 0, 1, …, sized by
 *   successive draws from the PRNG of (seed, imageIndex).
 * - JSON is written with a fixed key order and no whitespace, so config and
 *   manifest bytes (and digests) are reproducible.
 * - Repository and tag may contain "{i}", replaced by the image index.
 */
import { ConfigError } from '../errors.ts';
import { bytesBlobSource } from '../oci-spec/blob-source.ts';
import type { BlobSource } from '../oci-spec/blob-source.ts';
import { MediaType } from '../oci-spec/media-types.ts';
import { BASE_IMAGE_INDEX } from './content.ts';
import { sha256Digest } from './digest.ts';
import { resolveLayer } from './layer.ts';
import type { GeneratedLayer } from './layer.ts';
import { createPrng, seedText } from './prng.ts';
import type { Seed } from './prng.ts';
import { sampleSize } from './sizes.ts';
import type { SizeDistribution } from './sizes.ts';

export interface PlanImageOptions {
  readonly seed: Seed;
  readonly imageIndex: number;
  /** Total layers in the image, base layers included (≥ 1). */
  readonly layerCount: number;
  readonly sizes: SizeDistribution;
  /** How many of the layers are shared base layers (0 … layerCount). Default 0. */
  readonly baseLayerCount?: number;
  readonly repository: string;
  readonly tag: string;
  readonly signal?: AbortSignal;
  /** Hears how far the hashing of a large layer is (bytes hashed, layer size), about every 16 MiB. */
  readonly onHashProgress?: (hashedBytes: number, sizeBytes: number) => void;
}

export interface PlannedManifest {
  readonly bytes: Uint8Array;
  readonly mediaType: typeof MediaType.ociManifest;
  readonly digest: string;
}

export interface ImagePlan {
  readonly seed: string;
  readonly imageIndex: number;
  readonly repository: string;
  readonly tag: string;
  readonly config: BlobSource;
  /** Base layers first, then the image's own layers. */
  readonly layers: readonly GeneratedLayer[];
  readonly baseLayerDigests: readonly string[];
  readonly manifest: PlannedManifest;
  /** Sum of layer sizes. */
  readonly layerBytes: number;
  /** Config + layers + manifest: every byte a full push of this image uploads. */
  readonly totalBytes: number;
}

/** The fixed creation date written into every image config. */
export const IMAGE_CREATED = '2024-01-01T00:00:00Z';

const REPOSITORY_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** Plans one image: derives sizes, resolves layer digests (memoized), builds config and manifest. */
export async function planImage(options: PlanImageOptions): Promise<ImagePlan> {
  const { seed, imageIndex, layerCount, sizes, signal } = options;
  const baseLayerCount = options.baseLayerCount ?? 0;
  const seedString = seedText(seed);
  checkCount('imageIndex', imageIndex, 0);
  checkCount('layerCount', layerCount, 1);
  checkCount('baseLayerCount', baseLayerCount, 0);
  if (baseLayerCount > layerCount) {
    throw new ConfigError(`baseLayerCount (${baseLayerCount}) must not exceed layerCount (${layerCount})`);
  }
  const repository = expandName(options.repository, imageIndex);
  const tag = expandName(options.tag, imageIndex);
  checkImageName(repository, tag);
  const hashing = { ...(signal ? { signal } : {}), ...(options.onHashProgress ? { onProgress: options.onHashProgress } : {}) };

  const layers: GeneratedLayer[] = [];
  const basePrng = createPrng(sizeSeed(seedString, BASE_IMAGE_INDEX));
  for (let k = 0; k < baseLayerCount; k++) {
    const id = { seed: seedString, imageIndex: BASE_IMAGE_INDEX, layerIndex: k };
    layers.push(await resolveLayer(id, sampleSize(sizes, basePrng), MediaType.ociLayer, hashing));
  }
  const ownPrng = createPrng(sizeSeed(seedString, imageIndex));
  for (let j = 0; j < layerCount - baseLayerCount; j++) {
    const id = { seed: seedString, imageIndex, layerIndex: j };
    layers.push(await resolveLayer(id, sampleSize(sizes, ownPrng), MediaType.ociLayer, hashing));
  }

  const configBytes = imageConfigBytes(seedString, imageIndex, layers.map((l) => l.digest));
  const config = bytesBlobSource(configBytes, sha256Digest(configBytes), MediaType.ociConfig);
  const manifestBytes = imageManifestBytes(config, layers);
  const layerBytes = layers.reduce((sum, l) => sum + l.sizeBytes, 0);
  return {
    seed: seedString,
    imageIndex,
    repository,
    tag,
    config,
    layers,
    baseLayerDigests: layers.slice(0, baseLayerCount).map((l) => l.digest),
    manifest: { bytes: manifestBytes, mediaType: MediaType.ociManifest, digest: sha256Digest(manifestBytes) },
    layerBytes,
    totalBytes: config.sizeBytes + layerBytes + manifestBytes.byteLength,
  };
}

export interface PlanImagesOptions extends Omit<PlanImageOptions, 'imageIndex' | 'repository' | 'tag'> {
  readonly count: number;
  /** Index of the first image (default 0): images firstImageIndex … firstImageIndex + count − 1. */
  readonly firstImageIndex?: number;
  /** A name with "{i}" for the image index, or a function of the index. */
  readonly repository: string | ((imageIndex: number) => string);
  readonly tag: string | ((imageIndex: number) => string);
}

/** Plans `count` images in order, all at once; base layers are hashed once and shared. A run plans lazily instead (image-catalog.ts). */
export async function planImages(options: PlanImagesOptions): Promise<ImagePlan[]> {
  const { count, repository, tag, firstImageIndex, ...rest } = options;
  const first = firstImageIndex ?? 0;
  checkCount('count', count, 0);
  checkCount('firstImageIndex', first, 0);
  const plans: ImagePlan[] = [];
  for (let i = first; i < first + count; i++) {
    plans.push(
      await planImage({
        ...rest,
        imageIndex: i,
        repository: typeof repository === 'function' ? repository(i) : repository,
        tag: typeof tag === 'function' ? tag(i) : tag,
      }),
    );
  }
  return plans;
}

/** Throws ConfigError unless `repository` and `tag` are valid OCI names (after "{i}" was replaced). */
export function checkImageName(repository: string, tag: string): void {
  if (!REPOSITORY_RE.test(repository)) {
    throw new ConfigError(`repository: expected lowercase path components such as "bench/app", found "${repository}"`);
  }
  if (!TAG_RE.test(tag)) throw new ConfigError(`tag: expected up to 128 of [A-Za-z0-9_.-] not starting with "." or "-", found "${tag}"`);
}

/** The image config JSON (OCI image-spec config.md), keys in a fixed order. */
export function imageConfigBytes(seed: string, imageIndex: number, diffIds: readonly string[]): Uint8Array {
  const config = {
    created: IMAGE_CREATED,
    architecture: 'amd64',
    os: 'linux',
    config: { Labels: { 'dev.replbench.seed': seed, 'dev.replbench.image-index': String(imageIndex) } },
    rootfs: { type: 'layers', diff_ids: [...diffIds] },
  };
  return new TextEncoder().encode(JSON.stringify(config));
}

/** The image manifest JSON (OCI image-spec manifest.md), keys in a fixed order. */
export function imageManifestBytes(config: BlobSource, layers: readonly BlobSource[]): Uint8Array {
  const descriptor = (b: BlobSource) => ({ mediaType: b.mediaType, digest: b.digest, size: b.sizeBytes });
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: descriptor(config),
    layers: layers.map(descriptor),
  };
  return new TextEncoder().encode(JSON.stringify(manifest));
}

function sizeSeed(seed: string, imageIndex: number): string {
  return `replbench/sizes/v1\0${JSON.stringify([seed, imageIndex])}`;
}

function expandName(template: string, imageIndex: number): string {
  return template.replaceAll('{i}', String(imageIndex));
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigError(`${name}: expected an integer ≥ ${min}, found ${String(value)}`);
  }
}
