/**
 * runBlobScenario: one run of a `target.kind: blob` scenario — the same run
 * directory, event log and reports as a registry run (runScenario hands blob
 * scenarios here):
 *
 *   plan images → open the accounts (azurite and the copier in the lab) →
 *   preflight the source container → run dir, run-start → the runner's own
 *   phases (rtt, push + watch, pull) with blob workers and the blob pusher →
 *   run-end → fold → reports → reports/latest → (cleanup) → close
 *
 * Each image is one block blob (blob-names.ts); replication_lag comes from
 * probing each replica container, replication_lag_or_status from the source's
 * x-ms-or-* status (Azure only), pull_duration from downloads per worker
 * region.
 */
import { join } from 'node:path';
import { finishRun } from '../run/finish-run.ts';
import { ConfigError, describeError, UnreachableError } from '../errors.ts';
import { errorCodeOf } from '../events/index.ts';
import { redact } from '../redact.ts';
import { realClock } from '../time/real-clock.ts';
import { measureRtt, type RttEstimate } from '../measure/rtt.ts';
import type { Worker } from '../measure/worker.ts';
import type { RegistryClient } from '../oci/client.ts';
import { runEnvironment } from '../run/environment.ts';
import { EVENT_LOG_FILE } from '../events/log.ts';
import { EVENT_LOG_VERSION } from '../events/index.ts';
import { RunRecorder } from '../run/recorder.ts';
import { createRunDir } from '../run/run-dir.ts';
import type { RunPhaseExtras } from '../run/run-extras.ts';
import { runIdFor } from '../run/run-id.ts';
import { runPhases } from '../run/run-phases.ts';
import type { RunResult, RunScenarioOptions } from '../run/runner.ts';
import { StopControl } from '../run/stop-control.ts';
import type { RunTarget } from '../run/target.ts';
import type { RunClients } from '../run/workers.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import { planWorkload } from '../run/plan-workload.ts';
import { openBlobAccounts, type BlobAccounts, type BlobTarget } from './blob-accounts.ts';
import { BlobNames } from './blob-names.ts';
import { blobError } from './blob-ops.ts';
import { BlobPusher } from './blob-pusher.ts';
import { BlobWorker } from './blob-worker.ts';
import { LabCopier } from './lab-copier.ts';
import { OrStatusWatch } from './or-status-watch.ts';

export async function runBlobScenario(scenario: ResolvedScenario, opts: RunScenarioOptions = {}): Promise<RunResult> {
  const target = scenario.target;
  if (target.kind !== 'blob') throw new ConfigError(`${scenario.source}: target: expected kind: blob`);
  if (scenario.pushStreams.length > 1) throw new ConfigError(`${scenario.source}: workload.alsoPush: expected no other push streams with a blob target`);
  if (scenario.workers.mode !== 'in-process') throw new ConfigError(`${scenario.source}: workers.mode: expected in-process workers with a blob target (remote workers speak the registry protocol)`);
  if (scenario.load !== null) throw new ConfigError(`${scenario.source}: load: expected no load phase with a blob target`);
  const now = opts.now ?? realClock.now;
  const date = opts.date ?? ((): Date => new Date());
  const control = new StopControl(opts);
  try {
    const plans = planWorkload(scenario.workload);
    const accounts = await openBlobAccounts(target, { now, ...(opts.env ? { env: opts.env } : {}) });
    try {
      const reportsDir = opts.reportsDir ?? scenario.report.dir;
      const runId = runIdFor(scenario.name, date());
      const names = new BlobNames(runId);
      const source = accounts.container(scenario.origin, scenario.origin);
      const commitRtt = await preflight(accounts, scenario.origin, now, control.abort);
      const dir = await createRunDir(reportsDir, runId);
      const recorder = new RunRecorder(join(dir.path, EVENT_LOG_FILE), now);
      recorder.onWriteFailed((err) => control.abortNow(`${describeError(err)}: the run cannot record what it measures`));
      const logError = (phase: string, err: unknown): void =>
        recorder.record({ type: 'error', code: errorCodeOf(err), message: redact(describeError(err), accounts.secrets), phase, labels: {} });
      const copier = copierFor(target, accounts, scenario.origin, names.prefix, now, (what, err) => logError('copier', new Error(`${what}: ${describeError(err)}`)));
      const or = orWatchFor(target, scenario, accounts, names, now, (region, image, o) => {
        const labels = { region, image: image.image, digest: image.digest };
        recorder.record(o.outcome === 'received'
          ? { type: 'replication-signal', source: 'or-status', labels, outcome: 'received', valueUs: Math.round(o.lagMs * 1000) }
          : { type: 'replication-signal', source: 'or-status', labels, outcome: o.outcome, reason: o.reason });
      });
      const workers = new Map<string, Worker>(scenario.regions.map((r) => [r, new BlobWorker({
        region: r,
        container: (e) => accounts.container(e, r),
        probeContainer: (e) => accounts.probeContainer(e, r),
        names,
        now,
        ...(scenario.replication.maxProbesPerSecPerRegion !== null ? { probeRatePerSecond: scenario.replication.maxProbesPerSecPerRegion } : {}),
      })]));
      const pusher = new BlobPusher({ source, names, now });
      const clients: RunClients = {
        // The push phase needs only pushImage (the Pusher interface), which the blob pusher has.
        pusher: pusher as unknown as RegistryClient,
        workers,
        workerFor(region) {
          const worker = workers.get(region);
          if (worker === undefined) throw new Error(`no worker for region "${region}"`);
          return worker;
        },
        close: async () => undefined,
      };
      const runTarget: RunTarget = {
        kind: 'oci', // not a registry: runPhases reads only truthLagMs (none here) and hands it to extras, which ignore it
        urlFor: (server) => accounts.describe(server),
        clientOptions: () => ({ credentials: { kind: 'anonymous' }, env: {} }),
        close: async () => undefined,
      };
      const extras: RunPhaseExtras = {
        pushMore: async () => undefined,
        onPushed: (image) => or?.start(image, commitRtt.minMs / 2),
        replication: (_origin, _region, _image, event) => event,
        settled: async (abort) => or?.settled(abort),
      };
      let phases: Awaited<ReturnType<typeof runPhases>>;
      try {
        recorder.record({
          type: 'run-start',
          logVersion: EVENT_LOG_VERSION,
          runId: dir.runId,
          scenario: scenario.name,
          origin: scenario.origin,
          regions: [...scenario.regions],
          startedAt: date().toISOString(),
          thresholds: scenario.thresholds.input,
          snapshot: scenario,
          formats: [...scenario.report.formats],
          environment: runEnvironment(),
        });
        if (scenario.egress !== null) recorder.record({ type: 'egress-prices', currency: scenario.egress.currency, pricePerGB: scenario.egress.pricePerGB });
        opts.onProgress?.({ kind: 'run-dir', runId: dir.runId, runDir: dir.path });
        copier?.start();
        phases = await runPhases({ scenario, plans, clients, target: runTarget, recorder, control, commitRtt, now, extras, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
        const interrupted = control.reason;
        recorder.record({ type: 'run-end', finishedAt: date().toISOString(), complete: interrupted === undefined, ...(interrupted !== undefined ? { interrupted } : {}) });
      } finally {
        await or?.close();
        await copier?.close();
        await recorder.close();
      }
      if (target.cleanup) await cleanup(accounts, target, scenario.origin, names);
      return await finishRun(reportsDir, dir, phases, recorder.failure);
    } finally {
      await accounts.close();
    }
  } finally {
    control.dispose();
  }
}

/** The source container must answer before anything is created; its RTT corrects every commit point. */
async function preflight(accounts: BlobAccounts, origin: string, now: () => number, signal: AbortSignal): Promise<RttEstimate> {
  const container = accounts.probeContainer(origin, origin);
  try {
    return await measureRtt(async (s) => {
      const started = now();
      await container.getProperties(s ? { abortSignal: s } : {});
      return now() - started;
    }, { signal });
  } catch (err: unknown) {
    const e = blobError(err, 'HEAD', 'container', signal);
    throw new UnreachableError(accounts.describe(origin), `the source ${accounts.describe(origin)} does not answer: ${describeError(e)}`, { cause: e });
  }
}

function copierFor(t: BlobTarget, accounts: BlobAccounts, origin: string, prefix: string, now: () => number, onError: (what: string, err: unknown) => void): LabCopier | undefined {
  if (t.copier === null) return undefined;
  return new LabCopier({
    source: accounts.container(origin, origin),
    replicas: t.regions.filter((r) => r.name !== origin).map((r) => ({ region: r.name, container: accounts.container(r.name, r.name) })),
    lag: t.copier.lag,
    seed: t.copier.seed,
    pollMs: t.copier.pollMs,
    prefix: `${prefix}/`,
    now,
    onError,
  });
}

function orWatchFor(
  t: BlobTarget,
  scenario: ResolvedScenario,
  accounts: BlobAccounts,
  names: BlobNames,
  now: () => number,
  onResult: ConstructorParameters<typeof OrStatusWatch>[0]['onResult'],
): OrStatusWatch | undefined {
  if (t.azurite) return undefined; // azurite reports no x-ms-or-* status
  const replicas = t.regions.filter((r) => r.name !== scenario.origin);
  const policies = new Map<string, string | null>(replicas.filter((r) => r.policyId !== null).map((r) => [r.name, r.policyId]));
  if (policies.size === 0 && replicas.length === 1) policies.set((replicas[0] as { name: string }).name, null);
  if (policies.size === 0) return undefined;
  return new OrStatusWatch({
    source: accounts.container(scenario.origin, scenario.origin),
    names,
    policies,
    pollMs: Math.max(250, scenario.replication.intervalMs),
    timeoutMs: scenario.replication.timeoutMs,
    now,
    onResult,
  });
}

/** Deletes the run's blobs: from the source, and in the lab from the replicas too (Azure's replica containers are read-only). */
async function cleanup(accounts: BlobAccounts, t: BlobTarget, origin: string, names: BlobNames): Promise<void> {
  for (const r of t.regions) {
    if (r.name !== origin && !t.azurite) continue;
    const container = accounts.container(r.name, r.name);
    await Promise.allSettled(names.all().map((o) => container.getBlobClient(o.name).deleteIfExists()));
  }
}
