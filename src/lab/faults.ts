/**
 * The faults in force, switchable at run time. FaultSet answers the questions
 * the rest of the lab asks (is this region down? stalled? what does this
 * request get? how much extra RTT?) and tells subscribers when the set
 * changes, so listeners close or reopen ports and the replicator retries
 * what it had parked.
 */
import { matchesAnyGlob } from '../config/fields.ts';
import type { FaultSpec } from './fault-spec.ts';
import type { SeededRandom } from '../random.ts';
import type { InterceptResult, LabRequestInfo } from './registry-server.ts';

export interface ActiveFault {
  readonly id: string;
  readonly spec: FaultSpec;
  readonly sinceMs: number;
}

export class FaultSet {
  private readonly faults = new Map<string, ActiveFault>();
  private readonly listeners = new Set<() => void>();
  private readonly prng: SeededRandom;
  private readonly now: () => number;
  private nextId = 1;

  constructor(opts: { prng: SeededRandom; now: () => number; initial?: readonly FaultSpec[] }) {
    this.prng = opts.prng;
    this.now = opts.now;
    for (const spec of opts.initial ?? []) this.addQuietly(spec);
  }

  add(spec: FaultSpec): ActiveFault {
    const fault = this.addQuietly(spec);
    this.changed();
    return fault;
  }

  remove(id: string): boolean {
    const removed = this.faults.delete(id);
    if (removed) this.changed();
    return removed;
  }

  /** Removes every fault (or every fault of one region); returns how many. */
  clear(region?: string): number {
    let n = 0;
    for (const [id, f] of this.faults) {
      if (region === undefined || f.spec.region === region) {
        this.faults.delete(id);
        n++;
      }
    }
    if (n > 0) this.changed();
    return n;
  }

  list(): ActiveFault[] {
    return [...this.faults.values()];
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isDown(region: string): boolean {
    return this.some(region, 'down');
  }

  isStalled(region: string): boolean {
    return this.some(region, 'stall');
  }

  extraRttMs(serverRegion: string, clientRegion: string): number {
    let extra = 0;
    for (const { spec } of this.faults.values()) {
      if (spec.kind === 'slow-link' && spec.region === serverRegion && (spec.from === undefined || spec.from === clientRegion)) {
        extra += spec.extraRttMs;
      }
    }
    return extra;
  }

  /** What a request to `region` gets instead of the registry, if anything: drop, 5xx, or 429. */
  intercept(region: string, info: LabRequestInfo): InterceptResult | undefined {
    if (this.isDown(region)) return { kind: 'destroy' };
    for (const { spec } of this.faults.values()) {
      if (spec.region !== region) continue;
      if (spec.kind !== 'error-rate' && spec.kind !== 'throttle') continue;
      if ((spec.scope === 'reads' && info.isWrite) || (spec.scope === 'writes' && !info.isWrite)) continue;
      if (spec.rate < 1 && this.prng.next() >= spec.rate) continue;
      if (spec.kind === 'error-rate') {
        const ociCode = spec.status === 503 ? 'UNAVAILABLE' : 'UNKNOWN';
        return { kind: 'respond', status: spec.status, ociCode, message: 'injected fault: server error' };
      }
      return {
        kind: 'respond',
        status: 429,
        headers: { 'retry-after': String(Math.max(1, Math.ceil(spec.retryAfterMs / 1000))) },
        ociCode: 'TOOMANYREQUESTS',
        message: 'injected fault: too many requests',
      };
    }
    return undefined;
  }

  /** The blob-unknown fault for a copy into `region` of `repo`, if one applies. */
  blobUnknown(region: string, repo: string): { readonly blobDelayMs?: number } | undefined {
    for (const { spec } of this.faults.values()) {
      if (spec.kind === 'blob-unknown' && spec.region === region && matchesAnyGlob(repo, spec.repository ? [spec.repository] : undefined)) {
        return spec.blobDelayMs !== undefined ? { blobDelayMs: spec.blobDelayMs } : {};
      }
    }
    return undefined;
  }

  /** The region whose storage serves `region`'s blob downloads: its own unless a wrong-storage fault says otherwise. */
  storageRegion(region: string): string {
    for (const { spec } of this.faults.values()) if (spec.kind === 'wrong-storage' && spec.region === region) return spec.storage;
    return region;
  }

  /** Whether tag moves into `region` for repo:tag are held back (stale tag). */
  staleTag(region: string, repo: string, tag: string): boolean {
    for (const { spec } of this.faults.values()) {
      if (
        spec.kind === 'stale-tag' &&
        spec.region === region &&
        matchesAnyGlob(repo, spec.repository ? [spec.repository] : undefined) &&
        (spec.tag === undefined || spec.tag === tag)
      ) {
        return true;
      }
    }
    return false;
  }

  private some(region: string, kind: FaultSpec['kind']): boolean {
    for (const { spec } of this.faults.values()) if (spec.kind === kind && spec.region === region) return true;
    return false;
  }

  private addQuietly(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = { id: `f${this.nextId++}`, spec, sinceMs: this.now() };
    this.faults.set(fault.id, fault);
    return fault;
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
