/**
 * The run's workers in remote mode (`workers.mode: remote`), a wrapper over
 * any registry driver's target: the coordinator listens, the expected workers
 * join, each gets its clock offset measured and the target's endpoints as its
 * region sees them (for the lab: the ports for its own client region), and a
 * RemoteWorker stands in for it wherever the runner asks for a worker. The CLI
 * hands remoteWorkers(...) to the runner (RunScenarioOptions.remoteWorkers).
 *
 * Replication watches run where `replication.watchFrom` says: on each
 * region's worker (its offset corrected, see remote-worker.ts), or here on the
 * coordinator — one clock, reaching every replica from the coordinator's
 * place (the driver's worker in the origin region), corrected by RTT/2.
 * The target's pusher always runs here.
 */
import { performance } from 'node:perf_hooks';
import { ConfigError } from '../errors.ts';
import type { LoadWorker } from '../measure/load-types.ts';
import type { Worker } from '../measure/worker.ts';
import { registerSecret } from '../redact.ts';
import { healthRecord } from '../run/health-record.ts';
import type { RunRecorder } from '../run/recorder.ts';
import type { OpenTarget, RegistryEndpoints } from '../run/driver.ts';
import type { RemoteWorkersFactory, RunWorkers } from '../run/workers.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import type { ClockOffset } from './clock-offset.ts';
import { Coordinator, type ListenAddress } from './coordinator.ts';
import type { EndpointSpec } from './protocol-tasks.ts';
import { RemoteWorker } from './remote-worker.ts';
import { MIN_TOKEN_LENGTH, WORKER_TOKEN_ENV } from './token-compare.ts';
import type { WorkerSession } from './worker-session.ts';

/** The name of the coordinator's own watcher (watchFrom: coordinator) in RTT tables and messages. */
export const COORDINATOR_WATCHER = 'coordinator';

export interface RemoteClientsOptions {
  readonly listen?: ListenAddress;
  readonly token: string;
  /** Stops waiting for workers. */
  readonly signal?: AbortSignal;
  /** Wall-clock ms at run-clock 0 (default performance.timeOrigin, right for the default run clock). */
  readonly epochBaseMs?: number;
  readonly clockRounds?: number;
  readonly onListening?: (url: string) => void;
  /** Joins, refusals, losses: one line each, no secrets. */
  readonly log?: (line: string) => void;
}

/** The endpoints a region's worker uses, as seen from that region, with their auth references. */
export function endpointSpecsFor(scenario: ResolvedScenario, target: Pick<RegistryEndpoints, 'urlFor'>, region: string): Record<string, EndpointSpec> {
  const specs: Record<string, EndpointSpec> = {};
  for (const e of scenario.regions) {
    const url = target.urlFor(e, region);
    const t = scenario.target;
    if (t.kind === 'lab') {
      specs[e] = { url, host: new URL(url).host, insecure: true, auth: { kind: 'anonymous' } };
    } else if (t.kind === 'oci') {
      const r = t.regions.find((x) => x.name === e);
      specs[e] = { url, host: r?.host ?? new URL(url).host, insecure: r?.insecure ?? false, auth: t.auth };
    } else {
      throw new ConfigError(`${scenario.source}: workers.mode: remote workers measure registries (lab, oci, acr targets), found a ${t.kind} target`);
    }
  }
  return specs;
}

/** The runner's remoteWorkers option: the token read when the run asks for the workers (a ConfigError naming the variable when there is none). */
export function remoteWorkers(opts: CoordinatorRunOptions & { readonly env: Readonly<Record<string, string | undefined>> }): RemoteWorkersFactory {
  return ({ scenario, target, now, signal }) => {
    const token = workerTokenFrom(opts.token, opts.env);
    const { env: _env, ...rest } = opts;
    return createRemoteRunClients(scenario, target, now, { ...rest, token, signal });
  };
}

export async function createRemoteRunClients(scenario: ResolvedScenario, target: OpenTarget, now: () => number, opts: RemoteClientsOptions): Promise<RunWorkers> {
  const registry = target.registry;
  if (registry === undefined) throw new ConfigError(`${scenario.source}: workers.mode: remote workers measure registries (lab, oci, acr targets), found a ${scenario.target.kind} target`);
  const log = opts.log ?? ((): void => undefined);
  const epochBaseMs = opts.epochBaseMs ?? performance.timeOrigin;
  const lost: { region: string; reason: string }[] = [];
  let recorder: RunRecorder | undefined;
  const coordinator = await Coordinator.start({
    ...(opts.listen ? { listen: opts.listen } : {}),
    token: opts.token,
    now: () => now() + epochBaseMs,
    regions: scenario.workers.expect,
    onJoin: (s) => log(`worker ${s.region} joined (${s.agent.host}, pid ${s.agent.pid})`),
    onReject: (why) => log(`refused a worker: ${why}`),
    onLost: (s, reason) => {
      log(`worker ${s.region} lost: ${reason}`);
      if (recorder !== undefined) recorder.record({ type: 'worker-lost', region: s.region, reason });
      else lost.push({ region: s.region, reason });
    },
  });
  const closers: (() => Promise<void>)[] = [() => coordinator.close()];
  const closeAll = async (): Promise<void> => void (await Promise.allSettled(closers.map((c) => c())));
  try {
    opts.onListening?.(coordinator.url);
    const sessions = await coordinator.waitFor(scenario.workers.expect, scenario.workers.joinTimeoutMs, opts.signal);
    coordinator.seal('the run has started');
    const offsets = new Map<string, ClockOffset>();
    await Promise.all(
      [...sessions.values()].map(async (s: WorkerSession) => {
        offsets.set(s.region, await s.measureOffset(opts.clockRounds, opts.signal));
        await s.call({
          kind: 'setup',
          endpoints: endpointSpecsFor(scenario, registry, s.region),
          probeRatePerSecond: scenario.replication.maxProbesPerSecPerRegion,
          requests: scenario.requests,
        });
      }),
    );
    const remotes = new Map<string, RemoteWorker>([...sessions].map(([r, s]) => [r, new RemoteWorker(s, epochBaseMs)]));
    let watcher: Worker | undefined;
    if (scenario.replication.watchFrom === 'coordinator') {
      const w = target.workerIn(scenario.origin, COORDINATOR_WATCHER);
      closers.push(() => w.close());
      watcher = w;
    }
    const remote = (region: string): RemoteWorker => {
      const w = remotes.get(region);
      if (w === undefined) throw new Error(`no remote worker for region "${region}" (workers.expect: ${scenario.workers.expect.join(', ')})`);
      return w;
    };
    return {
      workers: remotes as ReadonlyMap<string, Worker>,
      workerFor: remote,
      watcherFor: (region: string): Worker => watcher ?? remote(region),
      loaderFor: (region: string): LoadWorker => remote(region),
      attach(r: RunRecorder | undefined) {
        recorder = r;
        if (r === undefined) {
          for (const s of sessions.values()) s.onHealth(undefined);
          return;
        }
        for (const s of sessions.values()) {
          r.record({ type: 'worker-joined', region: s.region, host: s.agent.host, pid: s.agent.pid, version: s.agent.version });
          const o = offsets.get(s.region);
          if (o !== undefined) {
            r.record({ type: 'clock-offset', worker: s.region, offsetUs: Math.round(o.offsetMs * 1000), uncertaintyUs: Math.round(o.uncertaintyMs * 1000), rttUs: Math.round(o.rttMs * 1000), rounds: o.rounds });
          }
        }
        for (const l of lost.splice(0)) r.record({ type: 'worker-lost', region: l.region, reason: l.reason });
        // Each worker is a process of its own: its records carry its CPU, at its interval's start on the run clock.
        for (const [region, s] of sessions) {
          const w = remote(region);
          s.onHealth((i) => r.record(healthRecord(`worker:${region}`, i, true), w.toRunMs(i.startMs)));
        }
      },
      close: closeAll,
    };
  } catch (err: unknown) {
    await closeAll();
    throw err;
  }
}

/** What `replbench run --listen` passes to the runner for remote workers. */
export interface CoordinatorRunOptions {
  readonly listen?: ListenAddress;
  /** Default: $REPLBENCH_WORKER_TOKEN. */
  readonly token?: string;
  readonly onListening?: (url: string) => void;
  readonly log?: (line: string) => void;
}

/** The worker token: given, else from the environment; a ConfigError naming the variable when there is none. */
export function workerTokenFrom(given: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const token = given ?? env[WORKER_TOKEN_ENV];
  if (token === undefined || token === '') {
    throw new ConfigError(`workers.mode: remote needs the shared worker token in the environment variable ${WORKER_TOKEN_ENV} (at least ${MIN_TOKEN_LENGTH} characters)`);
  }
  registerSecret(token);
  return token;
}
