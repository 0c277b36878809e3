import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReplicationEvent } from '../../src/events/index.ts';
import { readEventLog } from '../../src/events/log.ts';
import { RunContext } from '../../src/run/context.ts';
import { RunFeatures } from '../../src/run/features/index.ts';
import { planRun } from '../../src/run/plan.ts';
import type { ProgressEvent } from '../../src/run/progress.ts';
import type { PushedImage } from '../../src/run/push-phase.ts';
import { RunRecorder } from '../../src/run/recorder.ts';
import { StopControl } from '../../src/run/stop-control.ts';
import { inProcessWorkers } from '../../src/run/workers.ts';
import { FakeWorker } from './fake-worker.ts';
import { tinyScenario } from './tiny-scenario.ts';

const context = suite('RunContext');

const now = (): number => performance.now();

context('phases record start and end around their body; watch results go through the features; the origin’s commit delay is known from the start', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-context-'));
  const scenario = tinyScenario();
  const target = { recordsHarness: true, preflight: () => Promise.reject(new Error('unused')), pusher: { pushImage: () => Promise.reject(new Error('unused')) }, workerIn: (r: string) => new FakeWorker(r), close: async () => undefined };
  const recorder = new RunRecorder(join(dir, 'events.jsonl'), now);
  const control = new StopControl({ graceMs: 1000 });
  const progress: ProgressEvent[] = [];
  const features = new RunFeatures(scenario, [{ replication: (_o, _r, _i, e) => (e.outcome === 'timed-out' ? { ...e, reason: `feature: ${e.reason}` } : e) }]);
  try {
    const ctx = new RunContext({
      scenario, plan: planRun(scenario, now), target, workers: inProcessWorkers(scenario, target), recorder, control,
      commitRtt: { minMs: 6, medianMs: 6, samplesMs: [6] }, now, features, onProgress: (e) => progress.push(e),
    });
    assert.is(ctx.commitOneWayDelayMs.get(scenario.origin), 3);
    const out = await ctx.phase('pull', async () => {
      ctx.update();
      return 7;
    });
    assert.is(out, 7);
    assert.equal(progress.map((e) => (e.kind === 'update' ? `update ${e.phase}` : e.kind)), ['phase-start', 'update pull', 'phase-end']);
    const event = { type: 'replication', t: 1, labels: { region: 'b', image: 'x:1', digest: 'sha256:0' }, probes: 1, outcome: 'timed-out', reason: 'late' } as unknown as ReplicationEvent;
    ctx.replicated(scenario.origin, 'b', {} as PushedImage, event);
    ctx.fail(new Error('boom'), 'the run failed');
    ctx.fail(new Error('second'), 'again');
    assert.is((ctx.fatal as Error).message, 'boom');
    assert.ok(control.abort.aborted);
    await recorder.close();
    const { events } = await readEventLog(join(dir, 'events.jsonl'));
    assert.equal(events.map((e) => (e.type === 'phase' ? `${e.phase}:${e.state}` : e.type === 'replication' && e.outcome === 'timed-out' ? e.reason : e.type)), ['pull:start', 'pull:end', 'feature: late']);
  } finally {
    control.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});

context.run();
