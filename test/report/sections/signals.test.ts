import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../../src/report/fold.ts';
import { findSeries } from '../../../src/report/report.ts';
import { signalMetric, signalsMarkdown, signalsOf } from '../../../src/report/sections/signals.ts';
import { buildSummary } from '../../../src/report/summary.ts';
import { runEvents } from '../fixtures.ts';
import { signalEvents } from '../feature-events.ts';

const of = suite('signalsOf');
of('per source and region: counts, pairs with the probes, median difference, receiver stats', () => {
  const s = signalsOf(signalEvents());
  assert.equal(s?.webhook, {
    regions: { westeurope: { received: 5, missing: 1, failed: 0, paired: 5, medianDiffMs: 20, p90AbsDiffMs: 20 } },
    stats: { accepted: 6, duplicates: 1, requests: 7 },
  });
  assert.equal(s?.['or-status'], { regions: { japaneast: { received: 0, missing: 0, failed: 1, paired: 0, medianDiffMs: null, p90AbsDiffMs: null } } });
});
of('a run without event sources has none', () => {
  assert.is(signalsOf(runEvents()), undefined);
});
of.run();

const metric = suite('signalMetric');
metric('each source has its series, folded like any other and summarised per region', () => {
  assert.is(signalMetric('webhook'), 'replication_lag_webhook');
  assert.is(signalMetric('or-status'), 'replication_lag_or_status');
  const report = foldEvents(signalEvents());
  assert.is(findSeries(report, 'replication_lag_webhook', 'region=westeurope')?.histogram.totalCount, 5);
  const summary = buildSummary(report);
  assert.equal((summary.eventSources as Record<string, { regions: Record<string, { medianDiffMs: number }> }>).webhook?.regions.westeurope?.medianDiffMs, 20);
  assert.equal(Object.keys(summary).slice(-2), ['eventSources', 'thresholds']);
  assert.not.ok('eventSources' in buildSummary(foldEvents(runEvents())));
});
metric.run();

const markdown = suite('signalsMarkdown');
markdown('a table per source with the signed median difference and the receiver counters', () => {
  const report = foldEvents(signalEvents());
  const md = signalsMarkdown(report.signals ?? {}, report);
  assert.match(md, /## Replication lag from webhook events/);
  assert.match(md, /\| westeurope \| 5 \| 1 \| .* \| 5 \| \+20ms \| 20ms \|/);
  assert.match(md, /Receiver: accepted 6, duplicates 1, requests 7\./);
  assert.match(md, /object-replication status/);
  assert.is(foldEvents(runEvents()).signals, undefined);
});
markdown.run();
