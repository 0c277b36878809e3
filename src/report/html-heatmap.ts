/**
 * The pull matrix as a heatmap table: rows are worker regions, columns endpoints,
 * each cell the median pull time coloured on a log scale from the fastest cell
 * (green) to the slowest (red); local pulls outlined; the network-close gain per
 * worker in the last column. Plain HTML, no script.
 */
import { durationText, gainText } from './format.ts';
import { compareText } from '../stats/labels.ts';
import { reportedPercentileUs, usToMs } from '../stats/percentiles.ts';
import { escapeHtml, htmlTable, type Cell } from './html-page.ts';
import type { MetricName } from '../metrics.ts';
import { findSeries, seriesOf, type Report } from './report.ts';

/** Background colour for `value` on a log scale over [min, max]: hue 120 (green) → 0 (red). */
export function heatColor(value: number, min: number, max: number): string {
  const lo = Math.log(Math.max(min, 1e-6));
  const hi = Math.log(Math.max(max, 1e-6));
  const t = hi > lo ? Math.min(1, Math.max(0, (Math.log(Math.max(value, 1e-6)) - lo) / (hi - lo))) : 0;
  return `hsl(${Math.round(120 * (1 - t))}, 70%, ${Math.round(84 - 8 * t)}%)`;
}

/** The heatmap table HTML; '' when the metric has no series. */
export function renderHeatmap(report: Report, metric: MetricName = 'pull_duration'): string {
  const all = seriesOf(report, metric).filter((s) => s.histogram.totalCount > 0);
  if (all.length === 0) return '';
  const workers = unique(all.map((s) => s.labels.worker ?? ''));
  const endpoints = unique(all.map((s) => s.labels.endpoint ?? ''));
  const medians = all.map((s) => usToMs(reportedPercentileUs(s.histogram, 50)));
  const min = Math.min(...medians);
  const max = Math.max(...medians);
  const rows = workers.map((worker): Cell[] => {
    const cells: Cell[] = [{ html: `<strong>${escapeHtml(worker)}</strong>` }];
    for (const endpoint of endpoints) {
      const s = findSeries(report, metric, `endpoint=${endpoint},worker=${worker}`);
      if (s === undefined || s.histogram.totalCount === 0) {
        cells.push('–');
        continue;
      }
      const p50 = usToMs(reportedPercentileUs(s.histogram, 50));
      const local = endpoint === worker;
      const title = `${worker} pulling from ${endpoint}: median ${durationText(p50)}, n=${s.histogram.totalCount}`;
      cells.push({
        html: escapeHtml(durationText(p50)),
        attrs: `style="background:${heatColor(p50, min, max)}" title="${escapeHtml(title)}"${local ? ' class="local"' : ''}`,
      });
    }
    const g = report.gains[worker];
    cells.push(g === undefined ? '–' : { html: `<strong>${gainText(g.gain)}</strong>`, attrs: `title="${escapeHtml(`nearest remote: ${g.remoteEndpoint}`)}"` });
    return cells;
  });
  const legend = `<p class="note">Median pull time per worker region (rows) and endpoint (columns); colour on a log scale from ` +
    `<span style="background:${heatColor(min, min, max)};padding:0 6px">${escapeHtml(durationText(min))}</span> to ` +
    `<span style="background:${heatColor(max, min, max)};padding:0 6px">${escapeHtml(durationText(max))}</span>; ` +
    'local pulls outlined. Gain = median pull from the nearest remote endpoint ÷ median pull from the local one.</p>';
  return `${htmlTable(['worker \\ endpoint', ...endpoints, 'network-close gain'], rows, 'heatmap')}\n${legend}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}
