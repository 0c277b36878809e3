/**
 * What a run talks to: the URL of each endpoint as seen from each client
 * region, the registry client options for it, and — for the lab only — the
 * ground truth of when each artifact became pullable where.
 *
 * - lab: the embedded lab is started here in its own thread (lab-thread.ts;
 *   in-process on request), on the run's clock, so ground truth and our
 *   measurements are on one time line. A worker in region W
 *   reaches endpoint E through E's port for client region W, so every request
 *   pays the W↔E link's RTT and bandwidth.
 * - oci: one URL per region, the same from every client region (the workers
 *   all run in this process); credentials come from the scenario's auth
 *   reference, read now (a missing variable is a ConfigError).
 *
 * Every client of either gets the scenario's request budget (`requests`).
 */
import { UsageError } from '../errors.ts';
import { startLab, type LabRegionInfo } from '../lab/lab.ts';
import type { HealthInterval } from '../measure/harness-health.ts';
import { startLabThread, type ClockCheck } from './lab-thread.ts';
import type { RegistryClientOptions } from '../oci/client.ts';
import type { Env } from '../scenario/credentials.ts';
import type { ResolvedAuth, ResolvedScenario } from '../scenario/resolved.ts';
import { credentialsFor } from '../scenario/credentials.ts';

/** Client options a run sets per endpoint (endpoint URL and clock are the caller's). */
export type EndpointClientOptions = Omit<RegistryClientOptions, 'endpoint' | 'now'>;

export interface RunTarget {
  readonly kind: 'lab' | 'oci';
  /** Base URL of `server`'s registry for a client in `client`. */
  urlFor(server: string, client: string): string;
  clientOptions(server: string): EndpointClientOptions;
  /** Lab only: true lag in ms (pullable − committed, lab clock) once the artifact is pullable there. */
  truthLagMs?(repo: string, digest: string, region: string): number | undefined | Promise<number | undefined>;
  /** host:port → region of the storage hosts the target serves blobs from (the lab with dataEndpoints). */
  readonly storageHosts?: Readonly<Record<string, string>>;
  /** Lab in its own thread: how well its clock matches the run's (lab-thread.ts). */
  readonly clockCheck?: ClockCheck;
  /** Lab in its own thread: where its per-second health goes from now on (undefined: nowhere). */
  onHealth?(sink: ((interval: HealthInterval) => void) | undefined): void;
  /** Lab in its own thread: resolves once its current health interval has reached the sink. */
  flushHealth?(): Promise<void>;
  /** Lab in its own thread: called once with the reason when the thread ends without being asked to. */
  onDied?(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

export interface OpenTargetOptions {
  /** The run's clock (ms); the lab's replication and ground truth use it too. */
  readonly now: () => number;
  readonly env?: Env;
  /** Run the lab on the caller's event loop instead of its own thread (for comparison and diagnosis). */
  readonly labInProcess?: boolean;
}

/** The lab has no authentication: its clients never send credentials. */
const ANONYMOUS: EndpointClientOptions = { credentials: { kind: 'anonymous' }, env: {} };

export async function openTarget(scenario: ResolvedScenario, opts: OpenTargetOptions): Promise<RunTarget> {
  const target = scenario.target;
  if (target.kind === 'lab' && opts.labInProcess === true) {
    const lab = await startLab(target.config, { now: opts.now });
    const storageHosts = storageHostsOf(lab.regions);
    return {
      kind: 'lab',
      ...(storageHosts !== undefined ? { storageHosts } : {}),
      urlFor: (server, client) => lab.endpointFor(server, client),
      clientOptions: () => ({ ...ANONYMOUS, insecure: true, ...scenario.requests }),
      truthLagMs(repo, digest, region) {
        const e = lab.groundTruth.get(repo, digest, region);
        return e?.state.status === 'pullable' ? e.state.atMs - e.committedAtMs : undefined;
      },
      close: () => lab.close(),
    };
  }
  if (target.kind === 'lab') {
    let healthSink: ((interval: HealthInterval) => void) | undefined;
    const lab = await startLabThread(target.config, { now: opts.now, onHealth: (i) => healthSink?.(i) });
    const storageHosts = storageHostsOf(lab.regions);
    return {
      kind: 'lab',
      ...(storageHosts !== undefined ? { storageHosts } : {}),
      urlFor: (server, client) => lab.endpointFor(server, client),
      clientOptions: () => ({ ...ANONYMOUS, insecure: true, ...scenario.requests }),
      truthLagMs: (repo, digest, region) => lab.truthLagMs(repo, digest, region),
      clockCheck: lab.clockCheck,
      onHealth: (sink) => (healthSink = sink),
      flushHealth: () => lab.flushHealth(),
      onDied: (listener) => lab.onDied(listener),
      close: () => lab.close(),
    };
  }
  if (target.kind === 'blob') throw new UsageError('a blob target is run by src/blob/blob-runner.ts, not through registry endpoints');
  const byName = new Map(target.regions.map((r) => [r.name, r]));
  const env = opts.env ?? process.env;
  const options = new Map(target.regions.map((r) => [r.name, { ...authOptions(target.auth, r.host, env), insecure: r.insecure, ...scenario.requests }]));
  const region = (name: string): NonNullable<ReturnType<typeof byName.get>> => {
    const r = byName.get(name);
    if (r === undefined) throw new Error(`no endpoint for region "${name}" in the scenario's target`);
    return r;
  };
  return {
    kind: 'oci',
    urlFor: (server) => region(server).endpoint,
    clientOptions: (server) => options.get(region(server).name) as EndpointClientOptions,
    close: async () => undefined,
  };
}

/** The lab's storage hosts (dataEndpoints on) as host:port → region; undefined when it serves blobs itself. */
export function storageHostsOf(regions: readonly LabRegionInfo[]): Record<string, string> | undefined {
  const hosts: Record<string, string> = {};
  for (const r of regions) for (const url of Object.values(r.storageEndpoints ?? {})) hosts[new URL(url).host] = r.name;
  return Object.keys(hosts).length > 0 ? hosts : undefined;
}

/**
 * The scenario's auth as RegistryClient options: the credentials resolved now
 * (ConfigError when a named variable is missing), handed to the client
 * explicitly, so neither REPLBENCH_* nor a Docker config it was not told about
 * can change who it signs in as.
 */
export function authOptions(auth: ResolvedAuth, host: string, env: Env): EndpointClientOptions {
  return { credentials: credentialsFor(auth, host, env).credentials, env: {} };
}
