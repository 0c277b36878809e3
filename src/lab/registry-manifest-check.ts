/**
 * What a pushed manifest must be before the registry stores it: JSON, schema
 * version 2, a media type that agrees with Content-Type, well-formed
 * descriptors. Returns the blobs and manifests it references, which the
 * handler then requires to exist in the repository.
 */
import { MediaType, isIndexMediaType } from '../oci-spec/media-types.ts';
import { isSupportedDigest } from './registry-names.ts';

export type ManifestCheck =
  | {
      readonly ok: true;
      readonly mediaType: string;
      /** Config and layers that must be in the repository (non-distributable layers left out). */
      readonly blobDigests: readonly string[];
      /** Manifests an index refers to. */
      readonly manifestDigests: readonly string[];
    }
  | { readonly ok: false; readonly message: string; readonly detail?: unknown };

const IMAGE_MEDIA_TYPES = new Set<string>([MediaType.ociManifest, MediaType.dockerManifest]);

/** Content types that say nothing about the manifest kind. */
const GENERIC_CONTENT_TYPES = new Set(['', 'application/json', 'application/octet-stream', 'text/plain']);

export function checkManifest(bytes: Uint8Array, contentType: string | undefined): ManifestCheck {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return { ok: false, message: 'manifest is not valid JSON' };
  }
  if (!isObject(doc)) return { ok: false, message: 'manifest is not a JSON object' };
  if (doc['schemaVersion'] !== 2) {
    return { ok: false, message: 'only schemaVersion 2 manifests are supported', detail: { schemaVersion: doc['schemaVersion'] } };
  }
  const headerType = bareMediaType(contentType);
  const bodyType = typeof doc['mediaType'] === 'string' ? doc['mediaType'] : undefined;
  if (headerType !== undefined && bodyType !== undefined && headerType !== bodyType) {
    return { ok: false, message: `Content-Type ${headerType} does not match the manifest's mediaType ${bodyType}` };
  }
  const looksLikeIndex = Array.isArray(doc['manifests']) && doc['config'] === undefined;
  const mediaType = headerType ?? bodyType ?? (looksLikeIndex ? MediaType.ociIndex : MediaType.ociManifest);
  if (isIndexMediaType(mediaType)) return checkIndex(doc, mediaType);
  if (IMAGE_MEDIA_TYPES.has(mediaType)) return checkImage(doc, mediaType);
  return looksLikeIndex ? checkIndex(doc, mediaType) : checkImage(doc, mediaType);
}

function checkIndex(doc: Record<string, unknown>, mediaType: string): ManifestCheck {
  const manifests = doc['manifests'];
  if (!Array.isArray(manifests)) return { ok: false, message: 'an index needs a manifests array' };
  const digests: string[] = [];
  for (const [i, entry] of manifests.entries()) {
    const problem = descriptorProblem(entry);
    if (problem !== undefined) return { ok: false, message: `manifests[${i}]: ${problem}` };
    digests.push((entry as { digest: string }).digest);
  }
  return { ok: true, mediaType, blobDigests: [], manifestDigests: digests };
}

function checkImage(doc: Record<string, unknown>, mediaType: string): ManifestCheck {
  const config = doc['config'];
  const layers = doc['layers'] ?? [];
  const configProblem = descriptorProblem(config);
  if (configProblem !== undefined) return { ok: false, message: `config: ${configProblem}` };
  if (!Array.isArray(layers)) return { ok: false, message: 'layers must be an array' };
  const digests = [(config as { digest: string }).digest];
  for (const [i, layer] of layers.entries()) {
    const problem = descriptorProblem(layer);
    if (problem !== undefined) return { ok: false, message: `layers[${i}]: ${problem}` };
    if (!isNonDistributable(layer as Record<string, unknown>)) digests.push((layer as { digest: string }).digest);
  }
  return { ok: true, mediaType, blobDigests: digests, manifestDigests: [] };
}

/** Why a value is not a descriptor this registry can check, or undefined when it is one. */
function descriptorProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not a descriptor object';
  if (typeof value['mediaType'] !== 'string') return 'mediaType must be a string';
  if (typeof value['digest'] !== 'string' || !isSupportedDigest(value['digest'])) {
    return `digest ${JSON.stringify(value['digest'])} is malformed or unsupported`;
  }
  const size = value['size'];
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return 'size must be a non-negative integer';
  return undefined;
}

/** Foreign layers served from `urls` elsewhere; the registry never holds them. */
function isNonDistributable(layer: Record<string, unknown>): boolean {
  const urls = layer['urls'];
  return Array.isArray(urls) && urls.length > 0;
}

/** `type/subtype` of a Content-Type header, lowercased, without parameters; undefined when generic. */
export function bareMediaType(contentType: string | undefined): string | undefined {
  const bare = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return GENERIC_CONTENT_TYPES.has(bare) ? undefined : bare;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
