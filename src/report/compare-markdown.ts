/**
 * compare.md: the comparison for people and for $GITHUB_STEP_SUMMARY. Verdict first,
 * then every flagged change, then one table per metric (a row per series ×
 * percentile: baseline, candidate, change, confidence interval, verdict), outcome
 * shares per region, and the settings used. Pure.
 */
import { formatDurationMs } from '../scenario/units.ts';
import type { Comparison, PercentileComparison, SeriesComparison, Verdict } from './compare.ts';
import { COMPARE_METRICS, type CompareMetric } from './compare-options.ts';

export const COMPARE_MARKDOWN_FILE = 'compare.md';

export const METRIC_TITLES: Readonly<Record<CompareMetric, string>> = {
  replication_lag: 'Replication lag',
  push_duration: 'Push duration',
  pull_duration: 'Pull duration',
  pull_ttfb: 'Pull time to first byte',
};

export function renderCompareMarkdown(c: Comparison): string {
  const sections = [header(c), flaggedSection(c), ...COMPARE_METRICS.map((m) => metricSection(c, m)), outcomeSection(c), pullOutcomeSection(c), settingsSection(c)];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

/** One line: `2 regressions` / `no regression (1 improvement)`. */
export function verdictLine(c: Comparison): string {
  const imp = c.improvements === 0 ? '' : ` (${c.improvements} improvement${c.improvements === 1 ? '' : 's'})`;
  return c.regressions === 0 ? `no regression${imp}` : `${c.regressions} regression${c.regressions === 1 ? '' : 's'}${imp}`;
}

function header(c: Comparison): string {
  const run = (label: string, r: Comparison['baseline']): string =>
    `- ${label}: \`${r.runId || '?'}\` (scenario ${r.scenario || '?'}, started ${r.startedAt}${r.complete ? '' : ', **incomplete**'})${r.source === undefined ? '' : ` — ${r.source}`}`;
  const lines = [`# replbench compare: ${c.regressions === 0 ? 'no regression' : '**REGRESSION**'}`, '', run('baseline', c.baseline), run('candidate', c.candidate), '', verdictLine(c) + '.'];
  for (const w of c.warnings) lines.push('', `> warning: ${w}`);
  return lines.join('\n');
}

/** A percentile's change as `+364ms (+89.5%)`. */
export function changeText(p: PercentileComparison): string {
  const sign = p.deltaMs > 0 ? '+' : p.deltaMs < 0 ? '−' : '±';
  const pct = p.ratio === null ? '' : ` (${p.ratio > 0 ? '+' : p.ratio < 0 ? '−' : '±'}${Math.abs(p.ratio * 100).toFixed(1)}%)`;
  return `${sign}${ms(Math.abs(p.deltaMs))}${pct}`;
}

/** `[+251ms, +453ms]`, or `–` when not tested. */
export function ciText(p: PercentileComparison): string {
  if (p.ciMs === null) return '–';
  const signed = (v: number): string => `${v > 0 ? '+' : v < 0 ? '−' : ''}${ms(Math.abs(v))}`;
  return `[${signed(p.ciMs.low)}, ${signed(p.ciMs.high)}]`;
}

/** The Holm-adjusted p-value: `0.0033`, `<0.0001`, or `–` when not tested. */
export function pText(p: PercentileComparison): string {
  if (p.pAdjusted === null) return '–';
  return p.pAdjusted < 0.0001 ? '<0.0001' : p.pAdjusted >= 0.9999 ? '1' : p.pAdjusted.toFixed(4);
}

export function verdictText(v: Verdict): string {
  switch (v) {
    case 'regression': return '**REGRESSION**';
    case 'improvement': return 'improvement';
    case 'unchanged': return 'no change';
    case 'insufficient': return 'too few samples';
  }
}

function flaggedSection(c: Comparison): string {
  const lines: string[] = [];
  for (const s of c.series) {
    for (const p of s.percentiles) {
      if (p.verdict !== 'regression') continue;
      lines.push(`- ${s.metric}{${s.key}} p${p.percentile}: ${ms(p.baselineMs)} → ${ms(p.candidateMs)}, ${changeText(p)}, ` +
        `${pct(c.options.confidence)} CI ${ciText(p)}, adjusted p ${pText(p)}; tolerance ${pct(s.tolerance.relative)} and ${ms(p.floorMs)}`);
    }
  }
  for (const o of c.outcomes) {
    if (o.verdict !== 'regression') continue;
    lines.push(`- replicated share in ${o.region}: ${share(o.baseline)} → ${share(o.candidate)} (z = ${o.z.toFixed(2)})`);
  }
  for (const o of c.pullOutcomes) {
    if (o.verdict !== 'regression') continue;
    lines.push(`- failed pulls on ${o.series}: ${o.baseline.total - o.baseline.ok}/${o.baseline.total} → ${o.candidate.total - o.candidate.ok}/${o.candidate.total} (z = ${o.z.toFixed(2)})`);
  }
  return lines.length === 0 ? '' : `## Regressions\n\n${lines.join('\n')}`;
}

function metricSection(c: Comparison, metric: CompareMetric): string {
  const list = c.series.filter((s) => s.metric === metric);
  if (list.length === 0) return '';
  const rows = list.flatMap((s: SeriesComparison) => s.percentiles.map((p) => [
    s.key, `${s.baselineCount} → ${s.candidateCount}`, `p${p.percentile}`, ms(p.baselineMs), ms(p.candidateMs), changeText(p), ciText(p), pText(p), verdictText(p.verdict),
  ]));
  const t = c.options.tolerances[metric];
  return `## ${METRIC_TITLES[metric]}\n\n${table(['series', 'n', 'percentile', 'baseline', 'candidate', 'change', `${pct(c.options.confidence)} CI of change`, 'p (Holm)', 'verdict'], rows)}\n\n` +
    `Tolerance: ${pct(t.relative)} of the baseline and at least ${ms(t.minDeltaMs)}${metric === 'replication_lag' ? ' (or, if larger, the two runs\' typical probe resolution added: the median ± of one artifact\'s lag)' : ''}.`;
}

function outcomeSection(c: Comparison): string {
  if (c.outcomes.length === 0) return '';
  const rows = c.outcomes.map((o) => [o.region, share(o.baseline), share(o.candidate), `${o.delta >= 0 ? '+' : '−'}${(Math.abs(o.delta) * 100).toFixed(2)} pp`, o.z.toFixed(2), verdictText(o.verdict)]);
  return `## Replicated share per region\n\n${table(['region', 'baseline', 'candidate', 'change', 'z (drop)', 'verdict'], rows)}\n\n` +
    `A drop beyond ${pct(c.options.outcomeTolerance)} that a one-sided two-proportion z-test finds significant at ${pct(c.options.confidence)} is a regression.`;
}

function pullOutcomeSection(c: Comparison): string {
  if (c.pullOutcomes.length === 0) return '';
  const failed = (x: { ok: number; total: number }): string => `${x.total - x.ok}/${x.total}`;
  const rows = c.pullOutcomes.map((o) => [o.series, failed(o.baseline), failed(o.candidate), `${o.delta >= 0 ? '+' : '−'}${(Math.abs(o.delta) * 100).toFixed(2)} pp`, o.z.toFixed(2), verdictText(o.verdict)]);
  return `## Failed pulls per worker × endpoint\n\n${table(['series', 'baseline failed', 'candidate failed', 'ok share change', 'z (drop)', 'verdict'], rows)}\n\n` +
    `A drop of the ok share beyond ${pct(c.options.outcomeTolerance)} that a one-sided two-proportion z-test finds significant at ${pct(c.options.confidence)} is a regression.`;
}

function settingsSection(c: Comparison): string {
  const o = c.options;
  const lines = [
    '## Method',
    '',
    `Per series and percentile: the change candidate − baseline from the per-sample values in events.jsonl, with a ${pct(o.confidence)} ` +
      `percentile-bootstrap confidence interval (${c.resamples} resamples, seed ${o.seed}: reproducible). A change is a regression when its ` +
      `one-sided bootstrap p-value, Holm-adjusted over all ${c.tests} percentile tests of this comparison, is at most ${Number((1 - o.confidence).toFixed(4))} ` +
      'and the change exceeds the tolerance; so two runs of one configuration are flagged at most that often. A percentile is tested only when ' +
      `both runs have at least ${o.minTail} samples above it.`,
  ];
  if (c.onlyInBaseline.length > 0) lines.push('', `Only in the baseline: ${c.onlyInBaseline.join(', ')}.`);
  if (c.onlyInCandidate.length > 0) lines.push('', `Only in the candidate: ${c.onlyInCandidate.join(', ')}.`);
  return lines.join('\n');
}

function share(s: { replicated: number; total: number }): string {
  return `${s.replicated}/${s.total} (${((100 * s.replicated) / Math.max(1, s.total)).toFixed(1)}%)`;
}

function pct(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}

function ms(value: number): string {
  return formatDurationMs(value);
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
