import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadEndEvent, loadIntervalEvent, runScenarioLoad, type ScenarioLoad } from '../../src/measure/load-scenario.ts';
import type { LoadTask, LoadTotals, LoadWorker } from '../../src/measure/load-types.ts';
import { parseEvent, type ReplEvent } from '../../src/events/index.ts';

const LOAD: ScenarioLoad = {
  kind: 'blob-get',
  ratePerSec: 100,
  connections: 2,
  durationMs: 50,
  pairs: [{ worker: 'a', endpoint: 'a' }, { worker: 'b', endpoint: 'b' }],
};
const img = { image: 'r/0:v1', repo: 'r/0', manifestDigest: 'sha256:0', blobDigest: 'sha256:c0' };

function fakeRecorder(): { events: ReplEvent[]; recorder: { append(e: ReplEvent): void; record(e: object): void; tUs(atMs?: number): number } } {
  const events: ReplEvent[] = [];
  return {
    events,
    recorder: {
      append: (e) => events.push(e),
      record: (e) => events.push({ ...e, t: 7 } as ReplEvent),
      tUs: (atMs?: number) => Math.round((atMs ?? 1) * 1000),
    },
  };
}

const loader = (region: string, tasks: LoadTask[]): LoadWorker => ({
  region,
  async load(task, opts = {}): Promise<LoadTotals> {
    tasks.push(task);
    opts.onInterval?.({ startMs: 2, lengthMs: 1, histogram: 'HISTFAAAACB4nJNpmSzMwMDAxsDAwMwAAwEBMAAAD4gA3A==', uncorrected: 'HISTFAAAACB4nJNpmSzMwMDAxsDAwMwAAwEBMAAAD4gA3A==', requests: 1, status: { '200': 1 }, errors: 0, timeouts: 0 });
    return { endpoint: task.endpoint, kind: task.kind, connections: 2, ratePerSec: 100, durationMs: 50, expectedIntervalUs: 20_000, histogram: 'h', uncorrected: 'u', requests: 1, status: { '200': 1 }, errors: 0, timeouts: 0 };
  },
});

const scenario = suite('runScenarioLoad');

scenario('one task per pair on the image pullable everywhere; a load record per interval and a load-end per series, all valid records', async () => {
  const { events, recorder } = fakeRecorder();
  const tasks: LoadTask[] = [];
  const done: boolean[] = [];
  await runScenarioLoad({ load: LOAD, loaderFor: (r) => loader(r, tasks), imagesAt: () => [img], recorder, onSeries: (ok) => done.push(ok) });
  assert.equal(tasks.map((t) => [t.endpoint, t.kind, t.ratePerSec, t.connections, t.target.blobDigest]), [['a', 'blob-get', 100, 2, 'sha256:c0'], ['b', 'blob-get', 100, 2, 'sha256:c0']]);
  assert.equal(done, [true, true]);
  const load = events.filter((e) => e.type === 'load');
  assert.is(load.length, 2);
  assert.ok(load.every((e) => e.type === 'load' && e.startUs === 2000 && e.expectedIntervalUs === 20_000 && e.labels.kind === 'blob-get'));
  assert.is(events.filter((e) => e.type === 'load-end').length, 2);
  for (const e of events) assert.is(parseEvent(e).kind, 'event', JSON.stringify(e));
});

scenario('no image pullable at every endpoint: one error record, no series', async () => {
  const { events, recorder } = fakeRecorder();
  const tasks: LoadTask[] = [];
  const done: boolean[] = [];
  await runScenarioLoad({ load: LOAD, loaderFor: (r) => loader(r, tasks), imagesAt: (e) => (e === 'a' ? [img] : []), recorder, onSeries: (ok) => done.push(ok) });
  assert.equal(tasks, []);
  assert.equal(done, [false, false]);
  assert.is(events.length, 1);
  assert.ok(events[0]?.type === 'error' && events[0].phase === 'load' && /no image is pullable at every load endpoint \(a, b\)/.test(events[0].message));
});

scenario.run();

const records = suite('loadIntervalEvent / loadEndEvent');

records('flat out: no expectedIntervalUs; durations in µs', () => {
  const labels = { worker: 'a', endpoint: 'b', kind: 'manifest-head' as const };
  const e = loadIntervalEvent(labels, { startMs: 1, lengthMs: 1000, histogram: 'h', uncorrected: 'u', requests: 5, status: { '200': 5 }, errors: 1, timeouts: 0 }, 9, 1000, null);
  assert.equal(e, { type: 'load', t: 9, labels, startUs: 1000, lengthUs: 1_000_000, histogram: 'h', uncorrected: 'u', requests: 5, status: { '200': 5 }, errors: 1, timeouts: 0 });
  const end = loadEndEvent(labels, { endpoint: 'b', kind: 'manifest-head', connections: 2, ratePerSec: null, durationMs: 2.5, expectedIntervalUs: null, histogram: 'h', uncorrected: 'u', requests: 5, status: {}, errors: 0, timeouts: 0 }, 3);
  assert.is(end.durationUs, 2500);
  assert.is(end.ratePerSec, null);
});

records.run();
