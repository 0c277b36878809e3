import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { heatColor, renderHeatmap } from '../../src/report/html-heatmap.ts';
import { runEvents } from './fixtures.ts';

const color = suite('heatColor');
color('runs from green at the minimum to red at the maximum on a log scale', () => {
  assert.is(heatColor(10, 10, 1000), 'hsl(120, 70%, 84%)');
  assert.is(heatColor(1000, 10, 1000), 'hsl(0, 70%, 76%)');
  assert.is(heatColor(100, 10, 1000), 'hsl(60, 70%, 80%)');
  assert.is(heatColor(5, 5, 5), 'hsl(120, 70%, 84%)');
});
color.run();

const heat = suite('renderHeatmap');
heat('a row per worker, a column per endpoint, medians coloured, local outlined, gain last', () => {
  const html = renderHeatmap(foldEvents(runEvents()));
  assert.match(html, /<th>worker \\ endpoint<\/th><th>eastus<\/th><th>japaneast<\/th><th>westeurope<\/th><th>network-close gain<\/th>/);
  assert.is((html.match(/class="local"/g) ?? []).length, 3);
  assert.match(html, /<td style="background:hsl\(120, 70%, 84%\)" title="eastus pulling from eastus: median 10ms, n=10" class="local">10ms<\/td>/);
  assert.match(html, /<strong>8\.99×<\/strong>/);
});
heat('is empty without pulls', () => {
  const events = runEvents().filter((e) => e.type !== 'pull');
  assert.is(renderHeatmap(foldEvents(events)), '');
});
heat.run();
