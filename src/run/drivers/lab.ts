/**
 * The lab driver: the embedded multi-region lab, started here in its own
 * thread (lab-thread.ts; in-process on request), on the run's clock, so ground
 * truth and our measurements are on one time line. A worker in region W
 * reaches endpoint E through E's port for client region W, so every request
 * pays the W↔E link's RTT and bandwidth. The lab has no authentication: its
 * clients never send credentials. Every client gets the scenario's request
 * budget (`requests`).
 */
import type { LabConfig } from '../../lab/lab-config.ts';
import { startLab, type LabRegionInfo } from '../../lab/lab.ts';
import type { HealthInterval } from '../../measure/harness-health.ts';
import type { ResolvedScenario } from '../../scenario/resolved.ts';
import type { DriverOptions, EndpointClientOptions, OpenTarget, TargetDriver } from '../driver.ts';
import { startLabThread } from '../lab-thread.ts';
import { registryParts } from './registry.ts';

const ANONYMOUS: EndpointClientOptions = { credentials: { kind: 'anonymous' }, env: {} };

/** A started lab, in this process or its own thread: what the driver needs of either. */
interface StartedLab {
  readonly regions: readonly LabRegionInfo[];
  endpointFor(server: string, client: string): string;
  close(): Promise<void>;
  /** Ground truth, and (thread) the clock check, health and death hooks. */
  readonly hooks: Pick<OpenTarget, 'truthLagMs' | 'clockCheck' | 'onHealth' | 'flushHealth' | 'onDied'>;
}

async function startInProcess(config: LabConfig, now: () => number): Promise<StartedLab> {
  const lab = await startLab(config, { now });
  return {
    regions: lab.regions,
    endpointFor: (server, client) => lab.endpointFor(server, client),
    close: () => lab.close(),
    hooks: {
      truthLagMs(repo, digest, region) {
        const e = lab.groundTruth.get(repo, digest, region);
        return e?.state.status === 'pullable' ? e.state.atMs - e.committedAtMs : undefined;
      },
    },
  };
}

async function startInThread(config: LabConfig, now: () => number): Promise<StartedLab> {
  let healthSink: ((interval: HealthInterval) => void) | undefined;
  const lab = await startLabThread(config, { now, onHealth: (i) => healthSink?.(i) });
  return {
    regions: lab.regions,
    endpointFor: (server, client) => lab.endpointFor(server, client),
    close: () => lab.close(),
    hooks: {
      truthLagMs: (repo, digest, region) => lab.truthLagMs(repo, digest, region),
      clockCheck: lab.clockCheck,
      onHealth: (sink) => (healthSink = sink),
      flushHealth: () => lab.flushHealth(),
      onDied: (listener) => lab.onDied(listener),
    },
  };
}

export const labDriver: TargetDriver = {
  async open(scenario: ResolvedScenario, opts: DriverOptions): Promise<OpenTarget> {
    const target = scenario.target;
    if (target.kind !== 'lab') throw new Error(`the lab driver opened a ${target.kind} target`);
    const clientOptions = (): EndpointClientOptions => ({ ...ANONYMOUS, insecure: true, ...scenario.requests });
    const lab = await (opts.labInProcess === true ? startInProcess : startInThread)(target.config, opts.now);
    const storageHosts = storageHostsOf(lab.regions);
    const parts = registryParts(scenario, { urlFor: (server, client) => lab.endpointFor(server, client), clientOptions }, opts.now);
    return {
      ...parts,
      recordsHarness: true,
      ...(storageHosts !== undefined ? { storageHosts } : {}),
      ...lab.hooks,
      close: async () => {
        await parts.close();
        await lab.close();
      },
    };
  },
};

/** The lab's storage hosts (dataEndpoints on) as host:port → region; undefined when it serves blobs itself. */
export function storageHostsOf(regions: readonly LabRegionInfo[]): Record<string, string> | undefined {
  const hosts: Record<string, string> = {};
  for (const r of regions) for (const url of Object.values(r.storageEndpoints ?? {})) hosts[new URL(url).host] = r.name;
  return Object.keys(hosts).length > 0 ? hosts : undefined;
}
