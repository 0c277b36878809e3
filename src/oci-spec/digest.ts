/**
 * Content digests (OCI image spec, descriptor.md#digests): `algorithm:encoded`.
 * sha256 is what registries use; sha512 is verified too. A verifier hashes
 * bytes as they stream past and keeps none of them.
 */
import { createHash, type Hash } from 'node:crypto';
import { DigestMismatchError, ProtocolError, UsageError } from '../errors.ts';

import { DIGEST_HEX_LENGTH, isValidDigest } from './names.ts';

export { isValidDigest };

export function assertDigest(text: string, what = 'digest'): string {
  if (!isValidDigest(text)) throw new UsageError(`invalid ${what} "${text}": expected sha256:<64 lowercase hex>`);
  return text;
}

export function digestAlgorithm(digest: string): string {
  return digest.slice(0, Math.max(0, digest.indexOf(':')));
}

/** `sha256:<hex>` of the bytes (or another supported algorithm). */
export function digestOf(bytes: Uint8Array, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

export function sha256Digest(bytes: Uint8Array): string {
  return digestOf(bytes, 'sha256');
}

/** Hashes a stream chunk by chunk; `verify()` compares with the expected digest. */
export class DigestVerifier {
  readonly expected: string;
  private readonly hash: Hash;
  private readonly algorithm: string;
  private result: string | undefined;
  sizeBytes = 0;

  constructor(expected: string) {
    const algorithm = digestAlgorithm(expected);
    if (!isValidDigest(expected) || DIGEST_HEX_LENGTH[algorithm] === undefined) {
      throw new ProtocolError(`cannot verify digest "${expected}": only sha256 and sha512 are supported`);
    }
    this.expected = expected;
    this.algorithm = algorithm;
    this.hash = createHash(algorithm);
  }

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.sizeBytes += chunk.byteLength;
  }

  /** The digest of everything seen so far (finalizes the hash: call once, after the last chunk). */
  digest(): string {
    this.result ??= `${this.algorithm}:${this.hash.digest('hex')}`;
    return this.result;
  }

  /** Throws DigestMismatchError naming `what` when the bytes seen do not match; returns the digest. */
  verify(what: string): string {
    const actual = this.digest();
    if (actual !== this.expected) throw new DigestMismatchError(this.expected, actual, what);
    return actual;
  }
}
