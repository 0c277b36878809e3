/**
 * compare.html: the comparison as a self-contained page. Verdict, flagged changes,
 * a table per metric, replicated shares, and for every compared series the two
 * percentile distributions overlaid (baseline dashed grey, candidate solid; red when
 * that series regressed). Pure: the same inputs give the same bytes.
 */
import { durationText, percentText } from './format.ts';
import type { Comparison, SeriesComparison } from './compare.ts';
import { changeText, ciText, conditionRows, METRIC_TITLES, pText, VERDICT_WORDS, verdictLine } from './compare-markdown.ts';
import { COMPARE_METRICS, type CompareMetric } from './compare-options.ts';
import { percentileChart } from './html-charts.ts';
import { CLIENT_SCRIPT, type ChartSpec, type PageData } from './html-client.ts';
import { escapeHtml, htmlDocument, htmlTable, type Cell } from './html-page.ts';
import { findSeries, type Report } from './report.ts';

export const COMPARE_HTML_FILE = 'compare.html';
/** Metrics drawn as overlaid distributions (TTFB stays a table: it mostly mirrors RTT). */
const CHARTED: readonly CompareMetric[] = ['replication_lag', 'push_duration', 'pull_duration'];

export function renderCompareHtml(c: Comparison, baseline: Report, candidate: Report): string {
  const charts: ChartSpec[] = [];
  const sections = COMPARE_METRICS.map((metric) => metricSection(c, metric, baseline, candidate, charts));
  const body = [header(c), conditionsSection(c), ...sections, outcomeSection(c), pullOutcomeSection(c), method(c)].filter((s) => s !== '').join('\n');
  const data: PageData = { charts };
  return htmlDocument({ title: `replbench compare ${c.baseline.runId} → ${c.candidate.runId}`, body, data, script: CLIENT_SCRIPT });
}

function header(c: Comparison): string {
  const badge = c.regressions === 0 && c.conditionsDiffer === 0 ? `<span class="badge pass">${escapeHtml(verdictLine(c))}</span>`
    : `<span class="badge fail">${escapeHtml(verdictLine(c))}</span>`;
  const run = (label: string, r: Comparison['baseline']): string =>
    `<span>${label} <strong>${escapeHtml(r.runId || '?')}</strong> (${escapeHtml(r.scenario || '?')}, ${escapeHtml(r.startedAt)}${r.complete ? '' : ', incomplete'})</span>`;
  const warnings = c.warnings.map((w) => `<p class="note">warning: ${escapeHtml(w)}</p>`).join('\n');
  return `<header>\n<h1>replbench compare</h1>\n<div class="meta">${run('baseline', c.baseline)}${run('candidate', c.candidate)}</div>\n` +
    `<p>${badge}</p>\n${warnings}\n<div class="error-banner" id="render-error"></div>\n</header>`;
}

function conditionsSection(c: Comparison): string {
  if (c.conditions === undefined) return '';
  const rows = conditionRows(c.conditions);
  if (rows.length === 0) return '';
  const note = c.conditions.differences.length === 0 ? 'The runs measured under comparable conditions.'
    : `Conditions differ: ${c.conditions.differences.map((d) => d.text).join('; ')}. Changes in the direction they explain are marked “${VERDICT_WORDS['conditions-differ']}”, not regressions.`;
  return `<section>\n<h2>Conditions</h2>\n${htmlTable(['', 'baseline', 'candidate'], rows)}\n<p class="note">${escapeHtml(note)}</p>\n</section>`;
}

function metricSection(c: Comparison, metric: CompareMetric, baseline: Report, candidate: Report, charts: ChartSpec[]): string {
  const list = c.series.filter((s) => s.metric === metric);
  if (list.length === 0) return '';
  const rows = list.flatMap((s) => s.percentiles.map((p): Cell[] => [
    s.key, `${s.baselineCount} → ${s.candidateCount}`, `p${p.percentile}`, durationText(p.baselineMs), durationText(p.candidateMs), changeText(p), ciText(p), pText(p),
    { html: escapeHtml(VERDICT_WORDS[p.verdict]), attrs: p.verdict === 'regression' || p.verdict === 'conditions-differ' ? 'class="fail"' : p.verdict === 'improvement' ? 'class="pass"' : '' },
  ]));
  const ids: string[] = [];
  if (CHARTED.includes(metric)) list.forEach((s, i) => {
    const chart = overlay(`chart-${metric.replace(/_/g, '-')}-${i}`, s, baseline, candidate);
    if (chart !== undefined) {
      charts.push(chart);
      ids.push(chart.id);
    }
  });
  const t = c.options.tolerances[metric];
  return `<section>\n<h2>${escapeHtml(METRIC_TITLES[metric])}</h2>\n` +
    htmlTable(['series', 'n', 'percentile', 'baseline', 'candidate', 'change', `${percentText(c.options.confidence)} CI of change`, 'p (Holm)', 'verdict'], rows) +
    `\n<p class="note">Tolerance ${percentText(t.relative)} of the baseline and at least ${escapeHtml(durationText(t.minDeltaMs))}` +
    `${metric === 'replication_lag' ? ' (or, if larger, the two runs\' typical probe resolution added: the median ± of one artifact\'s lag)' : ''}.</p>\n` +
    `<div class="grid">${ids.map((id) => `<div class="chart" id="${id}"></div>`).join('\n')}</div>\n</section>`;
}

function overlay(id: string, s: SeriesComparison, baseline: Report, candidate: Report): ChartSpec | undefined {
  const a = findSeries(baseline, s.metric, s.key);
  const b = findSeries(candidate, s.metric, s.key);
  if (a === undefined || b === undefined) return undefined;
  const regressed = s.percentiles.some((p) => p.verdict === 'regression');
  const chart = percentileChart(id, `${s.metric}{${s.key}}`, [
    { label: 'baseline', series: a, color: '#7f7f7f', dash: [6, 4] },
    { label: 'candidate', series: b, color: regressed ? '#c62828' : '#1f77b4', width: 2.5 },
  ]);
  return chart === undefined ? undefined : { ...chart, height: 240 };
}

function outcomeSection(c: Comparison): string {
  if (c.outcomes.length === 0) return '';
  const share = (x: { replicated: number; total: number }): string => `${x.replicated}/${x.total} (${((100 * x.replicated) / Math.max(1, x.total)).toFixed(1)}%)`;
  const rows = c.outcomes.map((o): Cell[] => [o.region, share(o.baseline), share(o.candidate),
    `${o.delta >= 0 ? '+' : '−'}${(Math.abs(o.delta) * 100).toFixed(2)} pp`, o.z.toFixed(2),
    { html: escapeHtml(VERDICT_WORDS[o.verdict]), attrs: o.verdict === 'regression' ? 'class="fail"' : '' }]);
  return `<section>\n<h2>Replicated share per region</h2>\n${htmlTable(['region', 'baseline', 'candidate', 'change', 'z (drop)', 'verdict'], rows)}\n</section>`;
}

function pullOutcomeSection(c: Comparison): string {
  if (c.pullOutcomes.length === 0) return '';
  const failed = (x: { ok: number; total: number }): string => `${x.total - x.ok}/${x.total}`;
  const rows = c.pullOutcomes.map((o): Cell[] => [o.series, failed(o.baseline), failed(o.candidate),
    `${o.delta >= 0 ? '+' : '−'}${(Math.abs(o.delta) * 100).toFixed(2)} pp`, o.z.toFixed(2),
    { html: escapeHtml(VERDICT_WORDS[o.verdict]), attrs: o.verdict === 'regression' ? 'class="fail"' : '' }]);
  return `<section>\n<h2>Failed pulls per worker × endpoint</h2>\n${htmlTable(['series', 'baseline failed', 'candidate failed', 'ok share change', 'z (drop)', 'verdict'], rows)}\n</section>`;
}

function method(c: Comparison): string {
  const o = c.options;
  const only = [
    c.onlyInBaseline.length === 0 ? '' : `<p class="note">Only in the baseline: ${escapeHtml(c.onlyInBaseline.join(', '))}.</p>`,
    c.onlyInCandidate.length === 0 ? '' : `<p class="note">Only in the candidate: ${escapeHtml(c.onlyInCandidate.join(', '))}.</p>`,
  ].join('');
  return `<footer>\n<h2>Method</h2>\n<p class="note">Per series and percentile: the change candidate − baseline from the per-sample values in ` +
    `events.jsonl, with a ${percentText(o.confidence)} percentile-bootstrap confidence interval (${c.resamples} resamples, seed ${o.seed}). ` +
    `A regression is an increase whose one-sided bootstrap p-value, Holm-adjusted over all ${c.tests} percentile tests, is at most ` +
    `${Number((1 - o.confidence).toFixed(4))} and which exceeds the tolerance; a percentile is tested only when both runs ` +
    `have at least ${o.minTail} samples above it. The charts draw x = 1/(1−p) on a log axis.</p>\n${only}\n</footer>`;
}

