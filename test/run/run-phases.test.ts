import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthError } from '../../src/errors.ts';
import type { ImageToPush, PushImageResult } from '../../src/oci/push-image.ts';
import { readEventLog } from '../../src/events/log.ts';
import type { ReplEvent } from '../../src/events/index.ts';
import type { ProgressEvent } from '../../src/run/progress.ts';
import { RunRecorder } from '../../src/run/recorder.ts';
import { RunContext } from '../../src/run/context.ts';
import { planRun } from '../../src/run/plan.ts';
import { runPhases } from '../../src/run/run-phases.ts';
import { StopControl } from '../../src/run/stop-control.ts';
import type { Pusher } from '../../src/run/push-phase.ts';
import type { RunWorkers } from '../../src/run/workers.ts';
import { imageCatalog } from '../../src/workload/image-catalog.ts';
import { resolveSizeDistribution } from '../../src/workload/index.ts';
import { FakeWorker } from './fake-worker.ts';
import { tinyScenario } from './tiny-scenario.ts';

const now = (): number => performance.now();

type FakeClients = RunWorkers & { pusher: Pusher; workersByName: { a: FakeWorker; b: FakeWorker } };

function fakeClients(fail?: Error, b: FakeWorker = new FakeWorker('b')): FakeClients {
  const workersByName = { a: new FakeWorker('a'), b };
  const pusher: Pusher = {
    async pushImage(repo: string, tag: string, image: ImageToPush): Promise<PushImageResult> {
      await new Promise((r) => setTimeout(r, 2));
      if (fail) throw fail;
      const t = now();
      return { repo, tag, blobs: [], manifest: { digest: image.manifest.digest, status: 201, committedAtMs: t, sentAtMs: t, durationMs: 0, requests: 1 }, durationMs: 2 };
    },
  };
  return {
    pusher,
    workers: new Map(Object.entries(workersByName)),
    workersByName,
    workerFor: (r) => workersByName[r as 'a' | 'b'],
    close: async () => undefined,
  };
}

async function runWith(clients: FakeClients, opts: { stopAfterPush?: boolean } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-phases-'));
  try {
    const scenario = tinyScenario();
    const plans = imageCatalog({ seed: 1, count: 3, layerCount: 1, sizes: resolveSizeDistribution('1KiB', 's'), repository: 'tiny/app-{i}', tag: 'v1' });
    const recorder = new RunRecorder(join(dir, 'events.jsonl'), now);
    const control = new StopControl({ graceMs: 1000 });
    const progress: ProgressEvent[] = [];
    const planned = planRun(scenario, now);
    const plan = { ...planned, images: plans, origin: { ...planned.origin, images: plans } };
    const ctx = new RunContext({
      scenario,
      plan,
      workers: clients,
      target: {
        recordsHarness: true,
        preflight: () => Promise.reject(new Error('the runner preflights')),
        pusher: clients.pusher,
        workerIn: (r) => clients.workerFor(r),
        truthLagMs: () => 123,
        close: async () => undefined,
      },
      recorder,
      control,
      commitRtt: { minMs: 1, medianMs: 1, samplesMs: [1] },
      now,
      onProgress: (e) => {
        progress.push(e);
        if (opts.stopAfterPush === true && e.kind === 'phase-end' && e.phase === 'push') control.requestStop('interrupted (test)');
      },
    });
    const result = await runPhases(ctx, plan);
    await recorder.close();
    control.dispose();
    const { events } = await readEventLog(join(dir, 'events.jsonl'));
    return { result, events, progress, control };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const phases = (events: readonly ReplEvent[]): string[] => events.flatMap((e) => (e.type === 'phase' ? [`${e.phase}:${e.state}`] : []));

const suiteRun = suite('runPhases');

suiteRun('rtt, then pushes with their watches, then the pull matrix; every measurement is a record', async () => {
  const clients = fakeClients();
  const { result, events, progress } = await runWith(clients);
  assert.is(result.error, undefined);
  assert.equal(phases(events), ['rtt:start', 'rtt:end', 'watch:start', 'push:start', 'push:end', 'watch:end', 'pull:start', 'pull:end']);
  assert.is(events.filter((e) => e.type === 'push').length, 3);
  const reps = events.filter((e) => e.type === 'replication');
  assert.is(reps.length, 3);
  assert.ok(reps.every((e) => e.type === 'replication' && e.outcome === 'replicated' && e.truthUs === 123_000 && e.labels.region === 'b'));
  assert.is(events.filter((e) => e.type === 'pull').length, 24);
  assert.is(result.rtts.get('a', 'a')?.minMs, 1, 'the commit RTT is in the table');
  assert.is(clients.workersByName.b.watches.length, 3);
  assert.is(clients.workersByName.a.watches.length, 0);
  const last = progress.filter((e) => e.kind === 'phase-end').at(-1);
  assert.ok(last?.kind === 'phase-end' && last.snapshot.pull.done === 24 && last.snapshot.pull.total === 24);
  assert.is(clients.workersByName.b.canaries.length, 1, 'the HEAD canary asked the replica once');
});

suiteRun('a replica that answers present to the HEAD canary is not watched: every artifact inconsistent (head-lies), nothing pulled from it', async () => {
  const clients = fakeClients(undefined, new FakeWorker('b', { liesToCanary: true }));
  const { result, events } = await runWith(clients);
  assert.is(result.error, undefined);
  assert.is(clients.workersByName.b.watches.length, 0);
  const canary = events.find((e) => e.type === 'error' && e.code === 'E_HEAD_UNTRUSTED');
  assert.ok(canary?.type === 'error' && canary.phase === 'preflight' && canary.labels?.region === 'b');
  const reps = events.filter((e) => e.type === 'replication');
  assert.is(reps.length, 3);
  assert.ok(reps.every((e) => e.type === 'replication' && e.outcome === 'inconsistent' && e.probes === 0 && /^head-lies: the replica b answered present/.test(e.reason)));
  assert.ok(!events.some((e) => e.type === 'pull' && e.labels.endpoint === 'b'));
});

suiteRun('credentials refused by the origin end the run: returned as the error, no pull phase', async () => {
  const { result, events, control } = await runWith(fakeClients(new AuthError('unauthorized: authentication required')));
  assert.ok(result.error instanceof AuthError);
  assert.match(control.reason ?? '', /refused the credentials/);
  assert.not.ok(phases(events).includes('pull:start'));
  assert.ok(events.some((e) => e.type === 'error' && e.phase === 'push' && e.code === 'E_AUTH'));
});

suiteRun('a stop after the pushes starts no pull phase', async () => {
  const { result, events } = await runWith(fakeClients(), { stopAfterPush: true });
  assert.is(result.error, undefined);
  assert.not.ok(phases(events).includes('pull:start'));
  assert.is(events.filter((e) => e.type === 'push').length, 3);
});

suiteRun.run();
