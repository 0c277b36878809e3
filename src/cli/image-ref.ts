/** Splits the positional `REPO@DIGEST | REPO:TAG` argument of pull and probe. */
import { parseReference } from '../oci/index.ts';

export function repoAndRef(text: string): { repo: string; ref: string } {
  const ref = parseReference(text);
  return { repo: ref.repo, ref: ref.reference };
}
