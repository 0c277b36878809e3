import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { renderMetricHlog } from '../../src/report/hlog-report.ts';
import { markPartial, workersOf } from '../../src/report/workers.ts';
import { buildSummary } from '../../src/report/summary.ts';
import type { LoadEvent, ReplEvent } from '../../src/events/index.ts';
import { createHistogram, encodeHistogram, recordUs } from '../../src/stats/histogram-factory.ts';
import { START } from './fixtures.ts';

function hist(values: readonly number[]): string {
  const h = createHistogram();
  for (const v of values) recordUs(h, v);
  return encodeHistogram(h);
}

function interval(worker: string, endpoint: string, t: number, values: readonly number[], status: Record<string, number>): LoadEvent {
  return { type: 'load', t, labels: { worker, endpoint, kind: 'manifest-head' }, startUs: t - 1_000_000, lengthUs: 1_000_000, histogram: hist([...values, ...values]), uncorrected: hist(values), requests: values.length, status, errors: 0, timeouts: 1, expectedIntervalUs: 5000 };
}

const events: ReplEvent[] = [
  { ...START, snapshot: { replication: { watchFrom: 'worker' } } },
  { type: 'worker-joined', t: 1, region: 'westeurope', host: 'vm-w', pid: 7, version: '0.1.0' },
  { type: 'clock-offset', t: 2, worker: 'westeurope', offsetUs: -1250, uncertaintyUs: 400, rttUs: 800, rounds: 8 },
  { type: 'clock-offset', t: 2, worker: 'eastus', offsetUs: 30, uncertaintyUs: 100, rttUs: 200, rounds: 8 },
  interval('eastus', 'eastus', 2_000_000, [1000, 2000], { '200': 2 }),
  interval('eastus', 'eastus', 3_000_000, [3000], { '200': 1 }),
  interval('westeurope', 'eastus', 2_000_000, [90_000], { '200': 1, '429': 0 }),
  { type: 'load-end', t: 3_500_000, labels: { worker: 'eastus', endpoint: 'eastus', kind: 'manifest-head' }, durationUs: 2_000_000, connections: 1, ratePerSec: 200, requests: 3, status: { '200': 3 }, errors: 0, timeouts: 2, histogram: '', uncorrected: '' },
  { type: 'worker-lost', t: 3_600_000, region: 'westeurope', reason: 'connection reset' },
  { type: 'replication', t: 5, outcome: 'replicated', labels: { region: 'westeurope', image: 'i', digest: 'd' }, valueUs: 100, uncertaintyUs: 10, probes: 1 },
  { type: 'run-end', t: 4_000_000, finishedAt: '2024-01-01T00:00:04.000Z', complete: true },
];

const scale = suite('workersOf');

scale('offsets in ms, lost workers, load counts summed over intervals; intervals merged per series and kept for the interval log', () => {
  const s = workersOf(events);
  assert.equal(s.offsets, { eastus: { offsetMs: 0.03, uncertaintyMs: 0.1, rttMs: 0.2 }, westeurope: { offsetMs: -1.25, uncertaintyMs: 0.4, rttMs: 0.8 } });
  assert.equal(s.workersLost, { westeurope: 'connection reset' });
  assert.equal(s.load?.['endpoint=eastus,kind=manifest-head,worker=eastus'], { requests: 3, errors: 0, timeouts: 2, status: { '200': 3 }, requestsPerSec: 1.5, connections: 1, ratePerSec: 200, complete: true });
  assert.is(s.load?.['endpoint=eastus,kind=manifest-head,worker=westeurope']?.complete, false);
  const corrected = s.loadSeries.find((x) => x.metric === 'load_latency' && x.labels.worker === 'eastus');
  const uncorrected = s.loadSeries.find((x) => x.metric === 'load_latency_uncorrected' && x.labels.worker === 'eastus');
  assert.is(corrected?.histogram.totalCount, 6);
  assert.is(uncorrected?.histogram.totalCount, 3);
  assert.is(uncorrected?.histogram.maxValue, 3001);
  assert.ok(s.watchFromWorker);
  assert.equal(corrected?.intervals?.map((i) => i.startUs), [1_000_000, 2_000_000]);
  const log = renderMetricHlog(foldEvents(events), 'load_latency_uncorrected', 10_000_000);
  assert.match(log, /^Tag=endpoint=eastus\+kind=manifest-head\+worker=eastus,0\.000,10\.000,3\.001,HIST/m);
});

scale('a run without remote workers or load adds nothing', () => {
  const s = workersOf([START]);
  assert.equal(s, { loadSeries: [], watchFromWorker: false });
});

scale.run();

const partial = suite('markPartial');

partial('every series the lost worker fed, and its region’s lags when watched from workers', () => {
  const report = foldEvents(events);
  const flagged = report.series.filter((s) => s.partial === true).map((s) => `${s.metric}{${s.key}}`);
  assert.equal(flagged, ['replication_lag{region=westeurope}', 'load_latency{endpoint=eastus,kind=manifest-head,worker=westeurope}', 'load_latency_uncorrected{endpoint=eastus,kind=manifest-head,worker=westeurope}']);
  const coordinatorWatched = markPartial(report.series.map(({ partial: _omitted, ...s }) => s), { workersLost: { westeurope: 'x' }, watchFromWorker: false });
  assert.not.ok(coordinatorWatched.some((s) => s.metric === 'replication_lag' && s.partial === true));
});

partial.run();

const summary = suite('buildSummary: workers sections');

summary('offsets, workersLost and load in summary.json; partial series flagged', () => {
  const s = buildSummary(foldEvents(events)) as Record<string, unknown> & { metrics: Record<string, Record<string, Record<string, unknown>>> };
  assert.equal(s.offsets, { eastus: { offsetMs: 0.03, uncertaintyMs: 0.1, rttMs: 0.2 }, westeurope: { offsetMs: -1.25, uncertaintyMs: 0.4, rttMs: 0.8 } });
  assert.equal(s.workersLost, { westeurope: 'connection reset' });
  assert.is(s.metrics.load_latency?.['endpoint=eastus,kind=manifest-head,worker=westeurope']?.partial, true);
  assert.is(s.metrics.load_latency?.['endpoint=eastus,kind=manifest-head,worker=eastus']?.partial, undefined);
  assert.is(s.metrics.load_latency_uncorrected?.['endpoint=eastus,kind=manifest-head,worker=eastus']?.count, 3);
  const keys = Object.keys(s);
  assert.ok(keys.indexOf('offsets') < keys.indexOf('thresholds') && keys.indexOf('load') < keys.indexOf('thresholds'));
});

summary.run();
