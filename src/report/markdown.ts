/**
 * report.md: the run for people. Lag per region with ± bounds, outcome counts,
 * accuracy (lab runs), push times, the pull matrix worker × endpoint, network-close
 * gains, thresholds and errors, and between them the report sections' parts
 * (sections/), each at its rank. Pure: the Report in, text out.
 */
import { compareText } from '../stats/labels.ts';
import { durationText, gainText, inlineCode, percentileText, table, thresholdActualText } from './format.ts';
import { PULL_OUTCOMES, type MetricName } from '../metrics.ts';
import { failuresOf } from './pull-outcomes.ts';
import { corruptLinesText, findSeries, seriesOf, type Report } from './report.ts';
import { byRank, sectionParts } from './sections/index.ts';

export function renderMarkdown(report: Report): string {
  const own = [
    { rank: 0, value: header(report) },
    { rank: 10, value: lagSection(report) },
    { rank: 20, value: outcomeSection(report) },
    { rank: 40, value: pushSection(report) },
    { rank: 50, value: matrixSection(report, 'pull_duration', 'Pull duration (p50 / p95)') },
    { rank: 51, value: matrixSection(report, 'pull_ttfb', 'Pull time to first byte (p50 / p95)') },
    { rank: 60, value: pullOutcomeSection(report) },
    { rank: 70, value: gainSection(report) },
    { rank: 90, value: thresholdSection(report) },
    { rank: 95, value: errorSection(report) },
  ];
  const sections = byRank([...own, ...sectionParts('md', report)]);
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function header(r: Report): string {
  const lines = [
    `# replbench run ${r.runId || '(no run-start record)'}`,
    '',
    `- scenario: ${r.scenario || '?'}`,
    `- origin: ${r.origin || '?'}; regions: ${r.regions.join(', ') || '?'}`,
    `- started ${r.startedAt}, finished ${r.finishedAt}`,
    `- complete: ${r.complete ? 'yes' : `**no**${r.interrupted ? ` (${r.interrupted})` : ''}`}`,
  ];
  if (r.truncated) lines.push('- the event log ends in a cut-off line (the run crashed mid-write); every line before it is counted');
  if (r.corruptLines !== undefined) lines.push(`- ${corruptLinesText(r.corruptLines)}`);
  if (r.environment) {
    const e = r.environment;
    lines.push(`- replbench ${e.replbenchVersion}, node ${e.node}, ${e.platform}, ${e.cpus} CPUs`);
  }
  return lines.join('\n');
}

function lagSection(r: Report): string {
  const rows = seriesOf(r, 'replication_lag').map((s) => {
    const region = s.labels.region ?? s.key;
    const u = r.lagUncertainty[region];
    const cell = (p: number, uMs: number | undefined): string =>
      `${percentileText(s.histogram, p)}${uMs === undefined ? '' : ` ± ${durationText(uMs)}`}`;
    return [region, String(s.histogram.totalCount), cell(50, u?.p50), cell(90, u?.p90), cell(99, u?.p99), cell(100, u?.max)];
  });
  if (rows.length === 0) return Object.keys(r.outcomes).length === 0 ? '' : '## Replication lag\n\nNo artifact was seen replicated.';
  return `## Replication lag\n\n${table(['region', 'replicated', 'p50', 'p90', 'p99', 'max'], rows)}\n\n` +
    '± is a guaranteed bound from the probe brackets (half the gap between the last miss and the first hit, RTT-corrected).';
}

function outcomeSection(r: Report): string {
  const rows = Object.entries(r.outcomes).map(([region, c]) => {
    const total = c.replicated + c.timedOut + c.errored + c.inconsistent;
    const perReplication = total === 0 ? '–' : (c.probes / total).toFixed(1);
    return [region, String(c.replicated), String(c.timedOut), String(c.errored), String(c.inconsistent), String(c.probes), perReplication];
  });
  if (rows.length === 0) return '';
  return `## Replication outcomes\n\n${table(['region', 'replicated', 'timed out', 'errored', 'inconsistent', 'probes', 'probes / artifact'], rows)}${inconsistencyNote(r)}${confirmNote(r)}`;
}

function pullOutcomeSection(r: Report): string {
  const all = Object.values(r.pullOutcomes);
  if (all.length === 0) return '';
  const rows = all.map((p) => [p.labels.worker ?? '', p.labels.endpoint ?? '', ...PULL_OUTCOMES.map((o) => String(p.counts[o] ?? 0))]);
  const failed = all.reduce((n, p) => n + failuresOf(p.counts), 0);
  const note = failed === 0 ? 'Every pull was ok.' : `${failed} pull${failed === 1 ? '' : 's'} failed (their codes are under Errors); the pull percentiles are over the pulls that completed.`;
  return `## Pull outcomes\n\n${table(['worker', 'endpoint', ...PULL_OUTCOMES], rows)}\n\n${note}`;
}

function inconsistencyNote(r: Report): string {
  const parts = Object.entries(r.outcomes).flatMap(([region, c]) =>
    Object.entries(c.inconsistentBy ?? {}).map(([reason, n]) => `${region}: ${reason} ×${n}`));
  return parts.length === 0 ? '' : `\n\nInconsistent: ${parts.join(', ')}.`;
}

function confirmNote(r: Report): string {
  const c = Object.values(r.outcomes).reduce((a, o) => (o.confirm === undefined ? a : { artifacts: a.artifacts + o.confirm.artifacts, requests: a.requests + o.confirm.requests, ms: a.ms + o.confirm.ms }), { artifacts: 0, requests: 0, ms: 0 });
  if (c.artifacts === 0) return '';
  return `\n\nConfirm step (manifest GET by digest, a one-byte Range GET per blob): ${(c.requests / c.artifacts).toFixed(1)} requests and ${durationText(c.ms / c.artifacts)} per replicated artifact.`;
}

function pushSection(r: Report): string {
  const rows = seriesOf(r, 'push_duration').map((s) => {
    const at = (p: number): string => percentileText(s.histogram, p);
    return [s.labels.region ?? s.key, String(s.histogram.totalCount), at(50), at(95), at(99), at(100)];
  });
  return rows.length === 0 ? '' : `## Push duration\n\n${table(['region', 'images', 'p50', 'p95', 'p99', 'max'], rows)}`;
}

function matrixSection(r: Report, metric: MetricName, title: string): string {
  const all = seriesOf(r, metric);
  if (all.length === 0) return '';
  const workers = unique(all.map((s) => s.labels.worker ?? ''));
  const endpoints = unique(all.map((s) => s.labels.endpoint ?? ''));
  const rows = workers.map((worker) => [worker, ...endpoints.map((endpoint) => {
    const s = findSeries(r, metric, `endpoint=${endpoint},worker=${worker}`);
    if (s === undefined) return '–';
    const text = `${percentileText(s.histogram, 50)} / ${percentileText(s.histogram, 95)}${s.lostArrivals === undefined ? '' : ' (lost arrivals)'}`;
    return endpoint === worker ? `**${text}**` : text;
  })]);
  return `## ${title}\n\n${table(['worker \\ endpoint', ...endpoints], rows)}\n\nRows are worker regions, columns the endpoints they pulled from; local pulls in bold.`;
}

function gainSection(r: Report): string {
  const rows = Object.entries(r.gains).map(([worker, g]) =>
    [worker, durationText(g.localP50Ms), g.remoteEndpoint, durationText(g.remoteP50Ms), gainText(g.gain)]);
  if (rows.length === 0) return '';
  return `## Network-close gain\n\n${table(['worker', 'local p50', 'nearest remote', 'remote p50', 'gain'], rows)}\n\n` +
    'Gain = median pull from the nearest remote endpoint ÷ median pull from the local one.';
}

function thresholdSection(r: Report): string {
  if (r.thresholds.length === 0) return '';
  const failed = r.thresholds.filter((t) => !t.ok).length;
  const rows = r.thresholds.map((t) => [t.ok ? 'pass' : '**FAIL**', inlineCode(t.expr), t.series, thresholdActualText(t)]);
  const verdict = failed === 0 ? 'All thresholds passed.' : `${failed} of ${r.thresholds.length} thresholds failed.`;
  return `## Thresholds\n\n${table(['result', 'threshold', 'series', 'actual'], rows)}\n\n${verdict}`;
}

function errorSection(r: Report): string {
  if (r.errors.total === 0) return '';
  const rows = Object.entries(r.errors.byCode).map(([c, n]) => [c, String(n)]);
  return `## Errors\n\n${table(['code', 'count'], rows)}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}

