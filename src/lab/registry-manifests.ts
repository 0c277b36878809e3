/** GET, HEAD, PUT and DELETE of /v2/<name>/manifests/<tag or digest>. */
import { MAX_MANIFEST_BYTES } from '../oci-spec/limits.ts';
import { RegistryHttpError } from './registry-errors.ts';
import { header, readSmallBody, sendBytes, sendEmpty, type Exchange } from './registry-http.ts';
import { checkManifest } from './registry-manifest-check.ts';
import { digestAlgorithm, digestOf, isSupportedDigest, isTag, looksLikeDigest } from './registry-names.ts';

type Reference = { readonly kind: 'tag'; readonly tag: string } | { readonly kind: 'digest'; readonly digest: string };

export function parseReference(reference: string): Reference {
  if (isTag(reference)) return { kind: 'tag', tag: reference };
  if (isSupportedDigest(reference)) return { kind: 'digest', digest: reference };
  if (looksLikeDigest(reference)) {
    throw new RegistryHttpError(400, 'DIGEST_INVALID', 'digest is malformed or its algorithm is not supported', {
      detail: { digest: reference },
    });
  }
  throw new RegistryHttpError(400, 'MANIFEST_INVALID', 'reference is neither a tag nor a digest', {
    detail: { reference },
  });
}

export async function handleManifest(ex: Exchange, repo: string, reference: string): Promise<void> {
  const ref = parseReference(reference);
  switch (ex.method) {
    case 'GET':
    case 'HEAD':
      return getManifest(ex, repo, ref);
    case 'PUT':
      return putManifest(ex, repo, ref);
    case 'DELETE':
      return deleteManifest(ex, repo, ref);
    default:
      throw new RegistryHttpError(405, 'UNSUPPORTED', `${ex.method} is not supported on manifests`);
  }
}

async function getManifest(ex: Exchange, repo: string, ref: Reference): Promise<void> {
  const digest = ref.kind === 'digest' ? ref.digest : await ex.store.tagGet(repo, ref.tag);
  const found = digest === undefined ? undefined : await ex.store.manifestGet(repo, digest);
  if (digest === undefined || found === undefined) throw manifestUnknown(ref);
  // By digest the content is what was asked for; by tag a client that cannot read the kind gets none.
  if (ref.kind === 'tag' && !accepts(header(ex.req, 'accept'), found.mediaType)) {
    throw new RegistryHttpError(404, 'MANIFEST_UNKNOWN', `the manifest is ${found.mediaType}, which Accept does not list`, {
      detail: { tag: ref.tag, mediaType: found.mediaType },
    });
  }
  const headers = { 'Content-Type': found.mediaType, 'Docker-Content-Digest': digest, ETag: `"${digest}"` };
  sendBytes(ex.res, 200, headers, found.bytes);
}

async function putManifest(ex: Exchange, repo: string, ref: Reference): Promise<void> {
  const body = await readSmallBody(ex.req, MAX_MANIFEST_BYTES);
  if (body.kind === 'too-large') {
    throw new RegistryHttpError(413, 'SIZE_INVALID', `manifests larger than ${MAX_MANIFEST_BYTES} bytes are refused`);
  }
  const check = checkManifest(body.bytes, header(ex.req, 'content-type'));
  if (!check.ok) throw new RegistryHttpError(400, 'MANIFEST_INVALID', check.message, { detail: check.detail });
  const digest = digestOf(body.bytes, ref.kind === 'digest' ? digestAlgorithm(ref.digest) : 'sha256');
  if (ref.kind === 'digest' && ref.digest !== digest) {
    throw new RegistryHttpError(400, 'DIGEST_INVALID', 'the manifest does not match the digest in the path', {
      detail: { expected: ref.digest, actual: digest },
    });
  }
  for (const blob of check.blobDigests) {
    if (!(await ex.store.repoHasBlob(repo, blob))) throw manifestBlobUnknown(blob);
  }
  for (const child of check.manifestDigests) {
    if ((await ex.store.manifestGet(repo, child)) === undefined) throw manifestBlobUnknown(child);
  }
  await ex.store.manifestPut(repo, digest, check.mediaType, body.bytes);
  if (ref.kind === 'tag') await ex.store.tagSet(repo, ref.tag, digest);
  const sizeBytes = body.bytes.byteLength;
  const event = { kind: 'manifest', repo, digest, mediaType: check.mediaType, sizeBytes } as const;
  ex.emit(ref.kind === 'tag' ? { ...event, tag: ref.tag } : event);
  sendEmpty(ex.res, 201, { Location: `/v2/${repo}/manifests/${digest}`, 'Docker-Content-Digest': digest });
}

async function deleteManifest(ex: Exchange, repo: string, ref: Reference): Promise<void> {
  if (ref.kind === 'digest') {
    if (!(await ex.store.manifestDelete(repo, ref.digest))) throw manifestUnknown(ref);
    ex.emit({ kind: 'delete-manifest', repo, digest: ref.digest });
    sendEmpty(ex.res, 202);
    return;
  }
  if ((await ex.store.tagGet(repo, ref.tag)) === undefined) throw manifestUnknown(ref);
  await ex.store.tagDelete(repo, ref.tag);
  ex.emit({ kind: 'delete-tag', repo, tag: ref.tag });
  sendEmpty(ex.res, 202);
}

/**
 * Whether an Accept header admits a media type. No header, an empty one or a
 * wildcard admits everything; parameters (`;q=0.5`) are ignored.
 */
export function accepts(accept: string | undefined, mediaType: string): boolean {
  if (accept === undefined) return true;
  const listed = accept
    .split(',')
    .map((part) => (part.split(';', 1)[0] ?? '').trim().toLowerCase())
    .filter((part) => part !== '');
  if (listed.length === 0) return true;
  const wanted = mediaType.toLowerCase();
  const family = `${wanted.split('/', 1)[0]}/*`;
  return listed.some((type) => type === wanted || type === '*/*' || type === family);
}

function manifestUnknown(ref: Reference): RegistryHttpError {
  const detail = ref.kind === 'tag' ? { tag: ref.tag } : { digest: ref.digest };
  return new RegistryHttpError(404, 'MANIFEST_UNKNOWN', 'manifest unknown to registry', { detail });
}

function manifestBlobUnknown(digest: string): RegistryHttpError {
  return new RegistryHttpError(400, 'MANIFEST_BLOB_UNKNOWN', 'manifest references a blob unknown to this repository', {
    detail: { digest },
  });
}
