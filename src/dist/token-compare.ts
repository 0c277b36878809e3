/**
 * The shared worker token, checked in constant time: both sides are hashed
 * with SHA-256 first, so crypto.timingSafeEqual always compares two 32-byte
 * digests and neither the token's content nor its length shows in the time
 * a refusal takes. An empty expected token never matches.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The environment variable both `replbench run` and `replbench worker` read the token from. */
export const WORKER_TOKEN_ENV = 'REPLBENCH_WORKER_TOKEN';

/** Shortest token accepted (a guessable token defeats the point). */
export const MIN_TOKEN_LENGTH = 16;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** True when `given` equals `expected`; constant time in both. */
export function tokensEqual(given: string, expected: string): boolean {
  const same = timingSafeEqual(digest(given), digest(expected));
  return same && expected.length > 0;
}

/** The token of an `Authorization: Bearer …` header value; undefined when it is not one. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}
