/**
 * Who replicates to whom. Multi-master (ACR geo-replication): a write at any
 * region fans out directly to every other region. Hierarchy (ACR connected
 * registries): cloud → connected registry → child; data flows down to
 * children, and up to the parent from ReadWrite nodes only, one hop at a
 * time; each node holds only its repository subset and syncs with its parent
 * only as its schedule and window allow.
 */
import type { Clock } from '../time/clock.ts';
import { matchesAnyGlob, type RegionMode } from '../config/fields.ts';
import type { LabConfig, LabRegion } from './lab-config.ts';
import { createSyncPolicy, type SyncPolicy } from './sync-schedule.ts';

const CONTINUOUS: SyncPolicy = { description: 'continuous', nextSyncMs: (t) => t };

export class Topology {
  readonly kind: LabConfig['topology'];
  readonly regionNames: readonly string[];
  private readonly regions: ReadonlyMap<string, LabRegion>;
  private readonly childrenOf = new Map<string, string[]>();
  private readonly sync = new Map<string, SyncPolicy>();

  constructor(config: Pick<LabConfig, 'topology' | 'regions'>, clock: Pick<Clock, 'toEpochMs' | 'now'>) {
    this.kind = config.topology;
    this.regionNames = config.regions.map((r) => r.name);
    this.regions = new Map(config.regions.map((r) => [r.name, r]));
    const startMs = clock.now();
    for (const r of config.regions) {
      if (r.parent !== undefined) {
        const list = this.childrenOf.get(r.parent) ?? [];
        list.push(r.name);
        this.childrenOf.set(r.parent, list);
      }
      if (r.syncSchedule !== undefined) {
        const spec = { schedule: r.syncSchedule, ...(r.syncWindowMs !== undefined ? { windowMs: r.syncWindowMs } : {}) };
        this.sync.set(r.name, createSyncPolicy(spec, clock, startMs));
      }
    }
  }

  region(name: string): LabRegion {
    const r = this.regions.get(name);
    if (r === undefined) throw new Error(`unknown region "${name}"`);
    return r;
  }

  mode(name: string): RegionMode {
    return this.region(name).mode;
  }

  parent(name: string): string | undefined {
    return this.region(name).parent;
  }

  children(name: string): readonly string[] {
    return this.childrenOf.get(name) ?? [];
  }

  /** Whether the region keeps this repository at all (hierarchy repo subsets). */
  holdsRepo(name: string, repo: string): boolean {
    return matchesAnyGlob(repo, this.region(name).repositories);
  }

  /** Whether a client may push to this repository at this region (else 403 DENIED). */
  canWrite(name: string, repo: string): boolean {
    return this.mode(name) === 'ReadWrite' && this.holdsRepo(name, repo);
  }

  /** Where an artifact goes next after landing at `at`, having come from `cameFrom` (undefined: a client wrote it there). */
  nextHops(at: string, cameFrom?: string): string[] {
    if (this.kind === 'multi-master') return cameFrom === undefined ? this.regionNames.filter((r) => r !== at) : [];
    const hops = this.children(at).filter((c) => c !== cameFrom);
    const parent = this.parent(at);
    if (parent !== undefined && parent !== cameFrom && this.mode(at) === 'ReadWrite') hops.push(parent);
    return hops;
  }

  /** The sync gate of a hop: in a hierarchy, the child node's schedule governs its link to the parent. */
  syncPolicy(from: string, to: string): SyncPolicy {
    if (this.kind === 'multi-master') return CONTINUOUS;
    const child = this.parent(to) === from ? to : from;
    return this.sync.get(child) ?? CONTINUOUS;
  }
}
