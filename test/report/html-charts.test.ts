import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { colorOf, lagTimeline, percentileChart, pullCharts, reportCharts, OUTCOME_COLORS, PALETTE } from '../../src/report/html-charts.ts';
import { seriesOf } from '../../src/report/report.ts';
import type { ArtifactRecord } from '../../src/report/artifacts.ts';
import { runEvents } from './fixtures.ts';

const report = foldEvents(runEvents());

const color = suite('colorOf');
color('gives each name the palette colour of its sorted position', () => {
  assert.is(colorOf('b', ['c', 'b', 'a']), PALETTE[1]);
  assert.is(colorOf('zzz', ['a']), PALETTE[0]);
});
color.run();

const pct = suite('percentileChart');
pct('aligns the curves on one x array and labels each with its sample count', () => {
  const lag = seriesOf(report, 'replication_lag');
  const chart = percentileChart('c', 'T', lag.map((s) => ({ label: s.key, series: s, color: '#000' })));
  assert.is(chart?.kind, 'percentiles');
  assert.equal(chart?.series.map((s) => s.label), ['region=japaneast (n=98)', 'region=westeurope (n=100)']);
  for (const s of chart?.series ?? []) assert.is(s.values.length, chart?.xs.length);
  assert.equal(chart?.ticks?.map((t) => t.label), ['0%', '50%', '90%', '99%']);
});
pct('with legend values: p50 and p99 in each legend entry, p99 marked only when it rests on too few samples', () => {
  const lag = seriesOf(report, 'replication_lag');
  const chart = percentileChart('c', 'T', lag.map((s) => ({ label: s.labels.region ?? '', series: s, color: '#000' })), true);
  const labels = chart?.series.map((s) => s.label) ?? [];
  assert.match(labels[0] ?? '', /^japaneast \(n=98; p50 [\d.]+m?s, p99 [\d.]+m?s — n too small\)$/);
  assert.match(labels[1] ?? '', /^westeurope \(n=100; p50 50ms, p99 99ms\)$/);
});
pct('is undefined when no series has data', () => {
  assert.is(percentileChart('c', 'T', []), undefined);
});
pct.run();

const pulls = suite('pullCharts');
pulls('draws one chart per worker, a line per endpoint, the local one thicker', () => {
  const charts = pullCharts(report, 'pull_duration');
  assert.equal(charts.map((c) => c.id), ['chart-pull-duration-0', 'chart-pull-duration-1', 'chart-pull-duration-2']);
  assert.is(charts[0]?.title, 'Pull duration — worker in eastus');
  assert.equal(charts[0]?.series.map((s) => [s.label, s.width]), [
    ['from eastus (local) (n=10; p50 10ms, p99 10ms — n too small)', 3],
    ['from japaneast (n=10; p50 160ms, p99 160ms — n too small)', 1.5],
    ['from westeurope (n=10; p50 90ms, p99 90ms — n too small)', 1.5],
  ]);
});
pulls.run();

const timeline = suite('lagTimeline');
timeline('plots each replicated artifact with its ± bound and failures as hollow markers at the time waited', () => {
  const chart = lagTimeline('t', report.artifacts);
  assert.equal(chart?.series.map((s) => s.label), [
    'japaneast lag ± bound', 'westeurope lag ± bound', 'japaneast timed out (waited)', 'japaneast inconsistent (waited)',
  ]);
  const west = chart?.series[1];
  const i = chart?.xs.indexOf(0.5) ?? -1;
  assert.is(west?.values[i], 1);
  assert.is(west?.errs?.[i], 2);
  const timedOut = chart?.series[2];
  assert.is(timedOut?.marker, 'hollow');
  assert.is(timedOut?.color, OUTCOME_COLORS['timed-out']);
  assert.is(timedOut?.values.filter((v) => v !== null).length, 1);
  assert.is(timedOut?.errs, undefined);
});
timeline('moves two points of one series that share a commit time 1 µs apart', () => {
  const a: ArtifactRecord = { region: 'r', image: 'a', digest: 'd', outcome: 'replicated', committedUs: 1_000_000, verdictUs: 2_000_000, lagUs: 5000, uncertaintyUs: 1000, probes: 1 };
  const chart = lagTimeline('t', [a, { ...a, image: 'b', lagUs: 7000 }]);
  assert.equal(chart?.xs, [1, 1.000001]);
  assert.equal(chart?.series[0]?.values, [5, 7]);
});
timeline('is undefined without artifacts', () => {
  assert.is(lagTimeline('t', []), undefined);
});
timeline.run();

const all = suite('reportCharts');
all('lists lag distribution, timeline, pull per worker and push, in page order', () => {
  assert.equal(reportCharts(report).map((c) => c.id), [
    'chart-lag-percentiles', 'chart-lag-timeline', 'chart-pull-duration-0', 'chart-pull-duration-1', 'chart-pull-duration-2', 'chart-push-percentiles',
  ]);
});
all.run();
