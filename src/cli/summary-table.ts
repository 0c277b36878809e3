/**
 * The end-of-run summary printed on stdout by `run` and `report`: a pure
 * function of the folded Report, readable in 100 columns. Lag per region
 * (p50/p90/p99/max ± the guaranteed bound) with outcome counts, accuracy
 * against ground truth (lab runs), the pull matrix (p50), gains, thresholds.
 */
import type { Report, ThresholdResult } from '../report/report.ts';
import { findSeries, seriesOf } from '../report/report.ts';
import { compareText } from '../stats/labels.ts';
import { reportedPercentileUs, usToMs } from '../stats/percentiles.ts';
import { failuresOf } from '../report/pull-outcomes.ts';
import { renderTable } from './table.ts';

export function renderSummaryTable(report: Report, runDir?: string): string {
  const parts = [headerOf(report, runDir), lagTable(report), accuracyTable(report), saturationLines(report), pullMatrix(report), pullFailures(report), gainTable(report), thresholdTable(report)];
  return parts.filter((p) => p !== '').join('\n');
}

function headerOf(r: Report, runDir: string | undefined): string {
  const state = r.complete ? 'complete' : `INCOMPLETE${r.interrupted ? ` (${r.interrupted})` : ''}`;
  const lines = [`replbench run ${r.runId}: scenario ${r.scenario}, origin ${r.origin}, ${state}`];
  if (runDir !== undefined) lines.push(`reports in ${runDir}`);
  if (r.errors.total > 0) lines.push(`errors: ${Object.entries(r.errors.byCode).map(([c, n]) => `${c} ×${n}`).join(', ')} (see report.md, events.jsonl)`);
  return `${lines.join('\n')}\n`;
}

function lagTable(r: Report): string {
  const rows = Object.entries(r.outcomes).map(([region, c]) => {
    const s = findSeries(r, 'replication_lag', `region=${region}`);
    const u = r.lagUncertainty[region];
    const total = c.replicated + c.timedOut + c.errored + c.inconsistent;
    const cell = (p: number, uMs: number | undefined): string =>
      s === undefined ? '–' : `${ms(usToMs(reportedPercentileUs(s.histogram, p)))} ±${ms(uMs ?? 0)}`;
    return [region, `${c.replicated}/${total}`, String(c.timedOut), String(c.errored), String(c.inconsistent), cell(50, u?.p50), cell(90, u?.p90), cell(99, u?.p99), cell(100, u?.max)];
  });
  if (rows.length === 0) return '';
  const reasons = Object.entries(r.outcomes).flatMap(([region, c]) => Object.entries(c.inconsistentBy ?? {}).map(([why, n]) => `${region} ${why} ×${n}`));
  const note = reasons.length === 0 ? '' : `inconsistent: ${reasons.join(', ')}\n`;
  return `Replication lag (ms from the commit point; ± = guaranteed bound)\n${renderTable(['region', 'replicated', 'timed out', 'errored', 'incons.', 'p50', 'p90', 'p99', 'max'], rows)}${note}`;
}

/** Said only when the harness lost precision (report.md has the whole health table). */
function saturationLines(r: Report): string {
  const lines = r.health?.saturation ?? [];
  return lines.length === 0 ? '' : `Precision lost to a saturated harness\n${lines.map((l) => wrap(`- ${l}`, 100, '  ')).join('\n')}\n`;
}

/** Breaks a sentence at spaces so no line passes `width` columns (a word longer than that stays whole). */
function wrap(text: string, width: number, indent: string): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = `${indent}${word}`;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  out.push(line);
  return out.join('\n');
}

function accuracyTable(r: Report): string {
  if (r.accuracy === undefined) return '';
  const rows = Object.entries(r.accuracy).map(([region, a]) => [region, String(a.samples), ms(a.absErrMsP50), ms(a.absErrMsP99), ms(a.absErrMsMax), a.meanProbes.toFixed(1)]);
  return `Accuracy against the lab's ground truth (|measured − true| lag, ms)\n${renderTable(['region', 'samples', 'p50', 'p99', 'max', 'probes/replication'], rows)}`;
}

function pullMatrix(r: Report): string {
  const all = seriesOf(r, 'pull_duration');
  if (all.length === 0) return '';
  const unique = (xs: string[]): string[] => [...new Set(xs)].sort(compareText);
  const workers = unique(all.map((s) => s.labels.worker ?? ''));
  const endpoints = unique(all.map((s) => s.labels.endpoint ?? ''));
  const rows = workers.map((w) => [
    w,
    ...endpoints.map((e) => {
      const s = findSeries(r, 'pull_duration', `endpoint=${e},worker=${w}`);
      return s === undefined ? '–' : ms(usToMs(reportedPercentileUs(s.histogram, 50)));
    }),
  ]);
  return `Pull duration p50 (ms), worker region × endpoint\n${renderTable(['worker \\ endpoint', ...endpoints], rows)}`;
}

/** Only the worker × endpoint pairs that had failed pulls, by outcome. */
function pullFailures(r: Report): string {
  const rows = Object.values(r.pullOutcomes).flatMap((p) => {
    const failed = failuresOf(p.counts);
    if (failed === 0) return [];
    const total = Object.values(p.counts).reduce((a, n) => a + n, 0);
    const what = Object.entries(p.counts).filter(([o, n]) => o !== 'ok' && n > 0).map(([o, n]) => `${o} ×${n}`).join(', ');
    return [[p.labels.worker ?? '', p.labels.endpoint ?? '', `${failed}/${total}`, what]];
  });
  return rows.length === 0 ? '' : `Pull failures\n${renderTable(['worker', 'endpoint', 'failed', 'outcomes'], rows)}`;
}

function gainTable(r: Report): string {
  const rows = Object.entries(r.gains).map(([w, g]) => [w, ms(g.localP50Ms), g.remoteEndpoint, ms(g.remoteP50Ms), `${g.gain.toFixed(2)}×`]);
  if (rows.length === 0) return '';
  return `Network-close gain (nearest remote p50 ÷ local p50)\n${renderTable(['worker', 'local p50', 'nearest remote', 'remote p50', 'gain'], rows)}`;
}

function thresholdTable(r: Report): string {
  if (r.thresholds.length === 0) return '';
  // The selector in the expression names the series; failures repeat it on stderr.
  const rows = r.thresholds.map((t) => [t.ok ? 'ok' : 'FAIL', t.expr, actualText(t)]);
  const failed = r.thresholds.filter((t) => !t.ok).length;
  const verdict = failed === 0 ? `all ${r.thresholds.length} thresholds passed` : `${failed} of ${r.thresholds.length} thresholds FAILED`;
  return `Thresholds: ${verdict}\n${renderTable(['', 'threshold', 'actual'], rows)}`;
}

/** One line per failed threshold: expression, series, actual value. */
export function describeFailedThresholds(report: Report): string[] {
  return report.thresholds.filter((t) => !t.ok).map((t) => `threshold failed: ${t.expr} on ${t.series === '*' ? 'all series' : t.series}: actual ${actualText(t)}`);
}

export function actualText(t: ThresholdResult): string {
  if (t.actual === null) return 'no data';
  if (t.unit === 'ratio') return `${(t.actual * 100).toFixed(2).replace(/\.00$/, '')}%`;
  if (t.unit === 'count') return String(t.actual);
  return `${ms(t.actual)} ms`;
}

/** ms with a precision that suits the size: 0.42, 12.3, 412. */
function ms(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
