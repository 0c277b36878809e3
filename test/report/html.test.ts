import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderReportFiles } from '../../src/report/files.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { HTML_FILE, renderHtml } from '../../src/report/html.ts';
import { runEvents } from './fixtures.ts';

function embeddedData(html: string): { charts: { id: string }[] } {
  const m = /<script type="application\/json" id="replbench-data">([^<]*)<\/script>/.exec(html);
  return JSON.parse(m?.[1] ?? 'null');
}

const html = suite('renderHtml');
html('a self-contained page: a div per chart, the data embedded, uPlot inlined, no external request', () => {
  const page = renderHtml(foldEvents(runEvents()));
  const ids = embeddedData(page).charts.map((c) => c.id);
  assert.is(ids.length, 6);
  for (const id of ids) assert.ok(page.includes(`<div class="chart" id="${id}"></div>`), id);
  assert.match(page, /var uPlot\s*=/);
  assert.not.match(page, /<script[^>]+src=|<link[^>]+href=|<img /);
});
html('shows verdict, thresholds, lag ± bounds, outcomes, heatmap, accuracy, errors and the environment', () => {
  const page = renderHtml(foldEvents(runEvents()));
  assert.match(page, /<h1>replbench run 20240101T000000Z-smoke<\/h1>/);
  assert.match(page, /<span class="badge fail">thresholds: 3 of 6 failed<\/span>/);
  assert.match(page, /<h2>Pull outcomes<\/h2>/);
  assert.match(page, /Inconsistent: japaneast: manifest-without-blobs ×1\./);
  assert.match(page, /<td class="fail">FAIL<\/td><td><code>replication_outcome\{region:japaneast\}: rate\(replicated\)&gt;=0\.99<\/code><\/td><td>region=japaneast<\/td><td>98\.00%<\/td>/);
  assert.match(page, /<td>westeurope<\/td><td>100<\/td><td>50ms ± 2ms<\/td>/);
  assert.match(page, /<td>japaneast<\/td><td>98<\/td><td>1<\/td><td>0<\/td><td>1<\/td><td>2030<\/td><td>20\.3<\/td>/);
  assert.match(page, /network-close gain/);
  assert.match(page, /Accuracy against the lab&#39;s ground truth/);
  assert.match(page, /<td>E_TIMEOUT<\/td><td>1<\/td>/);
  assert.match(page, /<td>replbench<\/td><td>0\.1\.0<\/td>.*<td>Node\.js<\/td><td>v20\.0\.0<\/td>.*<td>machine<\/td><td>linux, 4 CPUs<\/td>/s);
  assert.match(page, /Resolved scenario[\s\S]*&quot;name&quot;: &quot;smoke&quot;/);
});
html('opens with the verdict block, before the thresholds and every chart; print and narrow-screen styles are inlined', () => {
  const page = renderHtml(foldEvents(runEvents()));
  const at = (needle: string): number => page.indexOf(needle);
  assert.ok(at('<section class="verdict" id="verdict">') > at('</header>'));
  assert.ok(at('<section class="verdict" id="verdict">') < at('<h2>Thresholds</h2>'));
  assert.ok(at('<h2>Thresholds</h2>') < at('<div class="chart"'));
  assert.match(page, /@media print \{/);
  assert.match(page, /@media \(max-width: 900px\)/);
});
html('marks lag percentiles that rest on too few samples', () => {
  const page = renderHtml(foldEvents(runEvents()));
  assert.match(page, /<td>japaneast<\/td><td>98<\/td><td>98ms ± 1ms<\/td><td>178ms ± 1ms<\/td><td>196ms ± 1ms <span class="few" title="98 samples: a p99 needs 100 to differ from the max">n too small<\/span><\/td>/);
  assert.match(page, /<td>westeurope<\/td><td>100<\/td><td>50ms ± 2ms<\/td><td>90ms ± 2ms<\/td><td>99ms ± 2ms<\/td><td>100ms ± 2ms<\/td>/);
});
html('is the same bytes for the same events, whatever their order', () => {
  const events = runEvents();
  const [start, ...rest] = events;
  const shuffled = [start, ...rest.reverse()].filter((e) => e !== undefined);
  assert.is(renderHtml(foldEvents(events)), renderHtml(foldEvents(runEvents())));
  assert.is(renderHtml(foldEvents(shuffled)), renderHtml(foldEvents(events)));
});
html('renders an empty, incomplete run without charts', () => {
  const page = renderHtml(foldEvents(runEvents().filter((e) => e.type === 'run-start'), { thresholds: {} }));
  assert.equal(embeddedData(page).charts, []);
  assert.match(page, /<span class="badge fail">incomplete: the log has no run-end record<\/span>/);
  assert.match(page, /No artifact was seen replicated\./);
});
html('is written by renderReportFiles with junit.xml and metrics.prom', () => {
  const names = [...renderReportFiles(foldEvents(runEvents())).keys()];
  for (const name of [HTML_FILE, 'junit.xml', 'metrics.prom']) assert.ok(names.includes(name), name);
});
html.run();
