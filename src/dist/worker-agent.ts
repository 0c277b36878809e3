/**
 * `replbench worker`: connects out to the coordinator, says hello for its
 * region, answers clock exchanges, runs the tasks it receives — with an
 * InProcessWorker and an InProcessLoadWorker built from the endpoints of the
 * setup task — and streams back results and load intervals, until the
 * coordinator says bye or the connection is lost.
 *
 * Credentials: the setup task names how each endpoint authenticates (which
 * environment variable, which Docker config); the agent reads them from its
 * own environment. Its clock is the wall clock with sub-ms resolution
 * (performance.timeOrigin + performance.now()); the coordinator measures the
 * offset to it.
 */
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { AbortedError, describeError, UsageError } from '../errors.ts';
import { errorCodeOf } from '../events/index.ts';
import { HealthMonitor } from '../measure/harness-health.ts';
import { InProcessWorker } from '../measure/in-process-worker.ts';
import type { LoadInterval } from '../measure/load-types.ts';
import { InProcessLoadWorker, type LoadEndpoint } from '../measure/load-worker.ts';
import { RegistryClient } from '../oci/client.ts';
import { replbenchVersion } from '../run/environment.ts';
import { credentialsFor, type Env } from '../scenario/credentials.ts';
import { NdjsonChannel } from './ndjson-channel.ts';
import { parseCoordinatorMessage, PROTOCOL_VERSION, type CoordinatorMessage, type WorkerMessage } from './protocol.ts';
import type { EndpointSpec, Task, TaskResult } from './protocol-tasks.ts';
import type { ResolvedRequests } from '../scenario/resolved.ts';
import { connectToCoordinator } from './worker-connect.ts';

export interface WorkerAgentOptions {
  readonly region: string;
  readonly coordinator: string;
  readonly token: string;
  /** Where credentials come from (default process.env). */
  readonly env?: Env;
  /** The worker's clock in ms (default: wall clock, sub-ms). */
  readonly now?: () => number;
  readonly connectTimeoutMs?: number;
  /** Stops the agent now: tasks in flight are cancelled, the connection closed (the coordinator sees the worker lost). */
  readonly signal?: AbortSignal;
  /**
   * Stops the agent gracefully: new tasks are refused (failed, E_ABORTED), tasks in
   * flight may finish and send their results for `graceMs`, then the connection closes.
   */
  readonly stopSignal?: AbortSignal;
  /** Default 5 s. */
  readonly graceMs?: number;
  /** One line per notable event (no secrets). */
  readonly log?: (line: string) => void;
}

export interface WorkerAgentResult {
  /** True when the coordinator ended the session (bye). */
  readonly clean: boolean;
  readonly reason: string;
  readonly tasks: number;
}

/** How long tasks in flight may finish after a graceful stop. */
export const DEFAULT_STOP_GRACE_MS = 5_000;

export const wallClockMs = (): number => performance.timeOrigin + performance.now();

export async function runWorkerAgent(opts: WorkerAgentOptions): Promise<WorkerAgentResult> {
  const log = opts.log ?? ((): void => undefined);
  const now = opts.now ?? wallClockMs;
  let retries = 0;
  const { socket, head } = await connectToCoordinator({
    coordinator: opts.coordinator,
    token: opts.token,
    ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    ...connectSignal(opts),
    onRetry: (why) => void (retries++ % 10 === 0 && log(`waiting for the coordinator: ${why}`)),
  });
  const runner = new TaskRunner(opts.region, now, opts.env ?? process.env);
  const controllers = new Map<number, AbortController>();
  let tasks = 0;
  let bye: string | undefined;
  // This process's own precision (event-loop delay, CPU), sent once a second while joined.
  let health: HealthMonitor | undefined;
  let stopping: string | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  return new Promise<WorkerAgentResult>((resolve) => {
    const onAbort = (): void => channel.close(`the worker was stopped${reasonText(opts.signal)}`);
    const closeIfIdle = (): void => {
      if (stopping !== undefined && controllers.size === 0) channel.close(`the worker was stopped (${stopping}) with no task in flight`);
    };
    const onStop = (): void => {
      if (stopping !== undefined) return;
      stopping = reasonText(opts.stopSignal).replace(/^: /, '') || 'stopped';
      const inFlight = controllers.size;
      if (inFlight === 0) return closeIfIdle();
      const graceMs = opts.graceMs ?? DEFAULT_STOP_GRACE_MS;
      log(`stopping (${stopping}): ${inFlight} task(s) in flight get ${graceMs / 1000} s to finish; new tasks are refused`);
      graceTimer = setTimeout(() => channel.close(`the worker was stopped (${stopping}); ${controllers.size} task(s) still in flight after the ${graceMs} ms grace period were cancelled`), graceMs);
      graceTimer.unref();
    };
    const channel = new NdjsonChannel<CoordinatorMessage, WorkerMessage>({
      socket,
      head,
      parse: parseCoordinatorMessage,
      onMessage: (m) => {
        switch (m.type) {
          case 'welcome':
            health ??= new HealthMonitor({ now, onInterval: (interval) => channel.send({ v: PROTOCOL_VERSION, type: 'health', interval }) });
            health.start();
            return log(`joined the coordinator ${opts.coordinator} as ${m.region}`);
          case 'reject':
            return channel.close(`the coordinator refused this worker: ${m.reason}`);
          case 'time-request': {
            const t1 = now();
            channel.send({ v: PROTOCOL_VERSION, type: 'time-reply', id: m.id, t1, t2: now() });
            return;
          }
          case 'cancel':
            return controllers.get(m.taskId)?.abort();
          case 'bye':
            bye = m.reason;
            health?.stop();
            return channel.close(`bye: ${m.reason}`);
          case 'heartbeat':
            return;
          case 'task': {
            if (stopping !== undefined) {
              channel.send({ v: PROTOCOL_VERSION, type: 'failed', taskId: m.taskId, code: 'E_ABORTED', message: `worker ${opts.region} is stopping (${stopping}): task refused` });
              return;
            }
            tasks++;
            const ac = new AbortController();
            controllers.set(m.taskId, ac);
            const onInterval = (interval: LoadInterval): void => {
              channel.send({ v: PROTOCOL_VERSION, type: 'load-interval', taskId: m.taskId, interval });
            };
            runner
              .run(m.task, ac.signal, onInterval)
              .then((result) => channel.send({ v: PROTOCOL_VERSION, type: 'result', taskId: m.taskId, result }))
              .catch((err: unknown) => {
                channel.send({ v: PROTOCOL_VERSION, type: 'failed', taskId: m.taskId, code: errorCodeOf(err), message: describeError(err).slice(0, 4000) });
              })
              .finally(() => {
                controllers.delete(m.taskId);
                closeIfIdle();
              });
            return;
          }
        }
      },
      onClose: (reason) => {
        health?.stop();
        opts.signal?.removeEventListener('abort', onAbort);
        opts.stopSignal?.removeEventListener('abort', onStop);
        if (graceTimer !== undefined) clearTimeout(graceTimer);
        for (const ac of controllers.values()) ac.abort();
        void runner.close().finally(() => resolve({ clean: bye !== undefined, reason: bye ?? reason, tasks }));
      },
    });
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    opts.stopSignal?.addEventListener('abort', onStop, { once: true });
    if (opts.signal?.aborted) onAbort();
    else if (opts.stopSignal?.aborted) onStop();
    channel.send({
      v: PROTOCOL_VERSION,
      type: 'hello',
      region: opts.region,
      agent: { host: hostname(), pid: process.pid, version: replbenchVersion(), node: process.version },
    });
  });
}

/** Connecting stops on either signal: there is nothing in flight yet. */
function connectSignal(opts: WorkerAgentOptions): { signal?: AbortSignal } {
  const signals = [opts.signal, opts.stopSignal].filter((s): s is AbortSignal => s !== undefined);
  if (signals.length === 0) return {};
  return { signal: signals.length === 1 ? (signals[0] as AbortSignal) : AbortSignal.any(signals) };
}

/** ": interrupted (SIGTERM)" from a signal's string reason; empty without one. */
function reasonText(signal: AbortSignal | undefined): string {
  const r: unknown = signal?.reason;
  return typeof r === 'string' && r !== '' ? `: ${r}` : '';
}

/** Runs tasks with the workers built from the setup task. */
class TaskRunner {
  readonly #region: string;
  readonly #now: () => number;
  readonly #env: Env;
  #worker: InProcessWorker | undefined;
  #loader: InProcessLoadWorker | undefined;

  constructor(region: string, now: () => number, env: Env) {
    this.#region = region;
    this.#now = now;
    this.#env = env;
  }

  async run(task: Task, signal: AbortSignal, onInterval: (i: LoadInterval) => void): Promise<TaskResult> {
    if (task.kind === 'setup') {
      await this.close();
      this.#setup(task.endpoints, task.probeRatePerSecond, task.requests);
      return { kind: 'setup' };
    }
    const worker = this.#worker;
    const loader = this.#loader;
    if (worker === undefined || loader === undefined) throw new UsageError(`worker ${this.#region} received a ${task.kind} task before its setup`);
    switch (task.kind) {
      case 'rtt':
        return { kind: 'rtt', rtt: await worker.measureRtt(task.endpoint, signal) };
      case 'watch':
        return { kind: 'watch', result: await worker.watch(task.task, signal) };
      case 'pull': {
        const results = await worker.pull(task.task, signal);
        if (signal.aborted) throw new AbortedError('the pull was cancelled');
        return { kind: 'pull', results };
      }
      case 'load':
        return { kind: 'load', totals: await loader.load(task.task, { signal, onInterval }) };
    }
  }

  #setup(endpoints: Readonly<Record<string, EndpointSpec>>, probeRatePerSecond: number | null, requests: ResolvedRequests | undefined): void {
    const credentials = new Map(Object.entries(endpoints).map(([name, e]) => [name, credentialsFor(e.auth, e.host, this.#env).credentials]));
    this.#worker = new InProcessWorker({
      region: this.#region,
      endpoints: Object.fromEntries(Object.entries(endpoints).map(([name, e]) => [name, e.url])),
      now: this.#now,
      createClient: (url, name) =>
        new RegistryClient({ endpoint: url, insecure: endpoints[name]?.insecure ?? false, credentials: credentials.get(name) ?? { kind: 'anonymous' }, env: {}, now: this.#now, ...requests }),
      ...(probeRatePerSecond !== null ? { probeRatePerSecond } : {}),
    });
    const loadEndpoints: Record<string, LoadEndpoint> = {};
    for (const [name, e] of Object.entries(endpoints)) loadEndpoints[name] = { url: e.url, insecure: e.insecure, credentials: credentials.get(name) ?? { kind: 'anonymous' } };
    this.#loader = new InProcessLoadWorker({ region: this.#region, endpoints: loadEndpoints, now: this.#now });
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    this.#loader = undefined;
    await w?.close();
  }
}
