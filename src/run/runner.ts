/**
 * runScenario: one run of a scenario, from nothing to reports/<run-id>/.
 *
 *   plan images → open the target (start the lab) → preflight the origin →
 *   create the run dir, log run-start → phases (run-phases.ts) → run-end →
 *   close the target → fold events.jsonl → write every report → point
 *   reports/latest at it
 *
 * The reports are folded from the event log on disk and nothing else
 * (report/files.ts rerender), so `replbench report <run-dir>` writes the same
 * bytes. A stop or a fatal error still ends with run-end (complete: false)
 * and the reports. Only failures before the run directory exists — a bad
 * scenario, a lab that cannot listen, an origin that does not answer — throw.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeError, UnreachableError, type WriteError } from '../errors.ts';
import { realClock } from '../time/real-clock.ts';
import { HealthMonitor, type HealthInterval } from '../measure/harness-health.ts';
import { measureRtt, pingLatencyOf, type RttEstimate } from '../measure/rtt.ts';
import type { RegistryClient } from '../oci/client.ts';
import type { Report } from '../report/report.ts';
import type { Env } from '../scenario/credentials.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { runEnvironment } from './environment.ts';
import { EVENT_LOG_FILE } from '../events/log.ts';
import { finishRun } from './finish-run.ts';
import { healthRecord, machineLoadRecord } from './health-record.ts';
import { MachineLoadSampler } from '../measure/machine-load.ts';
import { EVENT_LOG_VERSION } from '../events/index.ts';
import type { ProgressListener } from './progress.ts';
import { PROBE_TRACE_FILE, ProbeTraceLog } from './probe-trace-log.ts';
import { RunRecorder } from './recorder.ts';
import { createRunDir } from './run-dir.ts';
import { runIdFor } from './run-id.ts';
import { planWorkload } from './plan-workload.ts';
import { runPhases } from './run-phases.ts';
import { startRunExtras } from './run-extras.ts';
import { runBlobScenario } from '../blob/blob-runner.ts';
import type { RttTable } from './rtt-phase.ts';
import { StopControl } from './stop-control.ts';
import { openTarget } from './target.ts';
import { createRunClients } from './workers.ts';
import { createRemoteRunClients, workerTokenFrom, type CoordinatorRunOptions } from '../dist/remote-clients.ts';

export interface RunScenarioOptions {
  /** Fires: start nothing new, give work in flight `graceMs`, then abort it (the first SIGINT). */
  readonly signal?: AbortSignal;
  /** Fires: abort work in flight at once (the second SIGINT). */
  readonly abortSignal?: AbortSignal;
  /** Default 5 s. */
  readonly graceMs?: number;
  /** The run's monotonic clock in ms (default performance.now); the lab shares it. */
  readonly now?: () => number;
  /** Wall clock for the run id and the ISO stamps (default new Date()). */
  readonly date?: () => Date;
  readonly onProgress?: ProgressListener;
  /** Where run directories go (default: the scenario's report.dir). */
  readonly reportsDir?: string;
  /** Environment for credentials (default process.env). */
  readonly env?: Env;
  /** Run the lab on this event loop instead of its own thread (comparison, diagnosis). */
  readonly labInProcess?: boolean;
  /** Write every probe's times to probes.jsonl in the run directory (diagnosis; see probe-trace-log.ts). */
  readonly probeTrace?: boolean;
  /** workers.mode: remote — where the coordinator listens, the worker token (default $REPLBENCH_WORKER_TOKEN). */
  readonly coordinator?: CoordinatorRunOptions;
}

export interface RunResult {
  readonly runId: string;
  /** Absolute path of reports/<run-id>. */
  readonly runDir: string;
  readonly report: Report;
  /** Report file names written into runDir (events.jsonl besides). */
  readonly files: readonly string[];
  /** False when the run was stopped or failed before the end. */
  readonly complete: boolean;
  readonly interrupted?: string;
  /** The error that ended the run early (credentials refused, a bug); the reports were written first. */
  readonly error?: unknown;
  readonly rtts: RttTable;
  /** Set when reports/latest could not be updated (the run itself is fine). */
  readonly latestWarning?: string;
}

export async function runScenario(scenario: ResolvedScenario, opts: RunScenarioOptions = {}): Promise<RunResult> {
  // Blob object replication has no registry endpoints: its own runner drives the same phases (src/blob/).
  if (scenario.target.kind === 'blob') return runBlobScenario(scenario, opts);
  const now = opts.now ?? realClock.now;
  const date = opts.date ?? ((): Date => new Date());
  const control = new StopControl(opts);
  try {
    const plans = planWorkload(scenario.workload);
    // Optional features: the webhook receiver (before the lab, whose webhooks point at it), push streams, write checks, egress.
    const extras = await startRunExtras(scenario, { now, ...(opts.env ? { env: opts.env } : {}) });
    const target = await openTarget(extras.scenario, { now, ...(opts.env ? { env: opts.env } : {}), ...(opts.labInProcess === true ? { labInProcess: true } : {}) }).catch(async (err: unknown) => {
      await extras.close();
      throw err;
    });
    const clients = await (async () => {
      try {
        if (scenario.workers.mode !== 'remote') return createRunClients(scenario, target, now);
        const token = workerTokenFrom(opts.coordinator?.token, opts.env ?? process.env);
        return await createRemoteRunClients(scenario, target, now, { ...opts.coordinator, token, signal: control.stop });
      } catch (err: unknown) {
        void target.close();
        void extras.close();
        throw err;
      }
    })();
    let ended: { reportsDir: string; dir: Awaited<ReturnType<typeof createRunDir>>; phases: Awaited<ReturnType<typeof runPhases>>; logFailure?: WriteError };
    try {
      const commitRtt = await preflight(clients.pusher, scenario, control.abort);
      const reportsDir = opts.reportsDir ?? scenario.report.dir;
      const dir = await createRunDir(reportsDir, runIdFor(scenario.name, date()));
      const startedAt = date().toISOString();
      const recorder = new RunRecorder(join(dir.path, EVENT_LOG_FILE), now);
      // A log that cannot be written (a full disk) ends the run: nothing more it measures would be kept.
      recorder.onWriteFailed((err) => control.abortNow(`${describeError(err)}: the run cannot record what it measures`));
      const probeTrace = opts.probeTrace === true ? new ProbeTraceLog(join(dir.path, PROBE_TRACE_FILE), (ms) => recorder.tUs(ms)) : undefined;
      // The lab thread's process CPU is this process's: only the runner's records carry it.
      const recordHealth = (source: string, withCpu: boolean) => (i: HealthInterval): void => recorder.record(healthRecord(source, i, withCpu), i.startMs);
      const machine = new MachineLoadSampler();
      const runnerHealth = recordHealth('runner', true);
      const health = new HealthMonitor({
        now,
        onInterval: (i) => {
          runnerHealth(i);
          recorder.record(machineLoadRecord(i, machine.sample()), i.startMs);
        },
      });
      let phases: Awaited<ReturnType<typeof runPhases>>;
      try {
        recorder.record({
          type: 'run-start',
          logVersion: EVENT_LOG_VERSION,
          runId: dir.runId,
          scenario: scenario.name,
          origin: scenario.origin,
          regions: [...scenario.regions],
          startedAt,
          ...(opts.now === undefined ? { epochMs: performance.timeOrigin + recorder.startMs } : {}),
          ...(target.clockCheck !== undefined ? { labClock: { offsetUs: Math.round(target.clockCheck.offsetMs * 1000), uncertaintyUs: Math.round(target.clockCheck.uncertaintyMs * 1000) } } : {}),
          thresholds: scenario.thresholds.input,
          snapshot: scenario,
          formats: [...scenario.report.formats],
          environment: runEnvironment(),
        });
        health.start();
        target.onHealth?.(recordHealth('lab', false));
        extras.begin(recorder);
        clients.attach?.(recorder);
        opts.onProgress?.({ kind: 'run-dir', runId: dir.runId, runDir: dir.path });
        phases = await runPhases({
          scenario,
          plans: extras.primaryPlans(plans),
          clients,
          target,
          recorder,
          control,
          commitRtt,
          now,
          extras,
          health,
          ...(probeTrace ? { probeTrace } : {}),
          ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        });
        extras.finish();
        health.stop();
        await target.flushHealth?.();
        const interrupted = control.reason;
        recorder.record({ type: 'run-end', finishedAt: date().toISOString(), complete: interrupted === undefined, ...(interrupted !== undefined ? { interrupted } : {}) });
      } finally {
        health.stop();
        target.onHealth?.(undefined);
        clients.attach?.(undefined);
        await recorder.close();
        await probeTrace?.close();
      }
      ended = { reportsDir, dir, phases, ...(recorder.failure !== undefined ? { logFailure: recorder.failure } : {}) };
    } finally {
      await clients.close();
      await target.close();
      await extras.close();
    }
    // Reports are folded once the lab and the clients are gone: their memory is not held through the fold.
    return await finishRun(ended.reportsDir, ended.dir, ended.phases, ended.logFailure);
  } finally {
    control.dispose();
  }
}

/** Why a GET /v2/ that answered `status` (not 200/401) stops the run: throttled and unavailable say so, with their Retry-After. */
export function pingRefusal(status: number, retryAfterMs: number | undefined): string {
  const after = retryAfterMs !== undefined ? `, Retry-After ${formatWait(retryAfterMs)}` : ', no Retry-After';
  if (status === 429) return `is throttling (HTTP 429 to GET /v2/${after}): try again later or lower the request rate`;
  if (status === 503) return `is unavailable (HTTP 503 to GET /v2/${after})`;
  if (status >= 500) return `failed (HTTP ${status} to GET /v2/): a server error, not an answer about the API`;
  return `answered HTTP ${status} to GET /v2/: not an OCI registry endpoint`;
}

function formatWait(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}

/** The origin must answer GET /v2/ before anything is created; its RTT corrects every commit point. */
async function preflight(pusher: RegistryClient, scenario: ResolvedScenario, signal: AbortSignal): Promise<RttEstimate> {
  const where = `the origin ${scenario.origin} (${pusher.endpoint.origin})`;
  let status: number;
  let retryAfterMs: number | undefined;
  try {
    ({ status, retryAfterMs } = await pusher.ping({ signal }));
  } catch (err: unknown) {
    if (err instanceof UnreachableError) throw new UnreachableError(pusher.endpoint.origin, `${where} cannot be reached: ${describeError(err)}`, { cause: err });
    throw err;
  }
  if (status !== 200 && status !== 401) throw new UnreachableError(pusher.endpoint.origin, `${where} ${pingRefusal(status, retryAfterMs)}`);
  return measureRtt(pingLatencyOf(pusher), { signal });
}
