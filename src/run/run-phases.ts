/**
 * The phases of one run, in order, each measurement appended to events.jsonl
 * the moment it is made:
 *
 *   rtt    round trips from every worker to every endpoint it will use
 *   push   open-loop pushes into the origin          ┐ overlap: each image's
 *   watch  a watch per replica region per image      ┘ watches start at its commit
 *   pull   the pull matrix over replicated images, cold then warm
 *   load   the scenario's load: every worker × endpoint at once, bounded (measure/load-scenario.ts)
 *
 * A stop (SIGINT) lets work in flight finish (StopControl aborts it after the
 * grace period) and starts no further phase. A fatal error — credentials
 * refused, an origin that never answered a push, a bug — stops the run the
 * same way and is returned, after everything measured has been recorded.
 */
import { AuthError, describeError, UnreachableError } from '../errors.ts';
import { errorRecord } from '../events/index.ts';
import { oneWayDelayMs } from '../measure/one-way-delay.ts';
import type { ProbeTraceLog } from './probe-trace-log.ts';
import type { HealthMonitor } from '../measure/harness-health.ts';
import { pullErrorEvent, pullEvent, pullRedirectEvents, replicationEvent, msToUs } from '../measure/records.ts';
import type { RttEstimate } from '../measure/rtt.ts';
import type { LoadCandidate } from '../measure/load-phase.ts';
import { runScenarioLoad } from '../measure/load-scenario.ts';
import type { Worker } from '../measure/worker.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import type { ImageCatalog } from '../workload/image-catalog.ts';
import type { RunRecorder } from './recorder.ts';
import { ProgressTracker, type ProgressListener, type RunPhase } from './progress.ts';
import { plannedPulls, runPullPhase } from './pull-phase.ts';
import { runPushPhase, type PushedImage } from './push-phase.ts';
import { measureRttPhase, type RttPair, type RttTable } from './rtt-phase.ts';
import type { StopControl } from './stop-control.ts';
import type { OpenTarget, SignalSource } from './driver.ts';
import { WatchPhase } from './watch-phase.ts';
import { canaryDigest, runHeadCanaries } from './head-canary.ts';
import type { RunWorkers } from './workers.ts';
import type { RunPhaseExtras } from './run-extras.ts';

export interface RunPhasesInput {
  readonly scenario: ResolvedScenario;
  /** The origin's images, planned (hashed) as they are pushed. */
  readonly plans: ImageCatalog;
  readonly workers: RunWorkers;
  readonly target: OpenTarget;
  readonly recorder: RunRecorder;
  readonly control: StopControl;
  /** The pusher's round trip to the origin (from the preflight). */
  readonly commitRtt: RttEstimate;
  readonly now: () => number;
  readonly onProgress?: ProgressListener;
  /** Takes each watch's probe send lateness (harness health). */
  readonly health?: HealthMonitor;
  /** Where each watch's probe trace goes (`--probe-trace`). */
  readonly probeTrace?: ProbeTraceLog;
  /** The optional features: webhook lag, other push streams, write checks, not-synced reasons (run-extras.ts). */
  readonly extras?: RunPhaseExtras;
  /** The target's own replication signal (the blob source's x-ms-or-* status). */
  readonly signal?: SignalSource;
}

export interface RunPhasesResult {
  readonly rtts: RttTable;
  /** What ended the run early, when it was an error rather than a stop. */
  readonly error?: unknown;
}

export async function runPhases(input: RunPhasesInput): Promise<RunPhasesResult> {
  const { scenario, workers: clients, recorder, control, now } = input;
  const replicas = scenario.replication.regions;
  const tracker = new ProgressTracker(replicas);
  tracker.push.total = input.plans.length;
  // A large layer is hashed just before its push (image-catalog.ts): the push line says how far.
  input.plans.onHashProgress((hashedBytes, sizeBytes) => {
    tracker.hashing = hashedBytes < sizeBytes ? { hashedBytes, sizeBytes } : undefined;
    update();
  });
  let current: RunPhase = 'rtt';
  let fatal: unknown;
  const update = (): void => input.onProgress?.({ kind: 'update', phase: current, snapshot: tracker.snapshot() });
  const logError = (phase: string, err: unknown, labels: Record<string, string>): void => {
    recorder.record(errorRecord(err, phase, labels));
  };
  const fail = (err: unknown, why: string): void => {
    fatal ??= err;
    control.abortNow(`${why}: ${describeError(err)}`);
  };
  const onStop = (): void => {
    tracker.stopping = control.reason;
    input.onProgress?.({ kind: 'stopping', reason: control.reason ?? 'stopped' });
  };
  control.stop.addEventListener('abort', onStop, { once: true });
  // A lab thread that dies takes every region's ports with it: nothing more can be measured.
  let over = false;
  input.target.onDied?.((reason) => {
    if (over) return;
    const err = new UnreachableError('lab', `the embedded lab stopped mid-run (${reason}): every region became unreachable`);
    logError('lab', err, {});
    fail(err, 'the lab stopped');
  });
  const phase = async <T>(name: RunPhase, body: () => Promise<T>): Promise<T> => {
    const startedMs = now();
    const previous = current;
    current = name;
    recorder.record({ type: 'phase', phase: name, state: 'start' });
    input.onProgress?.({ kind: 'phase-start', phase: name, snapshot: tracker.snapshot() });
    try {
      return await body();
    } finally {
      recorder.record({ type: 'phase', phase: name, state: 'end' });
      input.onProgress?.({ kind: 'phase-end', phase: name, elapsedMs: now() - startedMs, snapshot: tracker.snapshot() });
      current = previous;
    }
  };

  // rtt: the watchers' own endpoints, and every pull pair.
  const watcherFor = (r: string): Worker => clients.watcherFor?.(r) ?? clients.workerFor(r);
  const pairs: RttPair[] = [
    ...replicas.map((r) => ({ worker: watcherFor(r), endpoint: r })),
    ...scenario.pull.pairs.map((p) => ({ worker: clients.workerFor(p.worker), endpoint: p.endpoint })),
  ];
  tracker.rtt.total = new Set(pairs.map((p) => `${p.worker.region}\u0000${p.endpoint}`)).size;
  const rtts = await phase('rtt', () =>
    measureRttPhase(pairs, {
      // Setup only: a stop cancels it outright (no push will follow).
      signal: control.stop,
      onMeasured: () => {
        tracker.rtt.done++;
        update();
      },
      onFailed: (worker, endpoint, err) => {
        tracker.rtt.failed++;
        logError('rtt', err, { worker, endpoint });
        update();
      },
    }),
  );
  rtts.set(scenario.origin, scenario.origin, input.commitRtt);

  // The HEAD canary: a replica that answers present for a digest never pushed is not watched.
  const canaryRepo = input.plans.length > 0 ? input.plans.nameAt(0).repository : undefined;
  const untrusted =
    canaryRepo === undefined || control.stop.aborted
      ? new Map<string, string>()
      : await runHeadCanaries({
          regions: replicas,
          watcherFor,
          repo: canaryRepo,
          digest: canaryDigest(`${scenario.name} ${now()}`),
          oneWayDelayMs: (r) => rtts.oneWayDelayMs(watcherFor(r).region, r),
          now,
          signal: control.stop,
        });
  for (const [region, why] of untrusted) recorder.record({ type: 'error', code: 'E_HEAD_UNTRUSTED', message: why, phase: 'preflight', labels: { region } });

  const watch = new WatchPhase({
    replication: scenario.replication,
    workerFor: watcherFor,
    oneWayDelayMs: (r) => rtts.oneWayDelayMs(watcherFor(r).region, r),
    commitOneWayDelayMs: oneWayDelayMs(input.commitRtt),
    abort: control.abort,
    ...(untrusted.size > 0 ? { untrusted } : {}),
    ...(input.probeTrace !== undefined ? { trace: true } : {}),
    ...(input.target.truthLagMs ? { truthLagMs: input.target.truthLagMs } : {}),
    onResult: (region, image, result, truthMs) => {
      const labels = { region, image: image.image, digest: image.digest };
      const commitPointMs = image.commitAtMs - oneWayDelayMs(input.commitRtt);
      const commitUs = recorder.tUs(commitPointMs);
      if (result.trace !== undefined) input.probeTrace?.write(region, image.image, commitPointMs, result.trace);
      if (result.latenessMs !== undefined) input.health?.probeLateness(region, result.latenessMs);
      const event = replicationEvent(result, { t: recorder.tUs(), labels, commitUs, ...(truthMs !== undefined ? { truthMs } : {}) });
      recorder.append(input.extras?.replication(scenario.origin, region, image, event) ?? event);
      const t = tracker.region(region);
      t.settled++;
      if (result.outcome === 'replicated') t.replicated++;
      update();
    },
    onFailed: (region, image, err) => {
      tracker.region(region).settled++;
      logError('watch', err, { region, image: image.image, digest: image.digest });
      update();
    },
  });
  const pushedImages: PushedImage[] = [];
  try {
    const onPushed = (p: PushedImage): void => {
      recorder.record(
        { type: 'push', labels: { image: p.image, repo: p.repo, region: scenario.origin }, valueUs: msToUs(p.durationMs), digest: p.digest, bytes: p.bytes },
      );
      tracker.push.done++;
      pushedImages.push(p);
      if (!control.stop.aborted) {
        for (const r of replicas) tracker.region(r).total++;
        watch.start(p);
        input.extras?.onPushed(p, scenario.origin);
        input.signal?.start(p, oneWayDelayMs(input.commitRtt));
      }
      update();
    };
    const watching = phase('watch', async () => {
      const more = input.extras?.pushMore({
        target: input.target,
        workerFor: (r) => clients.workerFor(r),
        oneWayDelayMs: (r) => rtts.oneWayDelayMs(r, r),
        commitRtt: input.commitRtt,
        stop: control.stop,
        abort: control.abort,
        logError,
      });
      const push = await phase('push', () =>
        runPushPhase({
          plans: input.plans,
          pusher: input.target.pusher,
          concurrency: scenario.workload.pushConcurrency,
          ratePerSec: scenario.workload.pushRatePerSec,
          mode: scenario.workload.uploadMode,
          chunkSizeBytes: scenario.workload.chunkSizeBytes,
          stop: control.stop,
          abort: control.abort,
          now,
          onPushed,
          onFailed: (plan, err) => {
            tracker.push.failed++;
            logError('push', err, { image: `${plan.repository}:${plan.tag}`, repo: plan.repository });
            if (err instanceof AuthError) fail(err, 'the origin refused the credentials');
            else if (err instanceof UnreachableError && tracker.push.done === 0) fail(err, 'the origin cannot be reached');
            update();
          },
        }),
      );
      await watch.settled();
      await more;
      await input.extras?.settled(control.abort);
      await input.signal?.settled(control.abort);
      return push;
    });
    await watching;

    if (!control.stop.aborted) {
      const byIndex = (a: PushedImage, b: PushedImage): number => a.index - b.index;
      const pullLimit = scenario.pull.images;
      const pulled = (p: PushedImage): boolean => pullLimit === null || p.index < pullLimit;
      const originImages = [...pushedImages].filter(pulled).sort(byIndex);
      const imagesAt = (endpoint: string): { image: string; repo: string; reference: string }[] =>
        (endpoint === scenario.origin ? originImages : [...watch.replicatedIn(endpoint)].filter(pulled).sort(byIndex)).map((p) => ({
          image: p.image,
          repo: p.repo,
          reference: p.digest,
        }));
      const pull = scenario.pull;
      // Where redirected blob downloads came from: the lab's storage hosts, an acr target's data endpoints, host names.
      const acr = scenario.target.kind === 'oci' ? scenario.target.acr : undefined;
      const redirectContext = {
        regions: scenario.regions,
        ...(acr !== undefined ? { dataHosts: acr.dataHosts } : {}),
        ...(input.target.storageHosts !== undefined ? { storageHosts: input.target.storageHosts } : {}),
      };
      tracker.pull.total = plannedPulls({ pairs: pull.pairs, imagesAt, phases: pull.phases, iterations: pull.iterations });
      await phase('pull', () =>
        runPullPhase({
          pairs: pull.pairs,
          workerFor: (r) => clients.workerFor(r),
          imagesAt,
          iterations: pull.iterations,
          concurrency: pull.concurrency,
          phases: pull.phases,
          stop: control.stop,
          abort: control.abort,
          onResult: (r) => {
            if (r.outcome === 'pulled') {
              tracker.pull.done++;
              const t = recorder.tUs();
              recorder.append(pullEvent(r, t));
              for (const e of pullRedirectEvents(r, t, redirectContext)) recorder.append(e);
            } else {
              tracker.pull.failed++;
              recorder.append(pullErrorEvent(r, recorder.tUs()));
            }
            update();
          },
        }),
      );
      const load = scenario.load;
      const loaderFor = clients.loaderFor?.bind(clients);
      if (load !== null && loaderFor !== undefined && !control.stop.aborted) {
        tracker.load.total = load.pairs.length;
        const loadImagesAt = (e: string): LoadCandidate[] =>
          (e === scenario.origin ? originImages : [...watch.replicatedIn(e)].sort(byIndex)).map((p) => ({ image: p.image, repo: p.repo, manifestDigest: p.digest, blobDigest: p.blobs[0] ?? p.digest }));
        await phase('load', () =>
          runScenarioLoad({ load, loaderFor, imagesAt: loadImagesAt, recorder, signal: control.abort, onSeries: (ok) => void (ok ? tracker.load.done++ : tracker.load.failed++, update()) }),
        );
      }
    }
  } catch (err: unknown) {
    fail(err, 'the run failed');
    await watch.settled();
  } finally {
    over = true;
    control.stop.removeEventListener('abort', onStop);
  }
  return fatal === undefined ? { rtts } : { rtts, error: fatal };
}
