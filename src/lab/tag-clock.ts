/**
 * Last-writer-wins bookkeeping for tags, per region, as in multi-master ACR:
 * every tag write (set or delete) carries its commit time at the region where
 * a client made it, and a replicated write older than what a region already
 * has is dropped. Ties break on the origin region's name, so every region
 * picks the same winner. A clock only in the Lamport sense: commit times are
 * the lab Clock's now() readings (src/time/clock.ts), handed in by the replicator.
 */
export interface TagWrite {
  readonly committedAtMs: number;
  readonly origin: string;
  /** The digest the tag points at, or null for a delete. */
  readonly digest: string | null;
}

export class TagClock {
  private readonly byRegion = new Map<string, Map<string, TagWrite>>();

  /** Records the write if it is newer than the region's; returns whether it won (true again for the same write). */
  offer(region: string, repo: string, tag: string, write: TagWrite): boolean {
    let tags = this.byRegion.get(region);
    if (tags === undefined) {
      tags = new Map();
      this.byRegion.set(region, tags);
    }
    const key = `${repo}:${tag}`;
    const current = tags.get(key);
    if (current !== undefined && !isNewer(write, current)) return isSameWrite(write, current);
    tags.set(key, write);
    return true;
  }

  current(region: string, repo: string, tag: string): TagWrite | undefined {
    return this.byRegion.get(region)?.get(`${repo}:${tag}`);
  }
}

export function isNewer(a: TagWrite, b: TagWrite): boolean {
  if (a.committedAtMs !== b.committedAtMs) return a.committedAtMs > b.committedAtMs;
  return a.origin > b.origin;
}

function isSameWrite(a: TagWrite, b: TagWrite): boolean {
  return a.committedAtMs === b.committedAtMs && a.origin === b.origin && a.digest === b.digest;
}
