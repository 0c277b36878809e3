/**
 * The name grammar of the OCI Distribution spec: repository names, tags and
 * digests, one statement of each for the client (src/oci/reference.ts,
 * src/oci-spec/digest.ts) and the lab's registry (src/lab/registry-names.ts).
 */

/** `<name>`: lowercase alphanumeric path components joined by `.`, `_`, `__` or dashes, separated by `/`. */
export const REPO_NAME_RE = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;

/** `<reference>` as a tag: up to 128 characters. */
export const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** Any well-formed digest, supported or not: `algorithm:encoded` (the algorithm and encoded parts captured). */
export const DIGEST_RE = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;

/** The hex length of each digest algorithm replbench can verify. */
export const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 };

/** Clients commonly limit host + "/" + name to 255 characters; the name alone cannot exceed it. */
export const MAX_REPO_NAME_LENGTH = 255;

export function isRepoName(name: string): boolean {
  return name.length <= MAX_REPO_NAME_LENGTH && REPO_NAME_RE.test(name);
}

export function isTag(reference: string): boolean {
  return TAG_RE.test(reference);
}

/** Looks like `algorithm:encoded` (a reference that is not a tag), whether or not its algorithm is supported. */
export function looksLikeDigest(reference: string): boolean {
  return DIGEST_RE.test(reference);
}

/** Well-formed per the grammar; sha256/sha512 must also be lowercase hex of the right length. */
export function isValidDigest(text: string): boolean {
  const m = DIGEST_RE.exec(text);
  if (!m) return false;
  const [, algorithm = '', encoded = ''] = m;
  const hexLength = DIGEST_HEX_LENGTH[algorithm];
  return hexLength === undefined || (encoded.length === hexLength && /^[a-f0-9]+$/.test(encoded));
}

/** A digest replbench can verify: lowercase sha256 or sha512 of the right length. */
export function isSupportedDigest(digest: string): boolean {
  return /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/.test(digest);
}
