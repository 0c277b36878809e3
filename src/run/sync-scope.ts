/**
 * What a connected-registry hierarchy lets through, for the runner: whether
 * an artifact pushed at one node can ever reach another (repository subsets,
 * ReadOnly nodes that never sync up), and the earliest instant the sync
 * schedules on its path allow it to arrive. Pure, on the run's clock (ms),
 * with schedules in UTC epoch time (toEpochMs).
 *
 * An artifact moves one hop at a time along the tree path origin → region:
 * up while the node it leaves is ReadWrite, then down. Every node it enters
 * must hold the repository. A hop between a node and its parent may cross
 * only when the child's schedule allows (continuous without one).
 */
import { matchesAnyGlob } from '../config/fields.ts';
import { createSyncPolicy, type SyncPolicy } from '../lab/sync-schedule.ts';
import { NOT_SYNCED } from '../report/sections/connected.ts';
import type { HierarchyNode } from '../scenario/connected.ts';

export type Reach =
  | { readonly kind: 'reaches'; readonly path: readonly string[] }
  | { readonly kind: 'not-synced'; readonly reason: string };

export interface ScheduledArrival {
  /** The schedules on the path, as written ("every 15s, window 5s; …"). */
  readonly schedule: string;
  /** First instant (run clock, ms) the schedules on the path let the artifact reach the region, ignoring copy time. */
  readonly allowedAtMs: number;
}

export class SyncScope {
  readonly #nodes: ReadonlyMap<string, HierarchyNode>;
  readonly #policies = new Map<string, SyncPolicy>();

  /**
   * `startMs`: the run clock when the target started ("every 30s" schedules
   * count from there); `toEpochMs`: run clock → UTC epoch ms (cron schedules).
   */
  constructor(nodes: readonly HierarchyNode[], clock: { readonly startMs: number; toEpochMs(t: number): number }) {
    this.#nodes = new Map(nodes.map((n) => [n.name, n]));
    for (const n of nodes) {
      if (n.syncSchedule === null) continue;
      const spec = { schedule: n.syncSchedule, ...(n.syncWindowMs !== null ? { windowMs: n.syncWindowMs } : {}) };
      this.#policies.set(n.name, createSyncPolicy(spec, clock, clock.startMs));
    }
  }

  /** The tree path from `from` to `to`, both included; undefined when they are not in one tree. */
  path(from: string, to: string): string[] | undefined {
    const up = (n: string): string[] => {
      const chain = [n];
      for (let p = this.#nodes.get(n)?.parent ?? null; p !== null && chain.length <= this.#nodes.size; p = this.#nodes.get(p)?.parent ?? null) chain.push(p);
      return chain;
    };
    const a = up(from);
    const b = up(to);
    const common = a.find((n) => b.includes(n));
    if (common === undefined || !this.#nodes.has(from) || !this.#nodes.has(to)) return undefined;
    return [...a.slice(0, a.indexOf(common) + 1), ...b.slice(0, b.indexOf(common)).reverse()];
  }

  /** Whether an artifact of `repo` pushed at `origin` can ever reach `region`. */
  reach(origin: string, region: string, repo: string): Reach {
    const path = this.path(origin, region);
    if (path === undefined) return { kind: 'not-synced', reason: `${NOT_SYNCED}: ${region} is not connected to ${origin}` };
    for (let i = 1; i < path.length; i++) {
      const from = path[i - 1] as string;
      const to = path[i] as string;
      const fromNode = this.#nodes.get(from) as HierarchyNode;
      if (fromNode.parent === to && fromNode.mode !== 'ReadWrite') {
        return { kind: 'not-synced', reason: `${NOT_SYNCED}: ${from} is ReadOnly and does not sync up to ${to}` };
      }
      const node = this.#nodes.get(to) as HierarchyNode;
      if (!matchesAnyGlob(repo, node.repositories ?? undefined)) {
        return { kind: 'not-synced', reason: `${NOT_SYNCED}: ${repo} is outside ${to}'s repositories (${(node.repositories ?? []).join(', ')})` };
      }
    }
    return { kind: 'reaches', path };
  }

  /** The schedule-imposed earliest arrival; undefined when no schedule gates the path (or it is not reachable). */
  scheduledArrival(origin: string, region: string, repo: string, commitMs: number): ScheduledArrival | undefined {
    const r = this.reach(origin, region, repo);
    if (r.kind !== 'reaches') return undefined;
    let t = commitMs;
    const described: string[] = [];
    for (let i = 1; i < r.path.length; i++) {
      const a = r.path[i - 1] as string;
      const b = r.path[i] as string;
      const child = this.#nodes.get(b)?.parent === a ? b : a;
      const policy = this.#policies.get(child);
      if (policy === undefined) continue;
      t = policy.nextSyncMs(t);
      described.push(`${child}: ${policy.description}`);
    }
    return described.length === 0 ? undefined : { schedule: described.join('; '), allowedAtMs: t };
  }
}
