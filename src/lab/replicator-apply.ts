/**
 * What happens when a replication hop lands at its target region: blobs,
 * then the manifest, then the tag (last writer wins; held back under a
 * stale-tag fault), or only the manifest first under a blob-unknown fault;
 * deletes remove the manifest or tag. Each landing is recorded in the ground
 * truth, announced (webhooks) and forwarded along the topology. Landings of
 * the same artifact in the same region run one after another.
 */
import { describeError } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import { copyArtifact, SourceGoneError } from './copy-artifact.ts';
import type { FaultSet } from './faults.ts';
import type { GroundTruth, GroundTruthEntry } from './ground-truth.ts';
import type { RegionStore } from './store.ts';
import type { TagClock } from './tag-clock.ts';

interface PayloadBase {
  readonly repo: string;
  readonly origin: string;
  readonly committedAtMs: number;
}

export type Payload =
  | (PayloadBase & {
      readonly kind: 'manifest';
      readonly digest: string;
      readonly mediaType: string;
      readonly bytes: Uint8Array;
      readonly tag?: string;
      /** Whole artifact: manifest, child manifests, blobs. */
      readonly sizeBytes: number;
    })
  | (PayloadBase & { readonly kind: 'delete-manifest'; readonly digest: string })
  | (PayloadBase & { readonly kind: 'delete-tag'; readonly tag: string });

export type ManifestPayload = Extract<Payload, { kind: 'manifest' }>;

export interface Hop {
  readonly payload: Payload;
  readonly from: string;
  readonly to: string;
}

/** A write became visible in a region. */
export interface ReplicationEvent {
  readonly region: string;
  readonly action: 'push' | 'delete';
  readonly payload: Payload;
  readonly atMs: number;
}

type TagOutcome = 'none' | 'applied' | 'superseded' | 'stale';

export interface ApplyDeps {
  readonly clock: Clock;
  readonly stores: ReadonlyMap<string, RegionStore>;
  readonly faults: FaultSet;
  readonly groundTruth: GroundTruth;
  readonly tagClock: TagClock;
  readonly onEvent?: (event: ReplicationEvent) => void;
  readonly track: (p: Promise<void>) => void;
  readonly at: (dueMs: number, fn: () => void) => void;
  readonly forward: (hop: Hop, atMs: number) => void;
}

export class ReplicatorApply {
  private readonly d: ApplyDeps;
  private readonly chains = new Map<string, Promise<void>>();
  private parkedBlobs: Hop[] = [];
  private parkedTags: Hop[] = [];
  /** Delete-tag hops already sent on (a parked one lands twice). */
  private readonly forwarded = new WeakSet<Hop>();

  constructor(deps: ApplyDeps) {
    this.d = deps;
  }

  get parkedCount(): number {
    return this.parkedBlobs.length + this.parkedTags.length;
  }

  entryBase(p: ManifestPayload): Omit<GroundTruthEntry, 'region' | 'state'> {
    const { repo, digest, origin, mediaType, sizeBytes, committedAtMs } = p;
    return { repo, digest, origin, mediaType, sizeBytes, committedAtMs, ...(p.tag !== undefined ? { tag: p.tag } : {}) };
  }

  land(hop: Hop): Promise<void> {
    const p = hop.payload;
    const key = p.kind === 'delete-tag' ? `${hop.to}:${p.repo}:tag:${p.tag}` : `${hop.to}:${p.repo}@${p.digest}`;
    return this.serialize(key, () => this.landNow(hop));
  }

  /** Retries what a blob-unknown or stale-tag fault held back, if the fault is gone. */
  kick(): void {
    const { faults } = this.d;
    const blobs = this.parkedBlobs;
    this.parkedBlobs = blobs.filter((h) => faults.blobUnknown(h.to, h.payload.repo) !== undefined);
    for (const hop of blobs) if (!this.parkedBlobs.includes(hop)) this.d.track(this.landBlobs(hop));
    const tags = this.parkedTags;
    this.parkedTags = tags.filter((h) => faults.staleTag(h.to, h.payload.repo, tagOf(h.payload) ?? ''));
    for (const hop of tags) {
      if (this.parkedTags.includes(hop)) continue;
      if (hop.payload.kind === 'delete-tag') this.d.track(this.land(hop));
      else this.d.track(this.moveTag(hop).then((outcome) => this.finish(hop, outcome, false)));
    }
  }

  private async landNow(hop: Hop): Promise<void> {
    const p = hop.payload;
    try {
      if (p.kind === 'manifest') return await this.landManifest(hop, p);
      if (p.kind === 'delete-manifest') return await this.landDeleteManifest(hop, p.digest);
      return await this.landDeleteTag(hop, p.tag);
    } catch (err: unknown) {
      if (p.kind !== 'manifest') throw err;
      const state =
        err instanceof SourceGoneError
          ? ({ status: 'never', reason: 'source-gone', detail: err.message } as const)
          : ({ status: 'never', reason: 'copy-failed', detail: describeError(err) } as const);
      this.d.groundTruth.update(p.repo, p.digest, hop.to, state);
    }
  }

  private async landManifest(hop: Hop, p: ManifestPayload): Promise<void> {
    const blobUnknown = this.d.faults.blobUnknown(hop.to, p.repo);
    if (blobUnknown === undefined) {
      await copyArtifact(this.store(hop.from), this.store(hop.to), p, { blobs: true });
      return this.finish(hop, await this.moveTag(hop), true);
    }
    await copyArtifact(this.store(hop.from), this.store(hop.to), p, { blobs: false });
    await this.moveTag(hop);
    this.d.groundTruth.update(p.repo, p.digest, hop.to, { status: 'pending', reason: 'blob-unknown' });
    if (blobUnknown.blobDelayMs === undefined) this.parkedBlobs.push(hop);
    else this.d.at(this.d.clock.now() + blobUnknown.blobDelayMs, () => this.d.track(this.landBlobs(hop)));
  }

  private landBlobs(hop: Hop): Promise<void> {
    const p = hop.payload as ManifestPayload;
    return this.serialize(`${hop.to}:${p.repo}@${p.digest}`, async () => {
      await copyArtifact(this.store(hop.from), this.store(hop.to), p, { blobs: true });
      this.finish(hop, await this.moveTag(hop), true);
    });
  }

  /** Moves the hop's tag under last-writer-wins, one tag at a time per region. */
  private moveTag(hop: Hop): Promise<TagOutcome> {
    const p = hop.payload;
    if (p.kind !== 'manifest' || p.tag === undefined) return Promise.resolve('none');
    const tag = p.tag;
    return this.serialize(`${hop.to}:${p.repo}:tag:${tag}`, async (): Promise<TagOutcome> => {
      if (this.d.faults.staleTag(hop.to, p.repo, tag)) return 'stale';
      const write = { committedAtMs: p.committedAtMs, origin: p.origin, digest: p.digest };
      if (!this.d.tagClock.offer(hop.to, p.repo, tag, write)) return 'superseded';
      await this.store(hop.to).tagSet(p.repo, tag, p.digest);
      return 'applied';
    });
  }

  private finish(hop: Hop, outcome: TagOutcome, forward: boolean): void {
    const p = hop.payload as ManifestPayload;
    const now = this.d.clock.now();
    if (outcome === 'stale') {
      this.d.groundTruth.update(p.repo, p.digest, hop.to, { status: 'pending', reason: 'stale-tag' });
      if (!this.parkedTags.includes(hop)) this.parkedTags.push(hop);
    } else {
      const extra = outcome === 'superseded' ? { tagSuperseded: true } : {};
      this.d.groundTruth.update(p.repo, p.digest, hop.to, { status: 'pullable', atMs: now }, extra);
      this.d.onEvent?.({ region: hop.to, action: 'push', payload: p, atMs: now });
    }
    if (forward) this.d.forward(hop, now);
  }

  private async landDeleteManifest(hop: Hop, digest: string): Promise<void> {
    const { repo } = hop.payload;
    await this.store(hop.to).manifestDelete(repo, digest);
    const gone = (h: Hop): boolean => h.to === hop.to && h.payload.repo === repo && h.payload.kind === 'manifest' && h.payload.digest === digest;
    this.parkedBlobs = this.parkedBlobs.filter((h) => !gone(h));
    this.parkedTags = this.parkedTags.filter((h) => !gone(h));
    const entry = this.d.groundTruth.get(repo, digest, hop.to);
    if (entry?.state.status === 'pending') {
      this.d.groundTruth.update(repo, digest, hop.to, { status: 'never', reason: 'deleted' });
    } else if (entry?.state.status === 'pullable') {
      this.d.groundTruth.update(repo, digest, hop.to, entry.state, { deletedAtMs: this.d.clock.now() });
    }
    this.d.onEvent?.({ region: hop.to, action: 'delete', payload: hop.payload, atMs: this.d.clock.now() });
    this.d.forward(hop, this.d.clock.now());
  }

  private async landDeleteTag(hop: Hop, tag: string): Promise<void> {
    const p = hop.payload;
    if (this.d.faults.staleTag(hop.to, p.repo, tag)) {
      if (!this.parkedTags.includes(hop)) this.parkedTags.push(hop);
    } else if (this.d.tagClock.offer(hop.to, p.repo, tag, { committedAtMs: p.committedAtMs, origin: p.origin, digest: null })) {
      await this.store(hop.to).tagDelete(p.repo, tag);
      this.d.onEvent?.({ region: hop.to, action: 'delete', payload: p, atMs: this.d.clock.now() });
    }
    if (!this.forwarded.has(hop)) {
      this.forwarded.add(hop);
      this.d.forward(hop, this.d.clock.now());
    }
  }

  private serialize<T>(key: string, step: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev.then(step, step);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return next;
  }

  private store(region: string): RegionStore {
    const s = this.d.stores.get(region);
    if (s === undefined) throw new Error(`no store for region "${region}"`);
    return s;
  }
}

function tagOf(p: Payload): string | undefined {
  return p.kind === 'delete-tag' ? p.tag : p.kind === 'manifest' ? p.tag : undefined;
}
