/**
 * compare.md: the comparison for people and for $GITHUB_STEP_SUMMARY. Verdict first,
 * then every flagged change, then one table per metric (a row per series ×
 * percentile: baseline, candidate, change, confidence interval, verdict), outcome
 * shares per region, and the settings used. Pure.
 */
import { durationText, percentText, table } from './format.ts';
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
  const sections = [header(c), flaggedSection(c), conditionsSection(c), ...COMPARE_METRICS.map((m) => metricSection(c, m)), outcomeSection(c), pullOutcomeSection(c), settingsSection(c)];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

/** One line: `2 regressions` / `no regression (1 improvement)` / `no regression; 3 changes where conditions differ`. */
export function verdictLine(c: Pick<Comparison, 'regressions' | 'improvements'> & { readonly conditionsDiffer?: number }): string {
  const imp = c.improvements === 0 ? '' : ` (${c.improvements} improvement${c.improvements === 1 ? '' : 's'})`;
  const n = c.conditionsDiffer ?? 0;
  const cond = n === 0 ? '' : `; ${n} change${n === 1 ? '' : 's'} where conditions differ (the machine, not necessarily the registry)`;
  return `${c.regressions === 0 ? 'no regression' : `${c.regressions} regression${c.regressions === 1 ? '' : 's'}`}${imp}${cond}`;
}

/** The headline: a regression, changes that the runs' conditions explain, or none. */
export function headline(c: Pick<Comparison, 'regressions' | 'conditionsDiffer'>): string {
  return c.regressions > 0 ? '**REGRESSION**' : c.conditionsDiffer > 0 ? `**${VERDICT_WORDS['conditions-differ']}**` : 'no regression';
}

function header(c: Comparison): string {
  const run = (label: string, r: Comparison['baseline']): string =>
    `- ${label}: \`${r.runId || '?'}\` (scenario ${r.scenario || '?'}, started ${r.startedAt}${r.complete ? '' : ', **incomplete**'})${r.source === undefined ? '' : ` — ${r.source}`}`;
  const lines = [`# replbench compare: ${headline(c)}`, '', run('baseline', c.baseline), run('candidate', c.candidate), '', verdictLine(c) + '.'];
  for (const w of c.warnings) lines.push('', `> warning: ${w}`);
  return lines.join('\n');
}

/** A percentile's change as `+364ms (+89.5%)`. */
export function changeText(p: PercentileComparison): string {
  const sign = p.deltaMs > 0 ? '+' : p.deltaMs < 0 ? '−' : '±';
  const pct = p.ratio === null ? '' : ` (${p.ratio > 0 ? '+' : p.ratio < 0 ? '−' : '±'}${Math.abs(p.ratio * 100).toFixed(1)}%)`;
  return `${sign}${durationText(Math.abs(p.deltaMs))}${pct}`;
}

/** `[+251ms, +453ms]`, or `–` when not tested. */
export function ciText(p: PercentileComparison): string {
  if (p.ciMs === null) return '–';
  const signed = (v: number): string => `${v > 0 ? '+' : v < 0 ? '−' : ''}${durationText(Math.abs(v))}`;
  return `[${signed(p.ciMs.low)}, ${signed(p.ciMs.high)}]`;
}

/** The Holm-adjusted p-value: `0.0033`, `<0.0001`, or `–` when not tested. */
export function pText(p: PercentileComparison): string {
  if (p.pAdjusted === null) return '–';
  return p.pAdjusted < 0.0001 ? '<0.0001' : p.pAdjusted >= 0.9999 ? '1' : p.pAdjusted.toFixed(4);
}

/** The one word per verdict that the terminal, compare.md and compare.html all show. */
export const VERDICT_WORDS: Readonly<Record<Verdict, string>> = {
  regression: 'regression',
  improvement: 'improvement',
  'conditions-differ': 'conditions differ',
  unchanged: 'no change',
  insufficient: 'too few samples',
};

/** A verdict's word for markdown: a regression in bold. */
export function verdictText(v: Verdict): string {
  return v === 'regression' ? `**${VERDICT_WORDS[v]}**` : VERDICT_WORDS[v];
}

function flaggedSection(c: Comparison): string {
  const lines: string[] = [];
  for (const s of c.series) {
    for (const p of s.percentiles) {
      if (p.verdict !== 'regression') continue;
      lines.push(`- ${s.metric}{${s.key}} p${p.percentile}: ${durationText(p.baselineMs)} → ${durationText(p.candidateMs)}, ${changeText(p)}, ` +
        `${percentText(c.options.confidence)} CI ${ciText(p)}, adjusted p ${pText(p)}; tolerance ${percentText(s.tolerance.relative)} and ${durationText(p.floorMs)}`);
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

/** The two runs' machine load and harness health side by side, and the changes they explain. */
function conditionsSection(c: Comparison): string {
  if (c.conditions === undefined) return '';
  const rows = conditionRows(c.conditions);
  if (rows.length === 0) return '';
  const explained = c.series.flatMap((s) => s.percentiles.filter((p) => p.verdict === 'conditions-differ').map((p) => `${s.metric}{${s.key}} p${p.percentile} ${changeText(p)}`));
  const verdict = c.conditions.differences.length === 0
    ? 'The runs measured under comparable conditions.'
    : `**Conditions differ:** ${c.conditions.differences.map((d) => d.text).join('; ')}.` +
      (explained.length === 0 ? '' : ` Changes in the direction they explain are marked \`${VERDICT_WORDS['conditions-differ']}\`, not regressions: ${explained.join(', ')}. Rerun both on a quiet machine to tell.`);
  return `## Conditions\n\n${table(['', 'baseline', 'candidate'], rows)}\n\n${verdict}`;
}

/** Rows of the conditions table, for markdown and HTML: only figures that at least one run has. */
export function conditionRows(k: NonNullable<Comparison['conditions']>): string[][] {
  type C = typeof k.baseline;
  const fields: [string, (c: C) => number | undefined, string][] = [
    ['CPUs', (c) => c.cpus, ''],
    ['load average (1 min), mean', (c) => c.load1Mean, ''],
    ['machine CPU busy, mean', (c) => c.busyPctMean, '%'],
    ['… by other processes', (c) => c.othersBusyPctMean, '%'],
    ['CPU stolen (hypervisor), mean', (c) => c.stealPctMean, '%'],
    ['harness event-loop delay p99', (c) => c.runnerLoopDelayP99Ms, ' ms'],
    ['harness process CPU (of one core)', (c) => c.runnerCpuMeanPct, '%'],
  ];
  const cell = (v: number | undefined, unit: string): string => (v === undefined ? '–' : `${v}${unit}`);
  const rows = fields.filter(([, pick]) => pick(k.baseline) !== undefined || pick(k.candidate) !== undefined)
    .map(([name, pick, unit]) => [name, cell(pick(k.baseline), unit), cell(pick(k.candidate), unit)]);
  if (rows.length > 0) rows.push(['harness saturation findings', String(k.baseline.saturation), String(k.candidate.saturation)]);
  return rows;
}

function metricSection(c: Comparison, metric: CompareMetric): string {
  const list = c.series.filter((s) => s.metric === metric);
  if (list.length === 0) return '';
  const rows = list.flatMap((s: SeriesComparison) => s.percentiles.map((p) => [
    s.key, `${s.baselineCount} → ${s.candidateCount}`, `p${p.percentile}`, durationText(p.baselineMs), durationText(p.candidateMs), changeText(p), ciText(p), pText(p), verdictText(p.verdict),
  ]));
  const t = c.options.tolerances[metric];
  return `## ${METRIC_TITLES[metric]}\n\n${table(['series', 'n', 'percentile', 'baseline', 'candidate', 'change', `${percentText(c.options.confidence)} CI of change`, 'p (Holm)', 'verdict'], rows)}\n\n` +
    `Tolerance: ${percentText(t.relative)} of the baseline and at least ${durationText(t.minDeltaMs)}${metric === 'replication_lag' ? ' (or, if larger, the two runs\' typical probe resolution added: the median ± of one artifact\'s lag)' : ''}.`;
}

function outcomeSection(c: Comparison): string {
  if (c.outcomes.length === 0) return '';
  const rows = c.outcomes.map((o) => [o.region, share(o.baseline), share(o.candidate), `${o.delta >= 0 ? '+' : '−'}${(Math.abs(o.delta) * 100).toFixed(2)} pp`, o.z.toFixed(2), verdictText(o.verdict)]);
  return `## Replicated share per region\n\n${table(['region', 'baseline', 'candidate', 'change', 'z (drop)', 'verdict'], rows)}\n\n` +
    `A drop beyond ${percentText(c.options.outcomeTolerance)} that a one-sided two-proportion z-test finds significant at ${percentText(c.options.confidence)} is a regression.`;
}

function pullOutcomeSection(c: Comparison): string {
  if (c.pullOutcomes.length === 0) return '';
  const failed = (x: { ok: number; total: number }): string => `${x.total - x.ok}/${x.total}`;
  const rows = c.pullOutcomes.map((o) => [o.series, failed(o.baseline), failed(o.candidate), `${o.delta >= 0 ? '+' : '−'}${(Math.abs(o.delta) * 100).toFixed(2)} pp`, o.z.toFixed(2), verdictText(o.verdict)]);
  return `## Failed pulls per worker × endpoint\n\n${table(['series', 'baseline failed', 'candidate failed', 'ok share change', 'z (drop)', 'verdict'], rows)}\n\n` +
    `A drop of the ok share beyond ${percentText(c.options.outcomeTolerance)} that a one-sided two-proportion z-test finds significant at ${percentText(c.options.confidence)} is a regression.`;
}

function settingsSection(c: Comparison): string {
  const o = c.options;
  const lines = [
    '## Method',
    '',
    `Per series and percentile: the change candidate − baseline from the per-sample values in events.jsonl, with a ${percentText(o.confidence)} ` +
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

