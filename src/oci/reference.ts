/**
 * Image references relative to an endpoint: `REPO`, `REPO:TAG`,
 * `REPO@sha256:HEX`, `REPO:TAG@DIGEST` (the digest wins; the tag is kept for
 * display). Repository names and tags follow the distribution spec grammar.
 */
import { UsageError } from '../errors.ts';
import { isRepoName, isTag, isValidDigest } from '../oci-spec/names.ts';

export const DEFAULT_TAG = 'latest';

export interface ImageReference {
  readonly repo: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
  /** What goes after /manifests/: the digest when there is one, else the tag. */
  readonly reference: string;
}

/** The spec's grammar (src/oci-spec/names.ts), under the client's names. */
export const isValidRepoName = isRepoName;
export const isValidTag = isTag;

export function assertRepoName(name: string): string {
  if (!isValidRepoName(name)) {
    throw new UsageError(`invalid repository name "${name}": expected lowercase path components like "team/app" (distribution spec <name>)`);
  }
  return name;
}

/** A tag or a digest, as used after /manifests/. */
export function assertManifestReference(ref: string): string {
  if (ref.includes(':')) {
    if (!isValidDigest(ref)) throw new UsageError(`invalid digest "${ref}": expected ALGORITHM:HEX, e.g. sha256:<64 hex>`);
  } else if (!isValidTag(ref)) {
    throw new UsageError(`invalid tag "${ref}": expected [A-Za-z0-9_][A-Za-z0-9._-]{0,127}`);
  }
  return ref;
}

/** Parses a reference; every error is a UsageError naming the text. */
export function parseReference(text: string): ImageReference {
  let rest = text.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isValidDigest(digest)) throw new UsageError(`invalid reference "${text}": "${digest}" is not a valid digest`);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && !rest.slice(colon + 1).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isValidTag(tag)) throw new UsageError(`invalid reference "${text}": "${tag}" is not a valid tag`);
  }
  if (rest === '') throw new UsageError(`invalid reference "${text}": the repository name is empty`);
  if (!isValidRepoName(rest)) {
    throw new UsageError(`invalid reference "${text}": "${rest}" is not a valid repository name (lowercase path components like "team/app")`);
  }
  if (digest === undefined && tag === undefined) tag = DEFAULT_TAG;
  return { repo: rest, tag, digest, reference: digest ?? (tag as string) };
}

/** The canonical text of a reference: REPO[:TAG][@DIGEST]. */
export function formatReference(ref: ImageReference): string {
  return `${ref.repo}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}
