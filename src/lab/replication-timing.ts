/**
 * When a replication hop lands: the hop departs at the next moment its sync
 * policy allows, takes bytes / bandwidth on the pair's link (transfers on
 * one pair queue behind each other, sharing the bandwidth), then the pair's
 * sampled lag. Hops of the same artifact on the same pair land in the order
 * they were planned (a delete never overtakes its push).
 */
import { createLagModel, type LagModel } from './lag-model.ts';
import type { LabConfig } from './lab-config.ts';
import type { SeededRandom } from '../random.ts';
import type { Topology } from './topology.ts';

export interface HopTiming {
  readonly readyAtMs: number;
  /** When the sync policy let it go (≥ readyAtMs). */
  readonly departAtMs: number;
  readonly transferMs: number;
  readonly lagMs: number;
  /** When it lands at the target (lab clock). */
  readonly dueMs: number;
}

const ORDER_KEYS_PRUNE_AT = 10_000;

export class ReplicationTiming {
  private readonly config: LabConfig['replication'];
  private readonly topology: Topology;
  private readonly prng: SeededRandom;
  private readonly models = new Map<string, LagModel>();
  private readonly busyUntilMs = new Map<string, number>();
  private readonly lastDueMs = new Map<string, number>();

  constructor(config: LabConfig['replication'], topology: Topology, prng: SeededRandom) {
    this.config = config;
    this.topology = topology;
    this.prng = prng;
  }

  /** The lag model of a pair: its own, else the reverse pair's when only that is given, else the default. */
  lagModel(from: string, to: string): LagModel {
    const k = pairKey(from, to);
    let model = this.models.get(k);
    if (model === undefined) {
      const spec = this.pair(from, to)?.lag ?? this.config.lag;
      model = createLagModel(spec, this.prng.fork(`lag:${k}`));
      this.models.set(k, model);
    }
    return model;
  }

  bandwidthBytesPerSec(from: string, to: string): number | undefined {
    const pair = this.pair(from, to);
    return pair?.bandwidthBytesPerSec ?? this.config.bandwidthBytesPerSec;
  }

  plan(from: string, to: string, readyAtMs: number, bytes: number, orderKey?: string): HopTiming {
    const k = pairKey(from, to);
    const departAtMs = this.topology.syncPolicy(from, to).nextSyncMs(readyAtMs);
    const bw = this.bandwidthBytesPerSec(from, to);
    let transferMs = 0;
    let transferEndMs = departAtMs;
    if (bw !== undefined && bytes > 0) {
      transferMs = (bytes * 1000) / bw;
      transferEndMs = Math.max(departAtMs, this.busyUntilMs.get(k) ?? 0) + transferMs;
      this.busyUntilMs.set(k, transferEndMs);
    }
    const lagMs = Math.max(0, this.lagModel(from, to).sample());
    let dueMs = transferEndMs + lagMs;
    if (orderKey !== undefined) {
      const ok = `${k}\u0000${orderKey}`;
      dueMs = Math.max(dueMs, this.lastDueMs.get(ok) ?? -Infinity);
      this.lastDueMs.set(ok, dueMs);
      if (this.lastDueMs.size > ORDER_KEYS_PRUNE_AT) this.prune(readyAtMs);
    }
    return { readyAtMs, departAtMs, transferMs, lagMs, dueMs };
  }

  private pair(from: string, to: string): LabConfig['replication']['pairs'][number] | undefined {
    const pairs = this.config.pairs;
    return pairs.find((p) => p.from === from && p.to === to) ?? pairs.find((p) => p.from === to && p.to === from);
  }

  private prune(beforeMs: number): void {
    for (const [k, due] of this.lastDueMs) if (due < beforeMs) this.lastDueMs.delete(k);
  }
}

function pairKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}
