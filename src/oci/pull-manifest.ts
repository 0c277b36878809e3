/**
 * GET /v2/<repo>/manifests/<ref> with the full Accept list. The body is
 * hashed and checked against Docker-Content-Digest and, when the reference is
 * a digest, against the reference itself; then parsed as a manifest or index.
 */
import { redactUrl } from '../redact.ts';
import { DigestMismatchError, ProtocolError } from '../errors.ts';
import { MAX_MANIFEST_BYTES } from '../oci-spec/limits.ts';
import { repoScope } from './auth.ts';
import { digestAlgorithm, digestOf, isValidDigest } from '../oci-spec/digest.ts';
import { isIndexMediaType, MANIFEST_ACCEPT, type Descriptor, type ImageIndex, type ImageManifest } from '../oci-spec/media-types.ts';
import { assertManifestReference, assertRepoName } from './reference.ts';
import { expectStatus, header, type Exchange } from './response.ts';
import type { Transport } from './transport.ts';


export type ParsedManifest = { readonly kind: 'manifest'; readonly manifest: ImageManifest } | { readonly kind: 'index'; readonly index: ImageIndex };

export interface PullTiming {
  /** First request sent → first body byte of the final response. */
  readonly ttfbMs: number;
  /** First request sent → last body byte. */
  readonly totalMs: number;
  readonly bytes: number;
}

export interface PullManifestResult {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
  readonly parsed: ParsedManifest;
  readonly timing: PullTiming;
  readonly requests: number;
}

export async function pullManifest(transport: Transport, repo: string, ref: string, opts: { signal?: AbortSignal } = {}): Promise<PullManifestResult> {
  assertRepoName(repo);
  assertManifestReference(ref);
  const counter = { requests: 0 };
  const startedMs = transport.now();
  const ex = await transport.request({
    method: 'GET',
    url: `/v2/${repo}/manifests/${ref}`,
    headers: { accept: MANIFEST_ACCEPT.join(', ') },
    scopes: [repoScope(repo, ['pull'])],
    signal: opts.signal,
    counter,
  });
  await expectStatus(ex, [200]);
  const { bytes, firstByteAtMs } = await readManifestBody(transport, ex, opts.signal);
  const doneMs = transport.now();
  const what = `manifest ${repo}${isValidDigest(ref) ? '@' : ':'}${ref}`;
  const announced = header(ex, 'docker-content-digest');
  if (announced !== undefined && !isVerifiable(announced)) {
    // A header we cannot check is no assurance: for a tag it is the only one there is.
    throw new ProtocolError(`GET /v2/${repo}/manifests/${ref}: expected a Docker-Content-Digest of sha256 or sha512, got ${JSON.stringify(announced.slice(0, 80))}`);
  }
  const digest = digestOf(bytes, verifiableAlgorithm(isValidDigest(ref) ? ref : announced));
  if (announced !== undefined && digestAlgorithm(announced) === digestAlgorithm(digest) && announced !== digest) {
    throw new DigestMismatchError(announced, digest, `${what} (Docker-Content-Digest vs body)`);
  }
  if (isValidDigest(ref) && ref !== digest) throw new DigestMismatchError(ref, digest, what);
  const contentType = (header(ex, 'content-type') ?? '').split(';')[0]?.trim() ?? '';
  const parsed = parseManifest(bytes, contentType, what);
  const mediaType = MANIFEST_ACCEPT.includes(contentType) ? contentType : parsed.kind === 'index' ? parsed.index.mediaType : parsed.manifest.mediaType;
  return {
    digest,
    mediaType,
    bytes,
    parsed,
    timing: { ttfbMs: firstByteAtMs - startedMs, totalMs: doneMs - startedMs, bytes: bytes.byteLength },
    requests: counter.requests,
  };
}

async function readManifestBody(transport: Transport, ex: Exchange, signal?: AbortSignal): Promise<{ bytes: Uint8Array; firstByteAtMs: number }> {
  const chunks: Buffer[] = [];
  let total = 0;
  let firstByteAtMs = ex.headersAtMs;
  try {
    for await (const chunk of ex.body as AsyncIterable<Buffer>) {
      if (total === 0) firstByteAtMs = transport.now();
      total += chunk.byteLength;
      if (total > MAX_MANIFEST_BYTES) {
        ex.body.destroy();
        throw new ProtocolError(`${ex.method} ${redactUrl(ex.url)}: expected a manifest of at most ${MAX_MANIFEST_BYTES} bytes, got more than that`);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    throw transport.bodyError(err, ex, signal);
  }
  return { bytes: Buffer.concat(chunks, total), firstByteAtMs };
}

/** A digest this client can recompute: sha256 or sha512, well formed. */
function isVerifiable(digest: string): boolean {
  return isValidDigest(digest) && (digestAlgorithm(digest) === 'sha256' || digestAlgorithm(digest) === 'sha512');
}

/** The algorithm to hash with: the one of the given digest when we can compute it, else sha256. */
function verifiableAlgorithm(digest: string | undefined): string {
  const algorithm = digest !== undefined && isValidDigest(digest) ? digestAlgorithm(digest) : 'sha256';
  return algorithm === 'sha512' ? 'sha512' : 'sha256';
}

function isDescriptor(value: unknown): value is Descriptor {
  const d = value as Descriptor | null;
  return d !== null && typeof d === 'object' && typeof d.digest === 'string' && typeof d.size === 'number';
}

/** Parses manifest JSON as an image manifest or an index; anything else is a ProtocolError. */
export function parseManifest(bytes: Uint8Array, contentType: string, what = 'manifest'): ParsedManifest {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new ProtocolError(`${what} is not valid JSON`);
  }
  if (body === null || typeof body !== 'object' || body.schemaVersion !== 2) {
    throw new ProtocolError(`${what}: expected schemaVersion 2`);
  }
  const mediaType = typeof body.mediaType === 'string' ? body.mediaType : contentType;
  if (isIndexMediaType(mediaType) || (Array.isArray(body.manifests) && body.config === undefined)) {
    if (!Array.isArray(body.manifests) || !body.manifests.every(isDescriptor)) throw new ProtocolError(`${what}: index without valid manifests[]`);
    return { kind: 'index', index: { ...(body as unknown as ImageIndex), mediaType } };
  }
  if (!isDescriptor(body.config) || !Array.isArray(body.layers) || !body.layers.every(isDescriptor)) {
    throw new ProtocolError(`${what}: image manifest without a valid config and layers[]`);
  }
  return { kind: 'manifest', manifest: { ...(body as unknown as ImageManifest), mediaType } };
}
