import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { findSeries, seriesOf } from '../../src/report/report.ts';
import { parseEvent, type ReplEvent } from '../../src/events/index.ts';
import { percentileUs, summarizeMs } from '../../src/stats/percentiles.ts';
import { encodeHistogram } from '../../src/stats/histogram-factory.ts';
import { START, runEvents } from './fixtures.ts';

const fold = suite('foldEvents');
fold('carries the run identity from run-start and run-end', () => {
  const r = foldEvents(runEvents());
  assert.is(r.runId, START.runId);
  assert.is(r.scenario, 'smoke');
  assert.is(r.origin, 'eastus');
  assert.equal(r.regions, ['eastus', 'westeurope', 'japaneast']);
  assert.is(r.startedAt, '2024-01-01T00:00:00.000Z');
  assert.is(r.finishedAt, '2024-01-01T00:01:00.000Z');
  assert.is(r.complete, true);
  assert.is(r.truncated, false);
  assert.is(r.interrupted, undefined);
  assert.equal(r.environment, START.environment);
});
fold('folds known events into known percentiles per series', () => {
  const r = foldEvents(runEvents());
  const we = findSeries(r, 'replication_lag', 'region=westeurope');
  assert.ok(we);
  // lags 1..100 ms: exact below 2.048 ms, within 0.1% above
  const s = summarizeMs(we.histogram);
  assert.is(s.count, 100);
  assert.is(s.min, 1);
  assert.ok(Math.abs(s.p50 - 50) <= 0.05, `p50 ${s.p50}`);
  assert.ok(Math.abs(s.p90 - 90) <= 0.09, `p90 ${s.p90}`);
  assert.ok(Math.abs(s.p99 - 99) <= 0.099, `p99 ${s.p99}`);
  assert.ok(Math.abs(s.max - 100) <= 0.1, `max ${s.max}`);
  assert.is(findSeries(r, 'replication_lag', 'region=japaneast')?.histogram.totalCount, 98);
  assert.is(findSeries(r, 'push_duration', 'region=eastus')?.histogram.totalCount, 100);
  assert.equal(seriesOf(r, 'pull_duration').map((x) => x.key), [
    'endpoint=eastus,worker=eastus', 'endpoint=eastus,worker=japaneast', 'endpoint=eastus,worker=westeurope',
    'endpoint=japaneast,worker=eastus', 'endpoint=japaneast,worker=japaneast', 'endpoint=japaneast,worker=westeurope',
    'endpoint=westeurope,worker=eastus', 'endpoint=westeurope,worker=japaneast', 'endpoint=westeurope,worker=westeurope',
  ]);
  assert.equal(r.series.map((x) => x.metric).filter((m, i, all) => all.indexOf(m) === i),
    ['push_duration', 'replication_lag', 'pull_duration', 'pull_ttfb']);
  const ttfb = findSeries(r, 'pull_ttfb', 'endpoint=westeurope,worker=eastus');
  assert.ok(ttfb && Math.abs(percentileUs(ttfb.histogram, 50) - 41_000) <= 41);
});
fold('counts every outcome per replica region, with probes', () => {
  const r = foldEvents(runEvents());
  assert.equal(r.outcomes, {
    japaneast: { replicated: 98, timedOut: 1, errored: 0, inconsistent: 1, probes: 98 * 20 + 40 + 30, inconsistentBy: { 'manifest-without-blobs': 1 } },
    westeurope: { replicated: 100, timedOut: 0, errored: 0, inconsistent: 0, probes: 1000 },
  });
});
fold('derives uncertainty, gains, accuracy (only where truth exists) and errors', () => {
  const r = foldEvents(runEvents());
  assert.equal(r.lagUncertainty.westeurope, { p50: 2, p90: 2, p99: 2, max: 2 });
  assert.equal(r.lagUncertainty.japaneast, { p50: 1, p90: 1, p99: 1, max: 1 });
  assert.equal(Object.keys(r.gains), ['eastus', 'japaneast', 'westeurope']);
  assert.is(r.gains.eastus?.remoteEndpoint, 'westeurope');
  assert.equal(Object.keys(r.accuracy ?? {}), ['westeurope']);
  assert.equal(r.accuracy?.westeurope, { samples: 100, absErrMsP50: 1, absErrMsP99: 1, absErrMsMax: 1, meanProbes: 10 });
  assert.equal(r.errors, { total: 1, byCode: { E_TIMEOUT: 1 } });
});
fold('evaluates the thresholds logged in run-start, or the ones given', () => {
  const r = foldEvents(runEvents());
  assert.equal(r.thresholds.map((t) => t.ok), [true, true, false, false, true, false]);
  // The scenario set no pull_outcome threshold: the default asks every pull to be ok (one timed out).
  assert.equal(r.thresholds[5], { expr: 'pull_outcome: rate(ok)==1 (default)', series: '*', actual: 0.989011, ok: false, unit: 'ratio' });
  const own = foldEvents(runEvents(), { thresholds: { 'pull_ttfb': ['p(50)<2s'], pull_outcome: [], replication_outcome: [] } });
  assert.equal(own.thresholds.map((t) => [t.expr, t.ok]), [['pull_ttfb: p(50)<2s', true]]);
  const defaults = foldEvents(runEvents(), { thresholds: { 'pull_ttfb': ['p(50)<2s'] } });
  assert.equal(defaults.thresholds.map((t) => [t.expr, t.ok]), [
    ['pull_ttfb: p(50)<2s', true],
    ['replication_outcome: rate(replicated)==1 (default)', false],
    ['pull_outcome: rate(ok)==1 (default)', false],
  ]);
});
fold('does not depend on the order of the events', () => {
  const events = runEvents();
  const a = foldEvents(events);
  const b = foldEvents([...events].reverse());
  assert.equal(a.series.map((s) => [s.key, encodeHistogram(s.histogram)]), b.series.map((s) => [s.key, encodeHistogram(s.histogram)]));
  assert.equal([a.outcomes, a.gains, a.lagUncertainty, a.accuracy, a.thresholds], [b.outcomes, b.gains, b.lagUncertainty, b.accuracy, b.thresholds]);
});
fold('a run without run-end is incomplete; finishedAt comes from the last event', () => {
  const events = runEvents().filter((e) => e.type !== 'run-end');
  const r = foldEvents(events);
  assert.is(r.complete, false);
  assert.is(r.interrupted, 'the log has no run-end record');
  assert.is(r.finishedAt, '2024-01-01T00:00:50.000Z');
});
fold('an interrupted run keeps its reason; a truncated log is never complete', () => {
  const events: ReplEvent[] = [...runEvents().slice(0, -1),
    { type: 'run-end', t: 5, finishedAt: '2024-01-01T00:00:05.000Z', complete: false, interrupted: 'SIGINT' }];
  const r = foldEvents(events);
  assert.is(r.complete, false);
  assert.is(r.interrupted, 'SIGINT');
  assert.is(foldEvents(runEvents(), { truncated: true }).complete, false);
});
fold('a pull is one sample of pull_duration and pull_ttfb (the matrix is closed-loop: nothing corrected)', () => {
  const line = { type: 'pull', t: 1, labels: { worker: 'eastus', endpoint: 'eastus', image: 'i', phase: 'warm' }, durationUs: 50_000, ttfbUs: 1, bytes: 1, expectedIntervalUs: 10_000 };
  const parsed = parseEvent(line); // an older log's planned interval is dropped on reading
  if (parsed.kind !== 'event') throw new Error('expected a valid pull record');
  const r = foldEvents([START, parsed.event]);
  assert.equal(r.series.map((s) => `${s.metric} ${s.histogram.totalCount}`), ['pull_duration 1', 'pull_ttfb 1']);
});
fold('an empty log folds into an empty, incomplete report', () => {
  const r = foldEvents([]);
  assert.is(r.complete, false);
  assert.equal(r.series, []);
  assert.equal(r.outcomes, {});
  assert.equal(r.thresholds, []);
  assert.is(r.startedAt, '1970-01-01T00:00:00.000Z');
});
fold('a watch that ended in an error (its remote worker lost) counts as an errored watch of its region', () => {
  const events = runEvents();
  const base = foldEvents(events).outcomes.westeurope;
  const lost: ReplEvent = { type: 'error', t: 1, code: 'E_UNREACHABLE', message: 'the worker in westeurope was lost: the peer closed the connection', phase: 'watch', labels: { region: 'westeurope', image: 'x:1', digest: `sha256:${'0'.repeat(64)}` } };
  const other: ReplEvent = { type: 'error', t: 1, code: 'E_UNREACHABLE', message: 'rtt failed', phase: 'rtt', labels: { worker: 'westeurope', endpoint: 'eastus' } };
  const r = foldEvents([...events.slice(0, -1), lost, other, ...events.slice(-1)]);
  assert.is(r.outcomes.westeurope?.errored, (base?.errored ?? 0) + 1);
  assert.is(r.outcomes.westeurope?.noAnswer, base?.noAnswer);
  assert.is(r.outcomes.westeurope?.replicated, base?.replicated);
});

fold.run();
