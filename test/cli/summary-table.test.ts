import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { actualText, describeFailedThresholds, renderSummaryTable } from '../../src/cli/summary-table.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { runEvents } from '../report/fixtures.ts';

const report = foldEvents(runEvents());

const table = suite('renderSummaryTable');

table('lag per region with ± bounds and outcomes, accuracy, pull matrix, gains, thresholds — within 100 columns', () => {
  const text = renderSummaryTable(report, 'reports/x');
  assert.match(text, /^replbench run 20240101T000000Z-smoke: scenario smoke, origin eastus, /);
  assert.match(text, /reports in reports\/x/);
  assert.match(text, /Replication lag \(ms from the commit point; ± = guaranteed bound\)\nregion +replicated +timed out +errored +incons\. +p50 +p90 +p99 +max\n/);
  assert.match(text, /westeurope +100\/100 +0 +0 +0 +50\.0 ±2\.00 /);
  assert.match(text, /Accuracy against the lab's ground truth/);
  assert.match(text, /Pull duration p50 \(ms\), worker region × endpoint\nworker \\ endpoint/);
  assert.match(text, /Network-close gain \(nearest remote p50 ÷ local p50\)\nworker +local p50 +nearest remote +remote p50 +gain\neastus .*8\.99×\n/);
  assert.match(text, /FAIL +replication_lag: med<1ms +[\d.]+ ms\n/);
  assert.match(text, /Thresholds: \d+ of \d+ thresholds FAILED/);
  // Only the pairs with failed pulls, by outcome; the inconsistency reasons under the lag table.
  assert.match(text, /Pull failures\nworker +endpoint +failed +outcomes\neastus +japaneast +1\/11 +timeout ×1\n/);
  assert.match(text, /inconsistent: japaneast manifest-without-blobs ×1\n/);
  for (const line of text.split('\n')) assert.ok(line.length <= 100, `over 100 columns: "${line}"`);
});

table('a saturated harness: each long sentence is wrapped within 100 columns, indented under its bullet', () => {
  const sentence = 'lab: its timers ran p99 18.38 ms late (max 18.45 ms; limit 5 ms): emulated round trips and probe answers were late by up to that, widening every bracket (its loop was busy 67.9% of the time).';
  const health = { ...report.health, saturation: [sentence] } as NonNullable<typeof report.health>;
  const text = renderSummaryTable({ ...report, health });
  const block = text.slice(text.indexOf('Precision lost')).split('\n\n')[0]?.split('\n') ?? [];
  assert.ok(block.length >= 3, block.join('\n'));
  assert.ok(block[1]?.startsWith('- lab: its timers') && block.slice(2).every((l) => l.startsWith('  ')));
  assert.is(block.slice(1).map((l) => l.replace(/^(- | {2})/, '')).join(' '), sentence);
  for (const line of text.split('\n')) assert.ok(line.length <= 100, `over 100 columns: "${line}"`);
});
table('a report with no data still renders its header', () => {
  const text = renderSummaryTable(foldEvents([]));
  assert.match(text, /INCOMPLETE \(the log has no run-end record\)/);
});

table.run();

const failed = suite('describeFailedThresholds');

failed('one line per failure: expression, series, actual', () => {
  const lines = describeFailedThresholds(report);
  assert.ok(lines.length > 0);
  assert.ok(lines.includes('threshold failed: replication_lag: med<1ms on all series: actual 50 ms') || lines.some((l) => /^threshold failed: replication_lag: med<1ms on all series: actual [\d.]+ ms$/.test(l)), lines.join('\n'));
});

failed.run();

const actual = suite('actualText');

actual('ms, percentages, counts, and "no data"', () => {
  const base = { expr: 'x', series: '*', ok: true } as const;
  assert.is(actualText({ ...base, actual: 412.5, unit: 'ms' }), '413 ms');
  assert.is(actualText({ ...base, actual: 0.995, unit: 'ratio' }), '99.50%');
  assert.is(actualText({ ...base, actual: 1, unit: 'ratio' }), '100%');
  assert.is(actualText({ ...base, actual: 6, unit: 'count' }), '6');
  assert.is(actualText({ ...base, actual: null, unit: 'ms' }), 'no data');
});

actual.run();

const wrapped = suite('renderSummaryTable: saturation lines');
wrapped('long saturation sentences wrap within 100 columns, continuation indented', () => {
  const long = 'lab: its timers ran p99 22.24 ms late (max 22.57 ms; limit 5 ms): emulated round trips and probe answers were late by up to that, widening every bracket (its loop was busy 55.8% of the time).';
  const text = renderSummaryTable({ ...report, health: { ...(report.health ?? {}), saturation: [long] } } as unknown as typeof report);
  const block = text.slice(text.indexOf('Precision lost to a saturated harness'));
  assert.match(block, /^Precision lost to a saturated harness\n- lab: its timers ran .*\n {2}\S/);
  for (const line of text.split('\n')) assert.ok(line.length <= 100, `over 100 columns: "${line}"`);
  assert.is(block.split('\n').slice(1, 3).join(' ').replace(/ {2,}/g, ' ').startsWith('- lab: its timers'), true);
});
wrapped.run();
