/**
 * The grammar of the OCI Distribution spec for repository names, tags and
 * digests, and the digest arithmetic the lab's stores and handler share.
 * Every name that reaches a store or a file path has passed one of these.
 */
import { createHash, type Hash } from 'node:crypto';

/** `a/b/c`: lowercase components joined by `.`, `_`, `__` or dashes, separated by `/`. */
const REPO_NAME_RE = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** Any well-formed digest, supported or not (`algorithm:encoded`). */
const DIGEST_SHAPE_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SUPPORTED_DIGEST_RE = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** The spec allows 255 characters for a repository name (with the registry host). */
export const MAX_REPO_NAME_LENGTH = 255;

export type DigestAlgorithm = 'sha256' | 'sha512';

export function isRepoName(name: string): boolean {
  return name.length <= MAX_REPO_NAME_LENGTH && REPO_NAME_RE.test(name);
}

export function isTag(reference: string): boolean {
  return TAG_RE.test(reference);
}

/** Looks like `algorithm:encoded` (a reference that is not a tag). */
export function looksLikeDigest(reference: string): boolean {
  return DIGEST_SHAPE_RE.test(reference);
}

/** A digest this lab can verify: lowercase sha256 or sha512. */
export function isSupportedDigest(digest: string): boolean {
  return SUPPORTED_DIGEST_RE.test(digest);
}

export function digestAlgorithm(digest: string): DigestAlgorithm {
  return digest.startsWith('sha512:') ? 'sha512' : 'sha256';
}

/** The hex part of a supported digest. */
export function digestHex(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

export { digestOf } from '../oci/digest.ts';

/**
 * A running hash that can be read any number of times without being
 * finalised, so an upload session can be checked and still go on.
 */
export class Digester {
  readonly algorithm: DigestAlgorithm;
  readonly #hash: Hash;
  constructor(algorithm: DigestAlgorithm = 'sha256') {
    this.algorithm = algorithm;
    this.#hash = createHash(algorithm);
  }
  update(chunk: Uint8Array): void {
    this.#hash.update(chunk);
  }
  digest(): string {
    return `${this.algorithm}:${this.#hash.copy().digest('hex')}`;
  }
}
