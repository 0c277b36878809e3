import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UnreachableError } from '../../src/errors.ts';
import { pickLoadTarget, runLoadPhase, type LoadLabels } from '../../src/measure/load-phase.ts';
import type { LoadInterval, LoadTask, LoadTotals, LoadWorker } from '../../src/measure/load-types.ts';

const TARGET = { repo: 'r/a', manifestDigest: 'sha256:1', blobDigest: 'sha256:c1' };

function fakeLoader(region: string, started: string[], failFor?: string): LoadWorker {
  return {
    region,
    async load(task: LoadTask, opts = {}): Promise<LoadTotals> {
      started.push(`${region}->${task.endpoint}`);
      await new Promise((r) => setTimeout(r, 10));
      if (task.endpoint === failFor) throw new UnreachableError(task.endpoint, `${task.endpoint} is down`);
      const interval: LoadInterval = { startMs: 0, lengthMs: 10, histogram: 'h', uncorrected: 'u', requests: 3, status: { '200': 3 }, errors: 0, timeouts: 0 };
      opts.onInterval?.(interval);
      return { endpoint: task.endpoint, kind: task.kind, connections: task.connections, ratePerSec: task.ratePerSec, durationMs: 10, expectedIntervalUs: null, histogram: 'h', uncorrected: 'u', requests: 3, status: { '200': 3 }, errors: 0, timeouts: 0 };
    },
  };
}

const phase = suite('runLoadPhase');

phase('every pair at once; a failing series is reported and the others finish', async () => {
  const started: string[] = [];
  const intervals: LoadLabels[] = [];
  const ended: LoadLabels[] = [];
  const failed: [LoadLabels, unknown][] = [];
  const pairs = [{ worker: 'a', endpoint: 'a' }, { worker: 'a', endpoint: 'b' }, { worker: 'b', endpoint: 'a' }, { worker: 'b', endpoint: 'b' }];
  const r = await runLoadPhase({
    pairs,
    kind: 'manifest-head',
    ratePerSec: 10,
    connections: 1,
    durationMs: 10,
    target: TARGET,
    loaderFor: (w) => fakeLoader(w, started, 'b'),
    onInterval: (l) => intervals.push(l),
    onEnd: (l) => ended.push(l),
    onFailed: (l, e) => failed.push([l, e]),
  });
  assert.equal(r, { completed: 2, failed: 2 });
  assert.equal(started, ['a->a', 'a->b', 'b->a', 'b->b']);
  assert.equal(ended.map((l) => `${l.worker}->${l.endpoint}:${l.kind}`).sort(), ['a->a:manifest-head', 'b->a:manifest-head']);
  assert.is(intervals.length, 2);
  assert.ok(failed.every(([l, e]) => l.endpoint === 'b' && e instanceof UnreachableError));
});

phase('an aborted phase starts nothing', async () => {
  const started: string[] = [];
  const ac = new AbortController();
  ac.abort();
  const r = await runLoadPhase({ pairs: [{ worker: 'a', endpoint: 'a' }], kind: 'blob-get', ratePerSec: null, connections: 1, durationMs: 10, target: TARGET, loaderFor: (w) => fakeLoader(w, started), signal: ac.signal });
  assert.equal(r, { completed: 0, failed: 1 });
  assert.equal(started, []);
});

phase.run();

const pick = suite('pickLoadTarget');

pick('the first image pullable at every endpoint loaded', () => {
  const img = (i: number) => ({ image: `r/${i}:v1`, repo: `r/${i}`, manifestDigest: `sha256:${i}`, blobDigest: `sha256:c${i}` });
  const at: Record<string, ReturnType<typeof img>[]> = { a: [img(0), img(1), img(2)], b: [img(2), img(1)], c: [img(1)] };
  assert.is(pickLoadTarget([{ endpoint: 'a' }, { endpoint: 'b' }], (e) => at[e] ?? [])?.image, 'r/1:v1');
  assert.is(pickLoadTarget([{ endpoint: 'a' }], (e) => at[e] ?? [])?.image, 'r/0:v1');
  assert.is(pickLoadTarget([{ endpoint: 'a' }, { endpoint: 'd' }], (e) => at[e] ?? []), undefined);
  assert.is(pickLoadTarget([], (e) => at[e] ?? []), undefined);
});

pick.run();
