/**
 * What a run talks to, as one interface with a driver per target kind (the
 * regclient scheme.API / oras-go content.Storage pattern): the runner opens the
 * scenario's target through its driver (drivers/index.ts) and from then on
 * knows only this interface — a preflight, a pusher for the origin, a worker
 * in any client region, optional ground truth and signal sources, close.
 *
 * Adding a target (S3 replication, Harbor replication) is one driver file in
 * drivers/ and its line in drivers/index.ts; nothing in the phases changes.
 */
import type { HealthInterval } from '../measure/harness-health.ts';
import type { LoadWorker } from '../measure/load-types.ts';
import type { RttEstimate } from '../measure/rtt.ts';
import type { Worker } from '../measure/worker.ts';
import type { RegistryClientOptions } from '../oci/client.ts';
import type { Env } from '../scenario/credentials.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import type { ClockCheck } from './lab-thread.ts';
import type { PushedImage, Pusher } from './push-phase.ts';
import type { RunRecorder } from './recorder.ts';

/** Client options a run sets per endpoint (endpoint URL and clock are the caller's). */
export type EndpointClientOptions = Omit<RegistryClientOptions, 'endpoint' | 'now'>;

export interface DriverOptions {
  /** The run's clock (ms); the lab's replication and ground truth use it too. */
  readonly now: () => number;
  /** The run's id (the blob target names its objects after it). */
  readonly runId: string;
  readonly env?: Env;
  /** Run the lab on the caller's event loop instead of its own thread (for comparison and diagnosis). */
  readonly labInProcess?: boolean;
}

export interface TargetDriver {
  /** Opens the target: checks what the target cannot do first, then starts or reaches it. Throws before anything is measured. */
  open(scenario: ResolvedScenario, opts: DriverOptions): Promise<OpenTarget>;
}

/** OCI Distribution endpoints (lab, oci): what remote workers, other push streams and write checks reach. */
export interface RegistryEndpoints {
  /** Base URL of `server`'s registry for a client in `client`. */
  urlFor(server: string, client: string): string;
  clientOptions(server: string): EndpointClientOptions;
}

/** A source of replication signals besides the probes (the blob source's x-ms-or-* status). */
export interface SignalSource {
  /** An image committed at the origin; `commitOneWayDelayMs` places its commit point. */
  start(image: PushedImage, commitOneWayDelayMs: number): void;
  /** Resolves when every expectation is met or timed out (at once after `abort`). */
  settled(abort: AbortSignal): Promise<void>;
}

/** What the target does while the event log is open (from run-start to just before it closes). */
export interface TargetSession {
  readonly signal?: SignalSource;
  stop(): Promise<void>;
}

export interface OpenTarget {
  /** The origin must answer before anything is created (UnreachableError otherwise); its RTT corrects every commit point. */
  preflight(signal: AbortSignal): Promise<RttEstimate>;
  /** Pushes into the origin, from the origin's region. */
  readonly pusher: Pusher;
  /** A worker reaching every endpoint from `clientRegion`, named `name` in its records (default: the region). */
  workerIn(clientRegion: string, name?: string): Worker;
  /** A load-phase worker in `clientRegion` (registry targets only). */
  loaderIn?(clientRegion: string): LoadWorker;
  /** The registry endpoints, when the target is a registry. */
  readonly registry?: RegistryEndpoints;
  /** The lab only: true lag in ms (pullable − committed, lab clock) once the artifact is pullable there. */
  truthLagMs?(repo: string, digest: string, region: string): number | undefined | Promise<number | undefined>;
  /** host:port → region of the storage hosts the target serves blobs from (the lab with dataEndpoints). */
  readonly storageHosts?: Readonly<Record<string, string>>;
  /** The lab in its own thread: how well its clock matches the run's (lab-thread.ts). */
  readonly clockCheck?: ClockCheck;
  /** The lab in its own thread: where its per-second health goes from now on (undefined: nowhere). */
  onHealth?(sink: ((interval: HealthInterval) => void) | undefined): void;
  /** The lab in its own thread: resolves once its current health interval has reached the sink. */
  flushHealth?(): Promise<void>;
  /** The lab in its own thread: called once with the reason when the thread ends without being asked to. */
  onDied?(listener: (reason: string) => void): void;
  /**
   * Whether the run records the harness's own health (health and machine-load
   * records, run-start's epochMs). The blob target's runs never have: their
   * event logs stay as they were.
   */
  readonly recordsHarness: boolean;
  /** Called once run-start is logged: what the target records itself from then on. */
  start?(recorder: RunRecorder): TargetSession;
  close(): Promise<void>;
}
