/**
 * The lab driver: the embedded multi-region lab, started here in its own
 * thread (lab-thread.ts; in-process on request), on the run's clock, so ground
 * truth and our measurements are on one time line. A worker in region W
 * reaches endpoint E through E's port for client region W, so every request
 * pays the W↔E link's RTT and bandwidth. The lab has no authentication: its
 * clients never send credentials. Every client gets the scenario's request
 * budget (`requests`).
 */
import { startLab, type LabRegionInfo } from '../../lab/lab.ts';
import type { HealthInterval } from '../../measure/harness-health.ts';
import type { ResolvedScenario } from '../../scenario/resolved.ts';
import type { DriverOptions, EndpointClientOptions, OpenTarget, TargetDriver } from '../driver.ts';
import { startLabThread } from '../lab-thread.ts';
import { registryParts } from './registry.ts';

const ANONYMOUS: EndpointClientOptions = { credentials: { kind: 'anonymous' }, env: {} };

export const labDriver: TargetDriver = {
  async open(scenario: ResolvedScenario, opts: DriverOptions): Promise<OpenTarget> {
    const target = scenario.target;
    if (target.kind !== 'lab') throw new Error(`the lab driver opened a ${target.kind} target`);
    const clientOptions = (): EndpointClientOptions => ({ ...ANONYMOUS, insecure: true, ...scenario.requests });
    if (opts.labInProcess === true) {
      const lab = await startLab(target.config, { now: opts.now });
      const storageHosts = storageHostsOf(lab.regions);
      const parts = registryParts(scenario, { urlFor: (server, client) => lab.endpointFor(server, client), clientOptions }, opts.now);
      return {
        ...parts,
        recordsHarness: true,
        ...(storageHosts !== undefined ? { storageHosts } : {}),
        truthLagMs(repo, digest, region) {
          const e = lab.groundTruth.get(repo, digest, region);
          return e?.state.status === 'pullable' ? e.state.atMs - e.committedAtMs : undefined;
        },
        close: async () => {
          await parts.close();
          await lab.close();
        },
      };
    }
    let healthSink: ((interval: HealthInterval) => void) | undefined;
    const lab = await startLabThread(target.config, { now: opts.now, onHealth: (i) => healthSink?.(i) });
    const storageHosts = storageHostsOf(lab.regions);
    const parts = registryParts(scenario, { urlFor: (server, client) => lab.endpointFor(server, client), clientOptions }, opts.now);
    return {
      ...parts,
      recordsHarness: true,
      ...(storageHosts !== undefined ? { storageHosts } : {}),
      truthLagMs: (repo, digest, region) => lab.truthLagMs(repo, digest, region),
      clockCheck: lab.clockCheck,
      onHealth: (sink) => (healthSink = sink),
      flushHealth: () => lab.flushHealth(),
      onDied: (listener) => lab.onDied(listener),
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
