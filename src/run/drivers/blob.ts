/**
 * The blob driver: Azure Blob object replication. Each image is one block
 * blob (blob-names.ts) pushed by the blob pusher; replication_lag comes from
 * probing each replica container, replication_lag_or_status from the source's
 * x-ms-or-* status (Azure only, the target's signal source), pull_duration
 * from downloads per worker region. In the lab, azurite and a copier stand in
 * for the accounts and the replication; `cleanup` deletes the run's blobs when
 * the target closes.
 *
 * Not a registry: no other push streams, no remote workers (they speak the
 * registry protocol), no load phase — each refused before anything opens.
 */
import { ConfigError, describeError, UnreachableError } from '../../errors.ts';
import { errorCodeOf } from '../../events/index.ts';
import { measureRtt, type RttEstimate } from '../../measure/rtt.ts';
import { redact } from '../../redact.ts';
import type { ResolvedScenario } from '../../scenario/resolved.ts';
import { openBlobAccounts, type BlobAccounts, type BlobTarget } from '../../blob/blob-accounts.ts';
import { BlobNames } from '../../blob/blob-names.ts';
import { blobError } from '../../blob/blob-ops.ts';
import { BlobPusher } from '../../blob/blob-pusher.ts';
import { BlobWorker } from '../../blob/blob-worker.ts';
import { LabCopier } from '../../blob/lab-copier.ts';
import { OrStatusWatch } from '../../blob/or-status-watch.ts';
import type { DriverOptions, OpenTarget, TargetDriver } from '../driver.ts';
import type { RunRecorder } from '../recorder.ts';

export const blobDriver: TargetDriver = {
  async open(scenario: ResolvedScenario, opts: DriverOptions): Promise<OpenTarget> {
    const target = scenario.target;
    if (target.kind !== 'blob') throw new ConfigError(`${scenario.source}: target: expected kind: blob`);
    if (scenario.pushStreams.length > 1) throw new ConfigError(`${scenario.source}: workload.alsoPush: expected no other push streams with a blob target`);
    if (scenario.workers.mode !== 'in-process') throw new ConfigError(`${scenario.source}: workers.mode: expected in-process workers with a blob target (remote workers speak the registry protocol)`);
    if (scenario.load !== null) throw new ConfigError(`${scenario.source}: load: expected no load phase with a blob target`);
    const now = opts.now;
    const origin = scenario.origin;
    const accounts = await openBlobAccounts(target, { now, ...(opts.env ? { env: opts.env } : {}) });
    const names = new BlobNames(opts.runId);
    const probeRate = scenario.replication.maxProbesPerSecPerRegion;
    return {
      recordsHarness: false,
      pusher: new BlobPusher({ source: accounts.container(origin, origin), names, now }),
      preflight: (signal) => preflight(accounts, origin, now, signal),
      workerIn: (clientRegion, name = clientRegion) =>
        new BlobWorker({
          region: name,
          container: (e) => accounts.container(e, clientRegion),
          probeContainer: (e) => accounts.probeContainer(e, clientRegion),
          names,
          now,
          ...(probeRate !== null ? { probeRatePerSecond: probeRate } : {}),
        }),
      start(recorder: RunRecorder) {
        const logError = (phase: string, err: unknown): void =>
          recorder.record({ type: 'error', code: errorCodeOf(err), message: redact(describeError(err), accounts.secrets), phase, labels: {} });
        const copier = copierFor(target, accounts, origin, names.prefix, now, (what, err) => logError('copier', new Error(`${what}: ${describeError(err)}`)));
        const or = orWatchFor(target, scenario, accounts, names, now, (region, image, o) => {
          const labels = { region, image: image.image, digest: image.digest };
          recorder.record(o.outcome === 'received'
            ? { type: 'replication-signal', source: 'or-status', labels, outcome: 'received', valueUs: Math.round(o.lagMs * 1000) }
            : { type: 'replication-signal', source: 'or-status', labels, outcome: o.outcome, reason: o.reason });
        });
        copier?.start();
        return {
          ...(or !== undefined ? { signal: { start: (image, commitOneWayDelayMs) => or.start(image, commitOneWayDelayMs), settled: (abort) => or.settled(abort) } } : {}),
          async stop() {
            await or?.close();
            await copier?.close();
          },
        };
      },
      async close() {
        try {
          if (target.cleanup) await cleanup(accounts, target, origin, names);
        } finally {
          await accounts.close();
        }
      },
    };
  },
};

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
