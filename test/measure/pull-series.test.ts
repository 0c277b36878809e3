import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, UnreachableError } from '../../src/errors.ts';
import { PullSeries } from '../../src/measure/pull-series.ts';

const task = { endpoint: 'west', image: 'img0', repo: 'app', reference: 'v1' };
const once = { durationMs: 5, ttfbMs: 1, bytes: 10 };

test('cold, then warm for the same endpoint and image; labels on the worker clock; fields in order', async () => {
  let t = 100;
  const series = new PullSeries({ worker: 'east', now: () => t++ });
  const first = await series.run({ ...task, pulls: 2 }, async () => once);
  assert.equal(first.map((r) => [r.phase, r.startedAtMs]), [['cold', 100], ['warm', 101]]);
  assert.equal(Object.keys(first[0] ?? {}), ['outcome', 'worker', 'endpoint', 'image', 'phase', 'startedAtMs', 'durationMs', 'ttfbMs', 'bytes']);
  const other = await series.run({ ...task, endpoint: 'north' }, async () => once);
  assert.is(other[0]?.phase, 'cold');
});

test('a failure is recorded with its code and the status statusOf gives; it stays cold; an abort ends the series', async () => {
  const series = new PullSeries({ worker: 'east', now: () => 0, statusOf: () => 503 });
  const failed = await series.run({ ...task, pulls: 2 }, async () => {
    throw new UnreachableError('west', 'no route');
  });
  assert.equal(failed.map((r) => (r.outcome === 'failed' ? [r.phase, r.code, r.status] : [])), [['cold', 'E_UNREACHABLE', 503], ['cold', 'E_UNREACHABLE', 503]]);
  let calls = 0;
  const aborted = await series.run({ ...task, pulls: 3 }, async () => {
    calls++;
    throw new AbortedError('stopped');
  });
  assert.equal([aborted, calls], [[], 1]);
  const noStatus = await new PullSeries({ worker: 'east', now: () => 0 }).run(task, async () => {
    throw new Error('x');
  });
  assert.ok(noStatus[0]?.outcome === 'failed' && !('status' in noStatus[0]));
});

test.run();
