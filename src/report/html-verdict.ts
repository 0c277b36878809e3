/**
 * The verdict block at the top of report.html: one screen that answers "did
 * replication and the local replicas hold up?" before any chart. Per region:
 * the share of artifacts replicated, lag p50 and p99 with their ± bounds, the
 * network-close gain of pulls from that region (with its two medians), and the
 * thresholds evaluated on that region's series; then the run-wide thresholds.
 * A percentile resting on too few samples (sample-size.ts) is marked
 * "n too small". Pure string work.
 */
import { parseSeriesKey } from '../stats/labels.ts';
import { durationText, gainText, percentileText } from './format.ts';
import { escapeHtml, htmlTable, type Cell } from './html-page.ts';
import { findSeries, type Report, type ThresholdResult } from './report.ts';
import { minSamplesFor, tooFewFor } from './sample-size.ts';

export const VERDICT_ID = 'verdict';

export function renderVerdict(r: Report): string {
  const regions = [...new Set([...r.regions, ...Object.keys(r.outcomes)])];
  if (regions.length === 0) return '';
  const rows = regions.map((region): Cell[] => [
    { html: `<strong>${escapeHtml(region)}</strong>${region === r.origin ? ' <span class="muted">origin</span>' : ''}` },
    shareCell(r, region),
    lagCell(r, region, 50),
    lagCell(r, region, 99),
    gainCell(r, region),
    thresholdCell(r.thresholds.filter((t) => concerns(t, region))),
  ]);
  const table = htmlTable(['region', 'replicated', 'lag p50', 'lag p99', 'network-close gain', 'thresholds'], rows, 'verdict-table');
  const runWide = r.thresholds.filter((t) => !regions.some((region) => concerns(t, region)));
  const failed = r.thresholds.filter((t) => !t.ok);
  const lines = [
    `<p class="verdict-line">${r.thresholds.length === 0 ? 'No thresholds were set.'
      : failed.length === 0 ? `<span class="pass">All ${r.thresholds.length} thresholds passed</span>` + (runWide.length > 0 ? ` (${runWide.length} run-wide).` : '.')
      : `<span class="fail">${failed.length} of ${r.thresholds.length} thresholds failed:</span> ${failed.map((t) => `<code>${escapeHtml(t.expr)}</code>${t.series === '*' ? '' : ` on ${escapeHtml(t.series)}`}`).join('; ')}.`}</p>`,
    '<p class="note">Lag: origin commit (201 to the manifest PUT) → pullable in the region; ± is a guaranteed bound from the probe brackets. ' +
      'Gain: median pull from the nearest remote endpoint ÷ from the local one (above 1, the local replica pays off). ' +
      `<span class="few">n too small</span>: fewer samples than the percentile needs to differ from the max (p99: ${minSamplesFor(99)}).</p>`,
  ];
  return `<section class="verdict" id="${VERDICT_ID}">\n<h2>Verdict</h2>\n${table}\n${lines.join('\n')}\n</section>`;
}

function shareCell(r: Report, region: string): Cell {
  const c = r.outcomes[region];
  if (c === undefined) return { html: region === r.origin ? '<span class="muted">pushed here</span>' : '–' };
  const total = c.replicated + c.timedOut + c.errored + c.inconsistent;
  if (total === 0) return '–';
  const pct = (100 * c.replicated) / total;
  const text = `${pct === 100 ? '100' : pct.toFixed(1)}% <span class="muted">(${c.replicated}/${total})</span>`;
  return { html: text, attrs: `class="${c.replicated === total ? 'pass' : 'fail'}"` };
}

function lagCell(r: Report, region: string, percentile: 50 | 99): Cell {
  const s = findSeries(r, 'replication_lag', `region=${region}`);
  if (s === undefined || s.histogram.totalCount === 0) return '–';
  const n = s.histogram.totalCount;
  const u = r.lagUncertainty[region]?.[percentile === 50 ? 'p50' : 'p99'];
  const value = percentileText(s.histogram, percentile);
  const bound = u === undefined ? '' : ` ± ${durationText(u)}`;
  const few = tooFewFor(percentile, n)
    ? ` <span class="few" title="${n} samples: a p${percentile} needs ${minSamplesFor(percentile)} to differ from the max">n too small</span>` : '';
  return { html: `${escapeHtml(value + bound)}${few}` };
}

function gainCell(r: Report, region: string): Cell {
  const g = r.gains[region];
  if (g === undefined) return '–';
  const parts = `local ${durationText(g.localP50Ms)} · ${g.remoteEndpoint} ${durationText(g.remoteP50Ms)}`;
  return { html: `<strong>${gainText(g.gain)}</strong> <span class="muted">${escapeHtml(parts)}</span>`, attrs: `class="${g.gain > 1 ? 'pass' : 'fail'}"` };
}

function thresholdCell(ts: readonly ThresholdResult[]): Cell {
  if (ts.length === 0) return { html: '<span class="muted">none</span>' };
  const failed = ts.filter((t) => !t.ok);
  if (failed.length === 0) return { html: `${ts.length} passed`, attrs: 'class="pass"' };
  const title = failed.map((t) => t.expr).join('; ');
  return { html: `<span title="${escapeHtml(title)}">${failed.length} of ${ts.length} failed</span>`, attrs: 'class="fail"' };
}

/** A threshold evaluated on one of the region's series (region=R, or worker=R for pulls). */
function concerns(t: ThresholdResult, region: string): boolean {
  if (t.series === '*' || !t.series.includes('=')) return false;
  const labels = parseSeriesKey(t.series);
  return labels.region === region || labels.worker === region;
}
