import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { buildSummary, renderSummary } from '../../src/report/summary.ts';
import { runEvents } from './fixtures.ts';

const build = suite('buildSummary');
build('has the contract keys in the contract order', () => {
  const summary = buildSummary(foldEvents(runEvents()));
  assert.equal(Object.keys(summary), [
    'schemaVersion', 'runId', 'scenario', 'complete', 'startedAt', 'finishedAt', 'origin', 'regions',
    'metrics', 'outcomes', 'gains', 'gainComponents', 'accuracy', 'thresholds',
  ]);
  assert.is(summary.schemaVersion, 1);
  const metrics = summary.metrics as Record<string, Record<string, Record<string, unknown>>>;
  assert.equal(Object.keys(metrics), ['push_duration', 'replication_lag', 'pull_duration', 'pull_ttfb']);
  assert.equal(Object.keys(metrics.replication_lag ?? {}), ['region=japaneast', 'region=westeurope']);
  assert.equal(Object.keys(metrics.replication_lag?.['region=westeurope'] ?? {}),
    ['unit', 'count', 'min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'max', 'uncertainty']);
  assert.equal(metrics.replication_lag?.['region=westeurope']?.uncertainty, { p50: 2, p90: 2, p99: 2, max: 2 }, '± ms per lag percentile');
  assert.equal(Object.keys(metrics.push_duration?.['region=eastus'] ?? {}).at(-1), 'max', 'only lag series carry a bound');
  assert.is(metrics.replication_lag?.['region=westeurope']?.unit, 'ms');
  assert.equal(summary.outcomes, {
    replication: {
      japaneast: { replicated: 98, timedOut: 1, errored: 0, inconsistent: 1, inconsistentBy: { 'manifest-without-blobs': 1 } },
      westeurope: { replicated: 100, timedOut: 0, errored: 0, inconsistent: 0 },
    },
    pull: Object.fromEntries(
      ['japaneast', 'westeurope', 'eastus'].flatMap((e) => ['eastus', 'japaneast', 'westeurope'].map((w) => [`endpoint=${e},worker=${w}`, null] as const))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key]) => [key, { ok: 10, 'digest-mismatch': 0, error: 0, timeout: key === 'endpoint=japaneast,worker=eastus' ? 1 : 0, stalled: 0, throttled: 0 }]),
    ),
  });
  assert.equal(Object.keys(summary.gains as object), ['eastus', 'japaneast', 'westeurope']);
  assert.equal(summary.gainComponents?.eastus, { localP50Ms: 10.007, remoteEndpoint: 'westeurope', remoteP50Ms: 90.009 });
  assert.equal(summary.accuracy, { westeurope: { absErrMsP50: 1, absErrMsP99: 1, absErrMsMax: 1, meanProbes: 10 } });
  assert.equal(Object.keys((summary.thresholds as object[])[0] ?? {}), ['expr', 'series', 'actual', 'ok']);
});
build('leaves accuracy out when no truth was logged', () => {
  const events = runEvents().map((e) => (e.type === 'replication' && e.outcome === 'replicated' ? { ...e, truthUs: undefined } : e));
  const summary = buildSummary(foldEvents(JSON.parse(JSON.stringify(events))));
  assert.not.ok('accuracy' in summary);
  assert.equal(Object.keys(summary).slice(-3), ['gains', 'gainComponents', 'thresholds']);
});
build('rounds ms to whole µs', () => {
  const text = renderSummary(foldEvents(runEvents()));
  for (const m of text.matchAll(/"(?:min|mean|p\d+|max)": (-?[\d.]+)/g)) {
    const decimals = (m[1] ?? '').split('.')[1] ?? '';
    assert.ok(decimals.length <= 3, m[0]);
  }
});
build.run();

const render = suite('renderSummary');
render('is byte-identical across two folds of the same events', () => {
  const a = renderSummary(foldEvents(runEvents()));
  const b = renderSummary(foldEvents(JSON.parse(JSON.stringify(runEvents()))));
  assert.is(a, b);
  assert.ok(a.endsWith('}\n'));
  assert.equal(JSON.parse(a), buildSummary(foldEvents(runEvents())));
});
render.run();
