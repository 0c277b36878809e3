/**
 * The lab's exact record of replication: for every (repository, digest,
 * region), when the artifact became fully pullable there (manifest, every
 * blob, and its tag if it was pushed by tag), on the lab clock, or why it is
 * not (yet). The harness may read it in-process (same performance.now clock)
 * or as epoch µs through the control endpoint, to check its own measurements.
 */
export type PendingReason =
  /** Scheduled: lag and transfer time not over yet. */
  | 'in-flight'
  | 'outside-sync-window'
  | 'stalled'
  | 'region-down'
  /** The manifest landed, its blobs did not (yet). */
  | 'blob-unknown'
  /** Manifest and blobs landed, the tag still points at an older digest. */
  | 'stale-tag';

export type NeverReason =
  /** The region does not sync this repository (hierarchy repo subset). */
  | 'filtered'
  /** Deleted before it landed here. */
  | 'deleted'
  /** The copy's source lost it before the copy ran. */
  | 'source-gone'
  | 'copy-failed';

export type GroundTruthState =
  | { readonly status: 'pullable'; readonly atMs: number }
  | { readonly status: 'pending'; readonly reason: PendingReason; readonly plannedAtMs?: number }
  | { readonly status: 'never'; readonly reason: NeverReason; readonly detail?: string };

export interface GroundTruthEntry {
  readonly repo: string;
  readonly digest: string;
  readonly region: string;
  /** The region a client pushed it to. */
  readonly origin: string;
  readonly tag?: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  /** When the origin committed it (lab clock, ms). */
  readonly committedAtMs: number;
  /** True when a newer write took the tag first here (last writer wins): pullable by digest only. */
  readonly tagSuperseded?: boolean;
  /** When a replicated delete removed it here after it had become pullable. */
  readonly deletedAtMs?: number;
  readonly state: GroundTruthState;
}

export type GroundTruthListener = (entry: GroundTruthEntry) => void;

export class GroundTruth {
  private readonly entries = new Map<string, GroundTruthEntry>();
  private readonly listeners = new Set<GroundTruthListener>();

  get(repo: string, digest: string, region: string): GroundTruthEntry | undefined {
    return this.entries.get(key(repo, digest, region));
  }

  /** Every entry, optionally only one repository / digest / region, in insertion order. */
  list(filter: { repo?: string; digest?: string; region?: string } = {}): GroundTruthEntry[] {
    return [...this.entries.values()].filter(
      (e) =>
        (filter.repo === undefined || e.repo === filter.repo) &&
        (filter.digest === undefined || e.digest === filter.digest) &&
        (filter.region === undefined || e.region === filter.region),
    );
  }

  /** Starts (or restarts, for a new push of the same digest) an entry. */
  begin(entry: GroundTruthEntry): void {
    this.put(entry);
  }

  /** Moves an existing entry to a new state (ignored when the entry does not exist). */
  update(
    repo: string,
    digest: string,
    region: string,
    state: GroundTruthState,
    extra: { tagSuperseded?: boolean; deletedAtMs?: number } = {},
  ): void {
    const current = this.get(repo, digest, region);
    if (current === undefined) return;
    if (current.state.status === 'pullable' && state.status === 'pending') return;
    this.put({ ...current, ...extra, state });
  }

  subscribe(listener: GroundTruthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when the entry exists and is settled (pullable or never), or the signal aborts. */
  settled(repo: string, digest: string, region: string, signal?: AbortSignal): Promise<GroundTruthEntry> {
    return new Promise((resolve, reject) => {
      const check = (e: GroundTruthEntry | undefined): boolean => {
        if (e === undefined || e.state.status === 'pending') return false;
        resolve(e);
        return true;
      };
      if (check(this.get(repo, digest, region))) return;
      const onAbort = (): void => {
        unsubscribe();
        reject(signal?.reason ?? new Error('aborted'));
      };
      const unsubscribe = this.subscribe((e) => {
        if (e.repo === repo && e.digest === digest && e.region === region && check(e)) {
          unsubscribe();
          signal?.removeEventListener('abort', onAbort);
        }
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private put(entry: GroundTruthEntry): void {
    this.entries.set(key(entry.repo, entry.digest, entry.region), entry);
    for (const l of this.listeners) l(entry);
  }
}

/** An entry with its instants also as epoch µs (what the control endpoint serves). */
export function groundTruthJson(entry: GroundTruthEntry, toEpochMs: (t: number) => number): Record<string, unknown> {
  const us = (t: number): number => Math.round(toEpochMs(t) * 1000);
  const s = entry.state;
  return {
    ...entry,
    committedAtEpochUs: us(entry.committedAtMs),
    ...(entry.deletedAtMs !== undefined ? { deletedAtEpochUs: us(entry.deletedAtMs) } : {}),
    state: {
      ...s,
      ...(s.status === 'pullable' ? { atEpochUs: us(s.atMs) } : {}),
      ...(s.status === 'pending' && s.plannedAtMs !== undefined ? { plannedAtEpochUs: us(s.plannedAtMs) } : {}),
    },
  };
}

function key(repo: string, digest: string, region: string): string {
  return `${region}\u0000${repo}\u0000${digest}`;
}
