import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareReports } from '../../src/report/compare.ts';
import { renderCompareHtml } from '../../src/report/compare-html.ts';
import { DEFAULT_COMPARE_OPTIONS } from '../../src/report/compare-options.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { syntheticRun } from './synthetic-run.ts';

const html = suite('renderCompareHtml');
html('a self-contained page: verdict, tables, an overlay chart per lag, push and pull series', () => {
  const a = foldEvents(syntheticRun({ seed: 1, images: 120 }));
  const b = foldEvents(syntheticRun({ seed: 2, images: 120, lagMedianMs: 800, lagP99Ms: 4000 }));
  const c = compareReports(a, b, DEFAULT_COMPARE_OPTIONS);
  const page = renderCompareHtml(c, a, b);
  assert.match(page, /<span class="badge fail">\d+ regressions?/);
  const data = JSON.parse(/<script type="application\/json" id="replbench-data">([^<]*)<\/script>/.exec(page)?.[1] ?? 'null');
  const ids: string[] = data.charts.map((ch: { id: string }) => ch.id);
  assert.is(ids.length, 2 + 1 + 9, 'lag per region, push, pull per worker × endpoint; no TTFB charts');
  for (const id of ids) assert.ok(page.includes(`<div class="chart" id="${id}"></div>`), id);
  const lag = data.charts[0];
  assert.equal(lag.series.map((s: { label: string; dash?: number[] }) => [s.label.replace(/ \(n=\d+\)/, ''), s.dash ?? null]), [['baseline', [6, 4]], ['candidate', null]]);
  assert.is(lag.series[1].color, '#c62828', 'a regressed series is drawn red');
  assert.match(page, /<td class="fail">regression<\/td>/);
  assert.not.match(page, /<script[^>]+src=|<link[^>]+href=/);
  assert.is(renderCompareHtml(c, a, b), page);
});
html.run();
