/**
 * The grammar of the OCI Distribution spec for repository names, tags and
 * digests (stated once, in src/oci-spec/names.ts), and the digest arithmetic
 * the lab's stores and handler share.
 * Every name that reaches a store or a file path has passed one of these.
 */
import { createHash, type Hash } from 'node:crypto';

export {
  isRepoName,
  isSupportedDigest,
  isTag,
  looksLikeDigest,
  MAX_REPO_NAME_LENGTH,
} from '../oci-spec/names.ts';

export type DigestAlgorithm = 'sha256' | 'sha512';

export function digestAlgorithm(digest: string): DigestAlgorithm {
  return digest.startsWith('sha512:') ? 'sha512' : 'sha256';
}

/** The hex part of a supported digest. */
export function digestHex(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

export { digestOf } from '../oci-spec/digest.ts';

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
