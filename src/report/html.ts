/**
 * report.html: one run for people, self-contained (uPlot, styles and data inlined;
 * no request at view time). The verdict block first (html-verdict.ts: one screen per
 * region, at 800 px and in print), then thresholds and replication lag
 * (percentile distribution per region, per-artifact timeline with ± bars, outcome
 * counts), the pull matrix heatmap with network-close gains and per-worker pull
 * distributions, push times, errors, and the scenario and environment at the foot.
 * Pure: the same Report gives the same bytes.
 */
import { PULL_OUTCOMES } from '../metrics.ts';
import { durationText, percentileText, thresholdActualText } from './format.ts';
import { chartAssets } from './html-assets.ts';
import { reportCharts } from './html-charts.ts';
import { CLIENT_SCRIPT, type ChartSpec, type PageData } from './html-client.ts';
import { renderHeatmap } from './html-heatmap.ts';
import { renderVerdict } from './html-verdict.ts';
import { minSamplesFor, tooFewFor } from './sample-size.ts';
import { escapeHtml, htmlDocument, htmlSection, htmlTable, type Cell } from './html-page.ts';
import { byRank, sectionParts } from './sections/index.ts';
import { corruptLinesText, seriesOf, type Report } from './report.ts';

export const HTML_FILE = 'report.html';

export function renderHtml(report: Report): string {
  const charts = reportCharts(report);
  const has = (id: string): boolean => charts.some((c) => c.id === id);
  const own = [
    { rank: 0, value: header(report) },
    { rank: 10, value: renderVerdict(report) },
    { rank: 20, value: thresholdSection(report) },
    { rank: 30, value: lagSection(report, has('chart-lag-percentiles')) },
    { rank: 40, value: has('chart-lag-timeline') ? timelineSection() : '' },
    { rank: 50, value: outcomeSection(report) },
    { rank: 70, value: pullSection(report, charts) },
    { rank: 80, value: pullOutcomeSection(report) },
    { rank: 90, value: has('chart-push-percentiles') ? htmlSection('Push duration', chartDiv('chart-push-percentiles')) : '' },
    { rank: 100, value: errorSection(report) },
    { rank: 110, value: footer(report) },
  ];
  const body = byRank([...own, ...sectionParts('html', report)]).filter((s) => s !== '');
  const data: PageData = { charts };
  return htmlDocument({ title: `replbench ${report.runId || 'run'}`, body: body.join('\n'), data, script: CLIENT_SCRIPT });
}

function chartDiv(id: string): string {
  return `<div class="chart" id="${escapeHtml(id)}"></div>`;
}

function header(r: Report): string {
  const failed = r.thresholds.filter((t) => !t.ok).length;
  const badges = [
    r.thresholds.length === 0 ? '<span class="badge warn">no thresholds</span>'
      : failed === 0 ? `<span class="badge pass">thresholds: all ${r.thresholds.length} passed</span>`
      : `<span class="badge fail">thresholds: ${failed} of ${r.thresholds.length} failed</span>`,
    r.complete ? '<span class="badge pass">complete</span>'
      : `<span class="badge fail">incomplete${r.interrupted ? `: ${escapeHtml(r.interrupted)}` : ''}</span>`,
  ];
  if (r.truncated) badges.push('<span class="badge warn">event log ends in a cut-off line</span>');
  if (r.corruptLines !== undefined) badges.push(`<span class="badge warn">${escapeHtml(corruptLinesText(r.corruptLines))}</span>`);
  const meta = [
    `scenario <strong>${escapeHtml(r.scenario || '?')}</strong>`,
    `origin <strong>${escapeHtml(r.origin || '?')}</strong>`,
    `regions ${escapeHtml(r.regions.join(', ') || '?')}`,
    `started ${escapeHtml(r.startedAt)}`,
    `finished ${escapeHtml(r.finishedAt)}`,
  ];
  return [
    `<header>\n<h1>replbench run ${escapeHtml(r.runId || '(no run-start record)')}</h1>`,
    `<div class="meta">${meta.map((m) => `<span>${m}</span>`).join('')}</div>`,
    `<p>${badges.join(' ')}</p>`,
    '<div class="error-banner" id="render-error"></div>\n</header>',
  ].join('\n');
}

function thresholdSection(r: Report): string {
  if (r.thresholds.length === 0) return '';
  const rows = r.thresholds.map((t): Cell[] => [
    t.ok ? { html: 'pass', attrs: 'class="pass"' } : { html: 'FAIL', attrs: 'class="fail"' },
    { html: `<code>${escapeHtml(t.expr)}</code>` },
    t.series,
    thresholdActualText(t),
  ]);
  return htmlSection('Thresholds', htmlTable(['result', 'threshold', 'series', 'actual'], rows));
}

function lagSection(r: Report, withChart: boolean): string {
  const rows = seriesOf(r, 'replication_lag').map((s): Cell[] => {
    const region = s.labels.region ?? s.key;
    const u = r.lagUncertainty[region];
    const n = s.histogram.totalCount;
    const at = (p: number, uMs: number | undefined): Cell => {
      const text = `${percentileText(s.histogram, p)}${uMs === undefined ? '' : ` ± ${durationText(uMs)}`}`;
      return tooFewFor(p, n) ? { html: `${escapeHtml(text)} ${fewMark(p, n)}` } : text;
    };
    return [region, String(n), at(50, u?.p50), at(90, u?.p90), at(99, u?.p99), at(100, u?.max)];
  });
  if (rows.length === 0) return Object.keys(r.outcomes).length === 0 ? '' : htmlSection('Replication lag', '<p>No artifact was seen replicated.</p>');
  return htmlSection('Replication lag', [
    withChart ? chartDiv('chart-lag-percentiles') : '',
    htmlTable(['region', 'replicated', 'p50', 'p90', 'p99', 'max'], rows),
    '<p class="note">Lag = time from the origin\'s 201 to the manifest PUT until the artifact is pullable in the region. ' +
      '± is a guaranteed bound from the probe brackets (half the gap between the last miss and the first hit, RTT-corrected). ' +
      'The x axis is 1/(1−p) on a log scale, as the HdrHistogram plotter draws it.</p>',
  ].join('\n'));
}

function timelineSection(): string {
  return htmlSection('Lag timeline', `${chartDiv('chart-lag-timeline')}\n<p class="note">Each artifact's lag per region against ` +
    'the run time of its commit point, with its ± bound. Hollow markers are artifacts that did not replicate (timed out, ' +
    'inconsistent, errored), drawn at how long they were watched.</p>');
}

function outcomeSection(r: Report): string {
  const entries = Object.entries(r.outcomes);
  if (entries.length === 0) return '';
  const rows = entries.map(([region, c]): Cell[] => {
    const total = c.replicated + c.timedOut + c.errored + c.inconsistent;
    const bar = total === 0 ? '' : [
      ['#2ca02c', c.replicated], ['#c62828', c.timedOut], ['#37474f', c.errored], ['#ef6c00', c.inconsistent],
    ].filter(([, n]) => (n as number) > 0).map(([color, n]) =>
      `<span style="display:inline-block;height:10px;width:${((100 * (n as number)) / total).toFixed(2)}%;background:${color as string}"></span>`).join('');
    return [region, String(c.replicated), String(c.timedOut), String(c.errored), String(c.inconsistent), String(c.probes),
      total === 0 ? '–' : (c.probes / total).toFixed(1),
      { html: `<div style="width:160px;display:flex">${bar}</div>`, attrs: 'style="text-align:left"' }];
  });
  const reasons = entries.flatMap(([region, c]) => Object.entries(c.inconsistentBy ?? {}).map(([reason, n]) => `${region}: ${reason} ×${n}`));
  const note = reasons.length === 0 ? '' : `\n<p>Inconsistent: ${escapeHtml(reasons.join(', '))}.</p>`;
  return htmlSection('Replication outcomes', htmlTable(
    ['region', 'replicated', 'timed out', 'errored', 'inconsistent', 'probes', 'probes / artifact', 'share'], rows) + note);
}

function pullOutcomeSection(r: Report): string {
  const all = Object.values(r.pullOutcomes);
  if (all.length === 0) return '';
  const rows = all.map((p) => [p.labels.worker ?? '', p.labels.endpoint ?? '', ...PULL_OUTCOMES.map((o) => String(p.counts[o] ?? 0))]);
  return htmlSection('Pull outcomes', htmlTable(['worker', 'endpoint', ...PULL_OUTCOMES], rows));
}

function pullSection(r: Report, charts: readonly ChartSpec[]): string {
  const heatmap = renderHeatmap(r, 'pull_duration');
  if (heatmap === '') return '';
  const pulls = charts.filter((c) => c.id.startsWith('chart-pull-duration-'));
  const grid = pulls.length === 0 ? '' : `<h3>Pull duration distributions per worker</h3>\n<div class="grid">${pulls.map((c) => chartDiv(c.id)).join('\n')}</div>`;
  return htmlSection('Pull matrix', `${heatmap}\n${grid}`);
}

function errorSection(r: Report): string {
  if (r.errors.total === 0) return '';
  return htmlSection('Errors', htmlTable(['code', 'count'], Object.entries(r.errors.byCode).map(([c, n]) => [c, String(n)])));
}

function footer(r: Report): string {
  const e = r.environment;
  const rows: string[][] = e === undefined ? [['environment', 'not logged']] : [
    ['replbench', e.replbenchVersion], ['Node.js', e.node], ['machine', `${e.platform}, ${e.cpus} CPUs`],
  ];
  rows.push(['charts', chartAssets().library], ['run id', r.runId || '?'], ['scenario', r.scenario || '?']);
  const snapshot = r.scenarioSnapshot === undefined ? '<p class="muted">The run-start record holds no scenario snapshot.</p>'
    : `<details><summary>Resolved scenario (as the runner saw it)</summary><pre>${escapeHtml(JSON.stringify(r.scenarioSnapshot, null, 2))}</pre></details>`;
  return `<footer>\n<h2>Scenario and environment</h2>\n${htmlTable(['', ''], rows)}\n${snapshot}\n` +
    '<p class="muted">Folded from events.jsonl; <code>replbench report &lt;run-dir&gt;</code> re-renders this page byte-identical.</p>\n</footer>';
}

/** The "n too small" mark beside a percentile that rests on too few samples (sample-size.ts). */
function fewMark(p: number, n: number): string {
  return `<span class="few" title="${n} samples: a p${p} needs ${minSamplesFor(p)} to differ from the max">n too small</span>`;
}

