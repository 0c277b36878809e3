/**
 * The run's clients: one in-process worker per region (it reaches every
 * endpoint through the URL for its own client region, so in the lab each
 * request pays that link's RTT) and the pusher, a client in the origin region
 * talking to the origin. Workers sit behind the Worker interface so a remote
 * worker can take a region's place later.
 */
import { InProcessWorker } from '../measure/in-process-worker.ts';
import type { LoadWorker } from '../measure/load-types.ts';
import { InProcessLoadWorker, loadEndpointOf } from '../measure/load-worker.ts';
import type { Worker } from '../measure/worker.ts';
import { RegistryClient } from '../oci/client.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import type { RunRecorder } from './recorder.ts';
import type { RunTarget } from './target.ts';

export interface RunClients {
  readonly pusher: RegistryClient;
  /** By region name: every region of the scenario has one. */
  readonly workers: ReadonlyMap<string, Worker>;
  workerFor(region: string): Worker;
  /** Who watches a replica region (default workerFor; remote runs may watch from the coordinator, src/dist/remote-clients.ts). */
  watcherFor?(region: string): Worker;
  /** Who drives the load phase from a region. */
  loaderFor?(region: string): LoadWorker;
  /** Called once the event log is open (remote runs log joins, clock offsets, lost workers and their health), and with undefined before it closes. */
  attach?(recorder: RunRecorder | undefined): void;
  close(): Promise<void>;
}

export function createRunClients(scenario: ResolvedScenario, target: RunTarget, now: () => number): RunClients {
  const origin = scenario.origin;
  const pusher = new RegistryClient({ ...target.clientOptions(origin), endpoint: target.urlFor(origin, origin), now });
  const probeRate = scenario.replication.maxProbesPerSecPerRegion;
  const workers = new Map<string, Worker>();
  for (const region of scenario.regions) {
    const endpoints = Object.fromEntries(scenario.regions.map((e) => [e, target.urlFor(e, region)]));
    workers.set(
      region,
      new InProcessWorker({
        region,
        endpoints,
        now,
        createClient: (url, endpoint) => new RegistryClient({ ...target.clientOptions(endpoint), endpoint: url, now }),
        ...(probeRate !== null ? { probeRatePerSecond: probeRate } : {}),
      }),
    );
  }
  return {
    pusher,
    workers,
    workerFor(region) {
      const w = workers.get(region);
      if (w === undefined) throw new Error(`no worker for region "${region}"`);
      return w;
    },
    loaderFor(region) {
      const endpoints = Object.fromEntries(scenario.regions.map((e) => [e, loadEndpointOf(target.urlFor(e, region), target.clientOptions(e))]));
      return new InProcessLoadWorker({ region, endpoints, now });
    },
    async close() {
      await Promise.allSettled([pusher.close(), ...[...workers.values()].map((w) => w.close())]);
    },
  };
}
