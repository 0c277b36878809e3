/** The workload generator: seeded PRNG, size distributions, deterministic layer content, image plans. */
export { createPrng, Prng, seedText } from './prng.ts';
export type { Seed } from './prng.ts';
export { resolveSizeDistribution, sampleSize } from './sizes.ts';
/** The 0.99 quantile of the standard normal distribution (the lognormal size model's σ divisor). */
export { Z_P99 as Z_99 } from '../stats/normal-quantile.ts';
export type { SizeDistribution, SizeSpec } from './sizes.ts';
export { BASE_IMAGE_INDEX, CONTENT_CHUNK_BYTES, layerStream } from './content.ts';
export type { LayerId } from './content.ts';
export { sha256Digest, sha256DigestOfStream } from './digest.ts';
export type { DigestStreamOptions } from './digest.ts';
export { clearLayerDigestCache, layerDigest, layerDigestCacheSize, resolveLayer } from './layer.ts';
export type { GeneratedLayer, ResolveLayerOptions } from './layer.ts';
export { IMAGE_CREATED, imageConfigBytes, imageManifestBytes, planImage, planImages } from './image-plan.ts';
export type { ImagePlan, PlanImageOptions, PlanImagesOptions, PlannedManifest } from './image-plan.ts';
