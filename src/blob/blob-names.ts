/**
 * How a workload image maps onto Blob storage: one block blob per image,
 * named RUN/REPOSITORY/TAG (the run id first, so a new run never finds an
 * old run's blob already replicated), its blocks the image's layers in
 * order. The image's manifest digest stays its label in every record; the
 * blob's own content hash (sha256 over the layers as uploaded) is what a pull
 * verifies.
 *
 * BlobNames is the one table the pusher fills and the workers read: the
 * watch and pull tasks carry (repository, digest or tag), as for a registry.
 */
export interface BlobObject {
  /** The blob name in every container. */
  readonly name: string;
  /** "sha256:…" of the blob's bytes. */
  readonly contentDigest: string;
  readonly sizeBytes: number;
}

/** RUN/REPOSITORY/TAG. */
export function blobNameOf(prefix: string, repo: string, tag: string): string {
  return `${prefix.replace(/\/+$/, '')}/${repo}/${tag}`;
}

export class BlobNames {
  readonly prefix: string;
  readonly #byRef = new Map<string, BlobObject>();

  constructor(prefix: string) {
    this.prefix = prefix;
  }

  nameOf(repo: string, tag: string): string {
    return blobNameOf(this.prefix, repo, tag);
  }

  /** Records a pushed image under its tag and its manifest digest. */
  add(repo: string, tag: string, manifestDigest: string, object: BlobObject): void {
    this.#byRef.set(key(repo, tag), object);
    this.#byRef.set(key(repo, manifestDigest), object);
  }

  /** The blob for (repository, tag or manifest digest), once pushed. */
  get(repo: string, ref: string): BlobObject | undefined {
    return this.#byRef.get(key(repo, ref));
  }

  /** Every pushed blob, each once. */
  all(): BlobObject[] {
    return [...new Set(this.#byRef.values())];
  }
}

const key = (repo: string, ref: string): string => `${repo}\u0000${ref}`;
