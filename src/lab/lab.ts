/**
 * The embedded multi-region lab, assembled: one store, registry handler and
 * set of shaped ports per region, the replicator between them, faults, ground
 * truth, webhooks and the control endpoint. `startLab` returns once every
 * port listens; `close()` frees every port, timer and store.
 */
import { join } from 'node:path';
import { ConfigError, describeError } from '../errors.ts';
import { configErrorMap, issuesToConfigError } from '../config/issues.ts';
import { settleTurns, type Clock } from '../time/clock.ts';
import { createRealClock } from '../time/real-clock.ts';
import { startControlServer } from './control-server.ts';
import { createDirectoryStore } from './directory-store.ts';
import { faultSpecSchema, type FaultSpec, type FaultSpecInput } from './fault-spec.ts';
import { FaultSet, type ActiveFault } from './faults.ts';
import { GroundTruth } from './ground-truth.ts';
import { parseLabConfig, type LabConfig, type LabConfigInput, type RegionMode } from './lab-config.ts';
import { LinkTable } from './link.ts';
import { createMemoryStore } from './memory-store.ts';
import { seededRandom } from '../random.ts';
import { createStorageHandler, storageLocation } from './data-endpoints.ts';
import { RegionListener } from './region-listener.ts';
import { createRegistryHandler } from './registry-server.ts';
import { ReplicationTiming } from './replication-timing.ts';
import { Replicator } from './replicator.ts';
import type { RegionStore } from './store.ts';
import { Topology } from './topology.ts';
import { WebhookSender, type WebhookStats } from './webhooks.ts';

export interface LabRegionInfo {
  readonly name: string;
  readonly mode: RegionMode;
  readonly parent?: string;
  /** Base URL per client region ("http://127.0.0.1:port"). */
  readonly endpoints: Readonly<Record<string, string>>;
  readonly ports: Readonly<Record<string, number>>;
  /** dataEndpoints on: base URL of the region's storage host per client region (where its blob GETs are redirected). */
  readonly storageEndpoints?: Readonly<Record<string, string>>;
}

export interface Lab {
  readonly config: LabConfig;
  readonly regions: readonly LabRegionInfo[];
  /** URL of `serverRegion` as seen from `clientRegion` (default: the same region). */
  endpointFor(serverRegion: string, clientRegion?: string): string;
  readonly controlUrl: string;
  readonly groundTruth: GroundTruth;
  /** The clock of ground truth and replication (performance.now unless injected). */
  readonly clock: Clock;
  store(region: string): RegionStore;
  /** Adds a fault as written in a config ("2s" or ms numbers); ConfigError when invalid. */
  setFault(fault: FaultSpecInput): ActiveFault;
  clearFault(id: string): boolean;
  clearFaults(region?: string): number;
  faults(): readonly ActiveFault[];
  readonly webhookStats: Readonly<WebhookStats>;
  /** Resolves when no replication copy or webhook is running (scheduled hops may still be waiting). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface StartLabOptions {
  /** Clock for replication and ground truth (the virtual one in tests). Sockets always use real time. */
  readonly clock?: Clock;
  /** A real-speed clock to share with the harness (ignored when `clock` is given). */
  readonly now?: () => number;
  /** Per-connection, per-direction bytes the link may hold in flight. */
  readonly windowBytes?: number;
  /** How late (ms) each of the lab's timed callbacks (link delays, replication, webhooks) ran: its own precision. */
  readonly onTimerLateness?: (lateMs: number) => void;
  /** What POST /crash on the control endpoint does (undefined: the route answers 409). */
  readonly crash?: () => void;
}

export async function startLab(input: LabConfig | LabConfigInput, opts: StartLabOptions = {}): Promise<Lab> {
  const config = isLabConfig(input) ? input : parseLabConfig(input);
  const names = config.regions.map((r) => r.name);
  const linkClock = createRealClock({ ...(opts.now !== undefined ? { now: opts.now } : {}), ...(opts.onTimerLateness !== undefined ? { onLate: opts.onTimerLateness } : {}) });
  const clock = opts.clock ?? linkClock;
  const prng = seededRandom(config.seed);
  const stores = new Map<string, RegionStore>(
    names.map((n) => [n, config.store.kind === 'directory' ? createDirectoryStore(join(config.store.dir, n)) : createMemoryStore()]),
  );
  const faults = new FaultSet({ prng: prng.fork('faults'), now: () => clock.now(), initial: config.faults });
  const links = new LinkTable(config, (server, client) => faults.extraRttMs(server, client));
  const topology = new Topology(config, clock);
  const groundTruth = new GroundTruth();
  const listeners = new Map<string, RegionListener>();
  /** dataEndpoints on: each region's storage host (its own ports, the same links). */
  const storageListeners = new Map<string, RegionListener>();
  const webhooks = new WebhookSender(config.webhooks, {
    clock,
    prng: prng.fork('webhooks'),
    hostOf: (region) => `127.0.0.1:${listeners.get(region)?.ports[region] ?? 0}`,
  });
  const replicator = new Replicator({
    clock,
    stores,
    topology,
    timing: new ReplicationTiming(config.replication, topology, prng.fork('replication')),
    faults,
    groundTruth,
    onEvent: (e) => webhooks.send(e),
  });
  names.forEach((region, i) => {
    const store = stores.get(region) as RegionStore;
    const handler = createRegistryHandler({
      region,
      store,
      hooks: {
        intercept: (info) => faults.intercept(region, info),
        canWrite: (repo) => topology.canWrite(region, repo),
        onWrite: (event) => replicator.onWrite(region, event),
        ...(config.dataEndpoints === true
          ? {
              blobLocation: (repo: string, digest: string, client: string) => {
                const storage = storageListeners.get(faults.storageRegion(region));
                return storage === undefined ? undefined : storageLocation(storage.url(client), repo, digest, Date.now());
              },
            }
          : {}),
      },
    });
    const ports = config.basePort !== undefined ? Object.fromEntries(names.map((c, j) => [c, (config.basePort as number) + i * names.length + j])) : undefined;
    const listener = new RegionListener({
      region,
      clientRegions: names,
      handler,
      link: (client) => links.get(client, region),
      clock: linkClock,
      ...(ports !== undefined ? { ports } : {}),
      ...(opts.windowBytes !== undefined ? { windowBytes: opts.windowBytes } : {}),
    });
    listeners.set(region, listener);
    if (config.dataEndpoints === true) {
      // Fixed ports: after the region ports and the control port (basePort + n²).
      const base = config.basePort;
      const storagePorts = base !== undefined ? Object.fromEntries(names.map((c, j) => [c, base + names.length * names.length + 1 + i * names.length + j])) : undefined;
      storageListeners.set(
        region,
        new RegionListener({
          region,
          clientRegions: names,
          handler: createStorageHandler(region, store),
          link: (client) => links.get(client, region),
          clock: linkClock,
          ...(storagePorts !== undefined ? { ports: storagePorts } : {}),
          ...(opts.windowBytes !== undefined ? { windowBytes: opts.windowBytes } : {}),
        }),
      );
    }
  });

  const syncDown = async (): Promise<void> => {
    await Promise.all([...listeners.values(), ...storageListeners.values()].map((l) => l.setDown(faults.isDown(l.region))));
  };
  const closers: (() => Promise<void> | void)[] = [];
  try {
    for (const l of [...listeners.values(), ...storageListeners.values()]) {
      closers.push(() => l.close());
      await l.start();
    }
    await syncDown();
  } catch (err: unknown) {
    await Promise.allSettled(closers.map(async (c) => c()));
    linkClock.close();
    throw new ConfigError(`the lab could not listen on its ports: ${(err as Error).message}`, { cause: err });
  }
  const unsubscribe = faults.subscribe(() => {
    syncDown().catch((err: unknown) => process.emitWarning(`lab: could not switch a region up or down: ${describeError(err)}`));
    replicator.kick();
  });

  const regions: LabRegionInfo[] = config.regions.map((r) => {
    const l = listeners.get(r.name) as RegionListener;
    const endpoints = Object.fromEntries(names.map((c) => [c, l.url(c)]));
    const storage = storageListeners.get(r.name);
    const storageEndpoints = storage === undefined ? undefined : Object.fromEntries(names.map((c) => [c, storage.url(c)]));
    return {
      name: r.name,
      mode: r.mode,
      ...(r.parent !== undefined ? { parent: r.parent } : {}),
      endpoints,
      ports: l.ports,
      ...(storageEndpoints !== undefined ? { storageEndpoints } : {}),
    };
  });
  const addFault = (spec: FaultSpec): ActiveFault => {
    for (const name of [spec.region, spec.kind === 'slow-link' ? spec.from : spec.kind === 'wrong-storage' ? spec.storage : undefined]) {
      if (name !== undefined && !names.includes(name)) throw new ConfigError(`fault: unknown region "${name}" (regions: ${names.join(', ')})`);
    }
    if (spec.kind === 'wrong-storage' && config.dataEndpoints !== true) {
      throw new ConfigError('fault: wrong-storage needs a lab started with dataEndpoints: true');
    }
    return faults.add(spec);
  };
  const setFault = (fault: FaultSpecInput): ActiveFault => {
    const parsed = faultSpecSchema.safeParse(fault, { error: configErrorMap });
    if (!parsed.success) throw issuesToConfigError('fault', parsed.error.issues, fault);
    return addFault(parsed.data);
  };
  const defaultPort = config.basePort !== undefined && config.controlPort === 0 ? config.basePort + names.length * names.length : config.controlPort;
  const control = await startControlServer(
    {
      regions: () => ({ regions, topology: config.topology }),
      status: () => ({ pendingReplicationWork: replicator.pendingWork, webhooks: webhooks.stats, faults: faults.list().length }),
      faults: () => faults.list(),
      addFault,
      removeFault: (id) => faults.remove(id),
      clearFaults: (region) => faults.clear(region),
      groundTruth: (filter) => groundTruth.list(filter),
      toEpochMs: (t) => clock.toEpochMs(t),
      now: () => clock.now(),
      ...(opts.crash !== undefined ? { crash: opts.crash } : {}),
    },
    { port: defaultPort },
  ).catch(async (err: unknown) => {
    await Promise.allSettled(closers.map(async (c) => c()));
    linkClock.close();
    throw new ConfigError(`the lab could not listen on its control port ${defaultPort}: ${(err as Error).message}`, { cause: err });
  });

  let closing: Promise<void> | undefined;
  const closeAll = async (): Promise<void> => {
    unsubscribe();
    replicator.close();
    // Ports, control endpoint and webhooks are independent: close them at once (the region ports
    // reset their connections in this very turn, so no client keeps writing into a closing lab).
    await Promise.allSettled([...closers.map((c) => c()), control.close(), webhooks.close()]);
    await replicator.idle();
    await Promise.allSettled([...stores.values()].map((s) => s.close()));
    linkClock.close();
    // A server's 'close' comes before libuv closes its handle (end of a loop turn): let those run,
    // so no lab handle is left once close() resolves.
    await settleTurns(2);
  };
  return {
    config,
    regions,
    endpointFor(server, client = server) {
      const l = listeners.get(server);
      if (l === undefined) throw new ConfigError(`unknown region "${server}" (regions: ${names.join(', ')})`);
      if (!names.includes(client)) throw new ConfigError(`unknown client region "${client}" (regions: ${names.join(', ')})`);
      return l.url(client);
    },
    controlUrl: control.url,
    groundTruth,
    clock,
    store(region) {
      const s = stores.get(region);
      if (s === undefined) throw new ConfigError(`unknown region "${region}"`);
      return s;
    },
    setFault,
    clearFault: (id) => faults.remove(id),
    clearFaults: (region) => faults.clear(region),
    faults: () => faults.list(),
    webhookStats: webhooks.stats,
    async settled() {
      await replicator.idle();
      await webhooks.flush();
    },
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
}

function isLabConfig(x: LabConfig | LabConfigInput): x is LabConfig {
  return typeof x === 'object' && x !== null && 'localRttMs' in x && 'controlPort' in x;
}
