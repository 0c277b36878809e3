/**
 * runScenario: one run of a scenario, from nothing to reports/<run-id>/.
 *
 *   plan the run (plan.ts) → start its features (features/) → open the
 *   target through its driver (drivers/: start the lab, reach the registries
 *   or the storage accounts) → the workers (in process, or remote ones handed
 *   in) → preflight the origin → create the run dir, log run-start → phases
 *   (run-phases.ts, over one run context) → run-end → close the target →
 *   fold events.jsonl → write every report → point reports/latest at it
 *
 * The reports are folded from the event log on disk and nothing else
 * (report/files.ts rerender), so `replbench report <run-dir>` writes the same
 * bytes. A stop or a fatal error still ends with run-end (complete: false)
 * and the reports. Only failures before the run directory exists — a bad
 * scenario, a lab that cannot listen, an origin that does not answer — throw.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigError, describeError, type WriteError } from '../errors.ts';
import { realClock } from '../time/real-clock.ts';
import { HealthMonitor, type HealthInterval } from '../measure/harness-health.ts';
import type { Env } from '../scenario/credentials.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { runEnvironment } from './environment.ts';
import { EVENT_LOG_FILE } from '../events/log.ts';
import { finishRun, type RunResult } from './finish-run.ts';
import { healthRecord, machineLoadRecord } from './health-record.ts';
import { MachineLoadSampler } from '../measure/machine-load.ts';
import { EVENT_LOG_VERSION } from '../events/index.ts';
import type { ProgressListener } from './progress.ts';
import { PROBE_TRACE_FILE, ProbeTraceLog } from './probe-trace-log.ts';
import { RunRecorder } from './recorder.ts';
import { createRunDir } from './run-dir.ts';
import { runIdFor } from './run-id.ts';
import { RunContext } from './context.ts';
import { startFeatures } from './features/index.ts';
import { planRun } from './plan.ts';
import { runPhases } from './run-phases.ts';
import { StopControl } from './stop-control.ts';
import type { TargetSession } from './driver.ts';
import { driverFor } from './drivers/index.ts';
import { inProcessWorkers, type RemoteWorkersFactory } from './workers.ts';

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
  /** workers.mode: remote — the workers that take the regions' places (src/dist/remote-clients.ts remoteWorkers). */
  readonly remoteWorkers?: RemoteWorkersFactory;
}

export async function runScenario(scenario: ResolvedScenario, opts: RunScenarioOptions = {}): Promise<RunResult> {
  const now = opts.now ?? realClock.now;
  const date = opts.date ?? ((): Date => new Date());
  const control = new StopControl(opts);
  try {
    const plan = planRun(scenario, now);
    const runId = runIdFor(scenario.name, date());
    // The features (features/): the webhook receiver starts before the lab, whose webhooks point at it.
    const features = await startFeatures(scenario, plan, { now, ...(opts.env ? { env: opts.env } : {}) });
    const driverOptions = { now, runId, ...(opts.env ? { env: opts.env } : {}), ...(opts.labInProcess === true ? { labInProcess: true } : {}) };
    const target = await driverFor(scenario).open(features.scenario, driverOptions).catch(async (err: unknown) => {
      await features.close();
      throw err;
    });
    const workers = await (async () => {
      try {
        if (scenario.workers.mode !== 'remote') return inProcessWorkers(scenario, target);
        if (opts.remoteWorkers === undefined) throw new ConfigError(`${scenario.source}: workers.mode: remote needs a coordinator (replbench run, or the remoteWorkers option: src/dist/remote-clients.ts)`);
        return await opts.remoteWorkers({ scenario, target, now, signal: control.stop });
      } catch (err: unknown) {
        void target.close();
        void features.close();
        throw err;
      }
    })();
    let ended: { reportsDir: string; dir: Awaited<ReturnType<typeof createRunDir>>; phases: Awaited<ReturnType<typeof runPhases>>; logFailure?: WriteError };
    try {
      const commitRtt = await target.preflight(control.abort);
      const reportsDir = opts.reportsDir ?? scenario.report.dir;
      const dir = await createRunDir(reportsDir, runId);
      const startedAt = date().toISOString();
      const recorder = new RunRecorder(join(dir.path, EVENT_LOG_FILE), now);
      // A log that cannot be written (a full disk) ends the run: nothing more it measures would be kept.
      recorder.onWriteFailed((err) => control.abortNow(`${describeError(err)}: the run cannot record what it measures`));
      const probeTrace = opts.probeTrace === true ? new ProbeTraceLog(join(dir.path, PROBE_TRACE_FILE), (ms) => recorder.tUs(ms)) : undefined;
      // The lab thread's process CPU is this process's: only the runner's records carry it.
      const recordHealth = (source: string, withCpu: boolean) => (i: HealthInterval): void => recorder.record(healthRecord(source, i, withCpu), i.startMs);
      const machine = new MachineLoadSampler();
      const runnerHealth = recordHealth('runner', true);
      const health = target.recordsHarness
        ? new HealthMonitor({
            now,
            onInterval: (i) => {
              runnerHealth(i);
              recorder.record(machineLoadRecord(i, machine.sample()), i.startMs);
            },
          })
        : undefined;
      let phases: Awaited<ReturnType<typeof runPhases>>;
      let session: TargetSession | undefined;
      try {
        recorder.record({
          type: 'run-start',
          logVersion: EVENT_LOG_VERSION,
          runId: dir.runId,
          scenario: scenario.name,
          origin: scenario.origin,
          regions: [...scenario.regions],
          startedAt,
          ...(opts.now === undefined && target.recordsHarness ? { epochMs: performance.timeOrigin + recorder.startMs } : {}),
          ...(target.clockCheck !== undefined ? { labClock: { offsetUs: Math.round(target.clockCheck.offsetMs * 1000), uncertaintyUs: Math.round(target.clockCheck.uncertaintyMs * 1000) } } : {}),
          thresholds: scenario.thresholds.input,
          snapshot: scenario,
          formats: [...scenario.report.formats],
          environment: runEnvironment(),
        });
        health?.start();
        target.onHealth?.(recordHealth('lab', false));
        session = target.start?.(recorder);
        const ctx = new RunContext({
          scenario,
          plan,
          target,
          workers,
          recorder,
          control,
          commitRtt,
          now,
          features,
          ...(session?.signal !== undefined ? { signal: session.signal } : {}),
          ...(health !== undefined ? { health } : {}),
          ...(probeTrace ? { probeTrace } : {}),
          ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        });
        features.begin(ctx);
        workers.attach?.(recorder);
        opts.onProgress?.({ kind: 'run-dir', runId: dir.runId, runDir: dir.path });
        phases = await runPhases(ctx, plan);
        features.finish();
        health?.stop();
        await target.flushHealth?.();
        const interrupted = control.reason;
        recorder.record({ type: 'run-end', finishedAt: date().toISOString(), complete: interrupted === undefined, ...(interrupted !== undefined ? { interrupted } : {}) });
      } finally {
        health?.stop();
        target.onHealth?.(undefined);
        workers.attach?.(undefined);
        await session?.stop();
        await recorder.close();
        await probeTrace?.close();
      }
      ended = { reportsDir, dir, phases, ...(recorder.failure !== undefined ? { logFailure: recorder.failure } : {}) };
    } finally {
      await workers.close();
      await target.close();
      await features.close();
    }
    // Reports are folded once the target and the workers are gone: their memory is not held through the fold.
    return await finishRun(ended.reportsDir, ended.dir, ended.phases, ended.logFailure);
  } finally {
    control.dispose();
  }
}
