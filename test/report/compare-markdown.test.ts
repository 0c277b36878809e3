import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareReports, type PercentileComparison } from '../../src/report/compare.ts';
import { changeText, ciText, pText, renderCompareMarkdown, verdictLine, verdictText } from '../../src/report/compare-markdown.ts';
import { DEFAULT_COMPARE_OPTIONS } from '../../src/report/compare-options.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { syntheticRun } from './synthetic-run.ts';

const row: PercentileComparison = {
  percentile: 50, baselineMs: 400, candidateMs: 800, deltaMs: 400, ratio: 1, ciMs: { low: 250.5, high: 480 },
  pAdjusted: 0.0033, significant: true, floorMs: 10, verdict: 'regression',
};

const texts = suite('changeText, ciText, pText, verdictText');
texts('format a change with sign and percentage, its interval and p-value', () => {
  assert.is(changeText(row), '+400ms (+100.0%)');
  assert.is(changeText({ ...row, deltaMs: -12.5, ratio: -0.03125 }), '−12.5ms (−3.1%)');
  assert.is(changeText({ ...row, deltaMs: 0, ratio: null }), '±0µs');
  assert.is(ciText(row), '[+250.5ms, +480ms]');
  assert.is(ciText({ ...row, ciMs: null }), '–');
  assert.is(pText(row), '0.0033');
  assert.is(pText({ ...row, pAdjusted: 0.00001 }), '<0.0001');
  assert.is(verdictText('insufficient'), 'too few samples');
});
texts.run();

const md = suite('renderCompareMarkdown');
md('verdict first, flagged changes, a table per metric and the method', () => {
  const a = foldEvents(syntheticRun({ seed: 1, images: 120, runId: 'base' }));
  const b = foldEvents(syntheticRun({ seed: 2, images: 120, runId: 'cand', lagMedianMs: 800, lagP99Ms: 4000 }));
  const c = compareReports(a, b, DEFAULT_COMPARE_OPTIONS, { baseline: '/r/base', candidate: '/r/cand' });
  const text = renderCompareMarkdown(c);
  assert.ok(text.startsWith('# replbench compare: **REGRESSION**\n\n- baseline: `base` (scenario nightly, started 2024-01-01T00:00:00.000Z) — /r/base\n'));
  assert.match(text, new RegExp(`\\n${verdictLine(c).replace(/[()]/g, '\\$&')}\\.\\n`));
  assert.match(text, /## Regressions\n\n- replication_lag\{region=japaneast\} p50: /);
  assert.match(text, /## Replication lag\n\n\| series \| n \| percentile \| baseline \| candidate \| change \| 99% CI of change \| p \(Holm\) \| verdict \|/);
  assert.match(text, /\| region=westeurope \| 120 → 120 \| p50 \| [^|]+ \| [^|]+ \| \+[^|]+ \| \[\+[^|]+\] \| [\d.<]+ \| \*\*regression\*\* \|/);
  assert.match(text, /## Replicated share per region/);
  assert.match(text, /Holm-adjusted over all \d+ percentile tests/);
  assert.is(renderCompareMarkdown(c), text);
});
md.run();

const line = suite('verdictLine');
line('counts regressions and improvements', () => {
  const base = { regressions: 0, improvements: 0 } as Parameters<typeof verdictLine>[0];
  assert.is(verdictLine(base), 'no regression');
  assert.is(verdictLine({ ...base, regressions: 1, improvements: 2 }), '1 regression (2 improvements)');
  assert.is(verdictLine({ ...base, regressions: 3 }), '3 regressions');
});
line.run();
