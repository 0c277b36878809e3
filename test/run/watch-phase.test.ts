import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import type { WatchResult } from '../../src/measure/watch-types.ts';
import type { PushedImage } from '../../src/run/push-phase.ts';
import { commitWindowMs, scheduleOf, WatchPhase, withCommitWindow } from '../../src/run/watch-phase.ts';
import type { ResolvedReplication } from '../../src/scenario/resolved.ts';
import { FakeWorker } from './fake-worker.ts';

const REPLICATION: ResolvedReplication = { probe: 'manifest+blobs', schedule: 'adaptive', intervalMs: 10, timeoutMs: 5000, maxProbesPerSecPerRegion: null, regions: ['b', 'c'], watchFrom: 'coordinator' };

function image(i: number): PushedImage {
  return { index: i, image: `r/app-${i}:v1`, repo: `r/app-${i}`, tag: 'v1', digest: `sha256:${String(i).repeat(64)}`, blobs: ['sha256:cfg'], commitAtMs: 1000 + i, commitSentAtMs: 999 + i, durationMs: 5, bytes: 10 };
}

const replicated = (lagMs: number): WatchResult => ({ outcome: 'replicated', lagMs, uncertaintyMs: 3, lastMissAtMs: 0, firstHitAtMs: 0, probes: 7, throttled: 0, failed: 0 });

const phase = suite('WatchPhase');

phase('one watch per replica region, by the worker in that region, from the commit point', async () => {
  const b = new FakeWorker('b');
  const c = new FakeWorker('c', { watch: async () => ({ outcome: 'timed-out', waitedMs: 5000, probes: 40, throttled: 0, failed: 0 }) });
  const results: string[] = [];
  const w = new WatchPhase({
    replication: REPLICATION,
    workerFor: (r) => (r === 'b' ? b : c),
    oneWayDelayMs: (r) => (r === 'b' ? 0.5 : 4),
    commitOneWayDelayMs: 0.25,
    truthLagMs: (_repo, _digest, region) => (region === 'b' ? 99 : undefined),
    onResult: (region, img, result, truth) => results.push(`${region} ${img.image} ${result.outcome} ${truth ?? '-'}`),
  });
  w.start(image(0));
  await w.settled();
  assert.equal(results.sort(), ['b r/app-0:v1 replicated 99', 'c r/app-0:v1 timed-out -']);
  const task = b.watches[0];
  assert.is(task?.endpoint, 'b');
  assert.is(task?.commitAtMs, 1000);
  assert.is(task?.commitOneWayDelayMs, 0.25);
  assert.is(task?.oneWayDelayMs, 0.5);
  assert.is(task?.tag, 'v1');
  assert.equal(task?.blobs, ['sha256:cfg']);
  assert.is(c.watches[0]?.oneWayDelayMs, 4);
  assert.equal(w.replicatedIn('b').map((p) => p.index), [0]);
  assert.equal(w.replicatedIn('c'), []);
  assert.equal(w.counts('b'), { started: 1, settled: 1, replicated: 1 });
});

phase('the adaptive schedule learns each region’s lags: cold first, then with a prior', async () => {
  const b = new FakeWorker('b', { watch: async () => replicated(200) });
  const w = new WatchPhase({ replication: { ...REPLICATION, regions: ['b'] }, workerFor: () => b, oneWayDelayMs: () => 0, commitOneWayDelayMs: 0 });
  for (let i = 0; i < 7; i++) {
    w.start(image(i));
    await w.settled();
  }
  const schedules = b.watches.map((t) => t.schedule);
  assert.ok(schedules[0]?.kind === 'adaptive' && schedules[0].prior === undefined);
  const last = schedules[6];
  assert.ok(last?.kind === 'adaptive' && last.prior !== undefined && Math.abs(last.prior.medianMs - 200) < 1);
});

phase('a slow 201 widens the uncertainty of the lag, never its value', async () => {
  const b = new FakeWorker('b', { watch: async () => replicated(200) });
  const got: WatchResult[] = [];
  const w = new WatchPhase({ replication: { ...REPLICATION, regions: ['b'] }, workerFor: () => b, oneWayDelayMs: () => 0, commitOneWayDelayMs: 0.5, onResult: (_r, _i, result) => got.push(result) });
  w.start({ ...image(0), commitSentAtMs: 900, commitAtMs: 1000 });
  await w.settled();
  assert.ok(got[0]?.outcome === 'replicated' && got[0].lagMs === 200 && got[0].uncertaintyMs === 3 + 99);
});

phase('a watch that throws (cancelled) is reported through onFailed and counted as settled', async () => {
  const b = new FakeWorker('b', { watch: async () => { throw new AbortedError('cancelled'); } });
  const failed: string[] = [];
  const w = new WatchPhase({ replication: { ...REPLICATION, regions: ['b'] }, workerFor: () => b, oneWayDelayMs: () => 0, commitOneWayDelayMs: 0, onFailed: (r, img, err) => failed.push(`${r} ${img.index} ${(err as Error).message}`) });
  w.start(image(3));
  await w.settled();
  assert.equal(failed, ['b 3 cancelled']);
  assert.equal(w.counts('b'), { started: 1, settled: 1, replicated: 0 });
});

phase('a callback that throws (the log cannot be written) surfaces from settled(), never as an unhandled rejection', async () => {
  const b = new FakeWorker('b');
  const w = new WatchPhase({ replication: { ...REPLICATION, regions: ['b'] }, workerFor: () => b, oneWayDelayMs: () => 0, commitOneWayDelayMs: 0, onResult: () => { throw new Error('ENOSPC'); } });
  w.start(image(0));
  w.start(image(1));
  try {
    await w.settled();
    assert.unreachable('expected settled() to reject');
  } catch (err) {
    assert.match((err as Error).message, /ENOSPC/);
  }
  assert.equal(w.counts('b'), { started: 2, settled: 2, replicated: 2 });
});

phase.run();

const schedule = suite('scheduleOf');

schedule('fixed keeps the interval; adaptive takes it as its floor', () => {
  assert.equal(scheduleOf({ ...REPLICATION, schedule: 'fixed', intervalMs: 250 }), { kind: 'fixed', intervalMs: 250 });
  const a = scheduleOf(REPLICATION);
  assert.ok(a.kind === 'adaptive' && a.floorMs === 10 && a.fraction > 0 && a.maxIntervalMs >= 10);
});

schedule.run();

const window = suite('commitWindowMs / withCommitWindow');

window('the PUT round trip beyond two one-way delays, never negative', () => {
  assert.is(commitWindowMs({ commitSentAtMs: 100, commitAtMs: 130 }, 5), 20);
  assert.is(commitWindowMs({ commitSentAtMs: 100, commitAtMs: 105 }, 5), 0);
});

window('only a replicated result changes', () => {
  const timedOut: WatchResult = { outcome: 'timed-out', waitedMs: 1, probes: 1, throttled: 0, failed: 0 };
  assert.is(withCommitWindow(timedOut, 50), timedOut);
  const r = withCommitWindow(replicated(10), 50);
  assert.ok(r.outcome === 'replicated' && r.uncertaintyMs === 53 && r.lagMs === 10);
});

window.run();
