/**
 * The real replicating setup of a scenario with an `oci` target on loopback:
 * a docker-registry on each region's endpoint port, the skopeo replicator
 * fed by the origin's notifications, each replica notifying the replicator
 * (ground truth) and — when the scenario has `replication.events: webhook` —
 * the run's receiver at PATH/<region>, with the secret header.
 */
import type { ResolvedScenario } from '../../src/scenario/resolved.ts';
import { startRegistryProcess, type NotificationEndpoint, type RegistryProcess } from './registry-process.ts';
import { startSkopeoReplicator, type ReplicaSpec, type SkopeoReplicator } from './skopeo-replicator.ts';

/** Copy delay per region: uniform in [minMs, maxMs], drawn per image from a seeded hash (same seed, same delays). */
export interface DelayRange {
  readonly minMs: number;
  readonly maxMs: number;
}

export interface RealSetupOptions {
  readonly delays: ReadonlyMap<string, DelayRange>;
  /** The webhook secret the run's receiver checks (required when the scenario has replication.events). */
  readonly webhookSecret?: string;
  readonly seed?: number;
}

export interface RealSetup {
  readonly registries: ReadonlyMap<string, RegistryProcess>;
  readonly replicator: SkopeoReplicator;
  close(): Promise<void>;
}

/** The default distance of the i-th replica (1-based): 150·i … 150·i + 300 ms. */
export function defaultDelay(replicaIndex: number): DelayRange {
  return { minMs: 150 * replicaIndex, maxMs: 150 * replicaIndex + 300 };
}

/** Uniform in the range, from FNV-1a of (seed, region, image): reproducible without shared state. */
export function delayFor(range: DelayRange, seed: number, region: string, imageKey: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (const ch of `${region}\u0000${imageKey}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return range.minMs + (h / 2 ** 32) * (range.maxMs - range.minMs);
}

function loopbackPort(endpoint: string, region: string): number {
  const url = new URL(endpoint);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error(`region ${region}: the real setup runs on loopback only, found ${endpoint}`);
  const port = Number(url.port);
  if (!(port > 0)) throw new Error(`region ${region}: the endpoint ${endpoint} needs an explicit port`);
  return port;
}

export async function startRealSetup(scenario: ResolvedScenario, opts: RealSetupOptions): Promise<RealSetup> {
  if (scenario.target.kind !== 'oci') throw new Error(`the real setup needs a target of kind oci, found ${scenario.target.kind}`);
  const regions = scenario.target.regions;
  const origin = regions.find((r) => r.name === scenario.origin);
  if (origin === undefined) throw new Error(`the origin ${scenario.origin} has no endpoint`);
  const replicas = regions.filter((r) => r.name !== scenario.origin);
  const seed = opts.seed ?? 1;
  const specs: ReplicaSpec[] = replicas.map((r, i) => {
    const range = opts.delays.get(r.name) ?? defaultDelay(i + 1);
    return { region: r.name, host: new URL(r.endpoint).host, delayMs: (key) => delayFor(range, seed, r.name, key) };
  });
  const replicator = await startSkopeoReplicator({ originHost: new URL(origin.endpoint).host, replicas: specs });
  const events = scenario.events;
  const registries = new Map<string, RegistryProcess>();
  try {
    for (const r of regions) {
      const hooks: NotificationEndpoint[] = [];
      if (r.name === scenario.origin) hooks.push({ name: 'replicator', url: `${replicator.url}/origin` });
      else {
        hooks.push({ name: 'truth', url: `${replicator.url}/replica/${encodeURIComponent(r.name)}` });
        if (events !== null) {
          if (opts.webhookSecret === undefined) throw new Error('the scenario has replication.events: pass the webhook secret');
          const listen = events.listen === '0.0.0.0' ? '127.0.0.1' : events.listen;
          if (events.port === 0) throw new Error('replication.events.port must be fixed (not 0) for registries to be configured with it');
          hooks.push({ name: 'replbench', url: `http://${listen}:${events.port}${events.path}/${encodeURIComponent(r.name)}`, headers: { [events.secretHeader]: opts.webhookSecret } });
        }
      }
      registries.set(r.name, await startRegistryProcess({ port: loopbackPort(r.endpoint, r.name), notifications: hooks }));
    }
  } catch (err: unknown) {
    await Promise.allSettled([...registries.values()].map((p) => p.stop()));
    await replicator.close();
    throw err;
  }
  return {
    registries,
    replicator,
    async close() {
      await replicator.close();
      await Promise.allSettled([...registries.values()].map((p) => p.stop()));
    },
  };
}
