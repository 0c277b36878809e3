/**
 * Modelled replication between the lab's regions. A client's write at a
 * region (a WriteEvent from its registry handler) is copied, asynchronously,
 * to every region the topology sends it to, one hop at a time: each hop lands
 * after its sync gate, transfer time and sampled lag (replication-timing.ts),
 * then copies blobs, manifest and tag through the stores (replicator-apply.ts)
 * and records the instant in the ground truth. Faults park hops (region down,
 * stall) until the fault set changes.
 */
import { describeError } from '../errors.ts';
import type { CancelTimer, Clock } from '../time/clock.ts';
import { artifactSizeBytes, bytesToCopy } from './copy-artifact.ts';
import type { FaultSet } from './faults.ts';
import type { GroundTruth, PendingReason } from './ground-truth.ts';
import type { WriteEvent } from './registry-server.ts';
import type { ReplicationTiming } from './replication-timing.ts';
import { ReplicatorApply, type Hop, type Payload, type ReplicationEvent } from './replicator-apply.ts';
import type { RegionStore } from './store.ts';
import { TagClock } from './tag-clock.ts';
import type { Topology } from './topology.ts';

export type { ReplicationEvent } from './replicator-apply.ts';

export interface ReplicatorDeps {
  readonly clock: Clock;
  readonly stores: ReadonlyMap<string, RegionStore>;
  readonly topology: Topology;
  readonly timing: ReplicationTiming;
  readonly faults: FaultSet;
  readonly groundTruth: GroundTruth;
  /** A write became visible at a region (origin commit or replica landing): webhooks listen here. */
  readonly onEvent?: (event: ReplicationEvent) => void;
}

export class Replicator {
  private readonly deps: ReplicatorDeps;
  private readonly apply: ReplicatorApply;
  private readonly tagClock = new TagClock();
  private readonly timers = new Set<CancelTimer>();
  private readonly running = new Set<Promise<void>>();
  /** Hops that landed while their region was down or stalled, in arrival order. */
  private parked: { hop: Hop; reason: PendingReason }[] = [];
  /** Everything a write triggers runs in write order through this chain. */
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(deps: ReplicatorDeps) {
    this.deps = deps;
    this.apply = new ReplicatorApply({
      ...deps,
      tagClock: this.tagClock,
      track: (p) => this.track(p),
      at: (dueMs, fn) => this.at(dueMs, fn),
      forward: (hop, atMs) => this.fanOut(hop.payload, hop.to, hop.from, atMs),
    });
  }

  /** The registry handler's onWrite hook for `region`. */
  onWrite(region: string, event: WriteEvent): void {
    if (this.closed) return;
    const committedAtMs = this.deps.clock.now();
    // Record the client's tag write at once, so a replicated older write landing meanwhile loses.
    if (event.kind === 'manifest' && event.tag !== undefined) {
      this.tagClock.offer(region, event.repo, event.tag, { committedAtMs, origin: region, digest: event.digest });
    } else if (event.kind === 'delete-tag') {
      this.tagClock.offer(region, event.repo, event.tag, { committedAtMs, origin: region, digest: null });
    }
    this.enqueue(() => this.accept(region, event, committedAtMs));
  }

  /** Re-examines parked hops after the fault set changed. */
  kick(): void {
    if (this.closed) return;
    const parked = this.parked;
    this.parked = [];
    for (const { hop } of parked) this.deliver(hop);
    this.apply.kick();
  }

  /** Resolves when no write is being processed or copied (scheduled hops may still wait for their time). */
  async idle(): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      const chain = this.chain;
      await chain;
      if (chain === this.chain && this.running.size === 0) return;
      await Promise.allSettled([...this.running]);
    }
  }

  /** Timers scheduled plus hops parked by faults: 0 when replication has nothing left to do. */
  get pendingWork(): number {
    return this.timers.size + this.parked.length + this.apply.parkedCount;
  }

  close(): void {
    this.closed = true;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.parked = [];
  }

  private async accept(origin: string, event: WriteEvent, committedAtMs: number): Promise<void> {
    const { groundTruth, topology } = this.deps;
    switch (event.kind) {
      case 'blob':
        return; // blobs travel with the manifests that use them
      case 'manifest': {
        const store = this.store(origin);
        const stored = await store.manifestGet(event.repo, event.digest);
        if (stored === undefined) return;
        const base = { repo: event.repo, digest: event.digest, mediaType: stored.mediaType, bytes: stored.bytes };
        const payload: Payload = {
          ...base,
          kind: 'manifest',
          origin,
          committedAtMs,
          sizeBytes: await artifactSizeBytes(store, base),
          ...(event.tag !== undefined ? { tag: event.tag } : {}),
        };
        const entry = { ...this.apply.entryBase(payload), region: origin };
        groundTruth.begin({ ...entry, state: { status: 'pullable', atMs: committedAtMs } });
        for (const region of this.reachable(origin, event.repo)) {
          const state = topology.holdsRepo(region, event.repo)
            ? ({ status: 'pending', reason: 'in-flight' } as const)
            : ({ status: 'never', reason: 'filtered' } as const);
          groundTruth.begin({ ...entry, region, state });
        }
        this.deps.onEvent?.({ region: origin, action: 'push', payload, atMs: committedAtMs });
        return this.fanOut(payload, origin, undefined, committedAtMs);
      }
      case 'delete-manifest': {
        const payload: Payload = { kind: 'delete-manifest', repo: event.repo, digest: event.digest, origin, committedAtMs };
        const here = groundTruth.get(event.repo, event.digest, origin);
        if (here?.state.status === 'pullable') groundTruth.update(event.repo, event.digest, origin, here.state, { deletedAtMs: committedAtMs });
        this.deps.onEvent?.({ region: origin, action: 'delete', payload, atMs: committedAtMs });
        return this.fanOut(payload, origin, undefined, committedAtMs);
      }
      case 'delete-tag': {
        const payload: Payload = { kind: 'delete-tag', repo: event.repo, tag: event.tag, origin, committedAtMs };
        this.deps.onEvent?.({ region: origin, action: 'delete', payload, atMs: committedAtMs });
        return this.fanOut(payload, origin, undefined, committedAtMs);
      }
    }
  }

  /** Every region a write at `origin` travels to (through regions that hold the repo). */
  private reachable(origin: string, repo: string): string[] {
    const out: string[] = [];
    const walk = (at: string, from: string | undefined): void => {
      for (const next of this.deps.topology.nextHops(at, from)) {
        out.push(next);
        if (this.deps.topology.holdsRepo(next, repo)) walk(next, at);
      }
    };
    walk(origin, undefined);
    return out;
  }

  private fanOut(payload: Payload, at: string, cameFrom: string | undefined, readyAtMs: number): void {
    if (this.closed) return;
    for (const to of this.deps.topology.nextHops(at, cameFrom)) {
      if (!this.deps.topology.holdsRepo(to, payload.repo)) continue;
      const hop: Hop = { payload, from: at, to };
      this.enqueue(() => this.schedule(hop, readyAtMs));
    }
  }

  private async schedule(hop: Hop, readyAtMs: number): Promise<void> {
    const { payload } = hop;
    const bytes =
      payload.kind === 'manifest' ? await bytesToCopy(this.store(hop.from), this.store(hop.to), payload) : 0;
    const orderKey = payload.kind === 'delete-tag' ? undefined : `${payload.repo}@${payload.digest}`;
    const timing = this.deps.timing.plan(hop.from, hop.to, readyAtMs, bytes, orderKey);
    if (payload.kind === 'manifest') {
      const waiting = timing.departAtMs > readyAtMs;
      this.setPending(hop, waiting ? 'outside-sync-window' : 'in-flight', timing.dueMs);
      if (waiting) this.at(timing.departAtMs, () => this.setPending(hop, 'in-flight', timing.dueMs));
    }
    this.at(timing.dueMs, () => this.deliver(hop));
  }

  private deliver(hop: Hop): void {
    if (this.closed) return;
    const { faults } = this.deps;
    const reason: PendingReason | undefined =
      faults.isDown(hop.to) || faults.isDown(hop.from) ? 'region-down' : faults.isStalled(hop.to) ? 'stalled' : undefined;
    if (reason !== undefined) {
      this.parked.push({ hop, reason });
      this.setPending(hop, reason);
      return;
    }
    this.track(this.apply.land(hop));
  }

  private setPending(hop: Hop, reason: PendingReason, plannedAtMs?: number): void {
    if (hop.payload.kind !== 'manifest') return;
    const state = { status: 'pending', reason, ...(plannedAtMs !== undefined ? { plannedAtMs } : {}) } as const;
    this.deps.groundTruth.update(hop.payload.repo, hop.payload.digest, hop.to, state);
  }

  private at(dueMs: number, fn: () => void): void {
    const cancel = this.deps.clock.at(dueMs, () => {
      this.timers.delete(cancel);
      if (!this.closed) fn();
    });
    this.timers.add(cancel);
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch((err: unknown) => {
      process.emitWarning(`lab replicator: ${describeError(err)}`);
    });
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch((err: unknown) => process.emitWarning(`lab replicator: ${describeError(err)}`));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  private store(region: string): RegionStore {
    const s = this.deps.stores.get(region);
    if (s === undefined) throw new Error(`no store for region "${region}"`);
    return s;
  }
}
