/**
 * GitHub Actions job summary: when $GITHUB_STEP_SUMMARY names a file, a compact
 * Markdown view of the run (verdict, lag per region, outcomes, gains, thresholds)
 * is appended to it. The runner and `replbench report` call appendStepSummary;
 * `replbench compare` appends compare.md the same way (appendMarkdown).
 */
import { appendFile } from 'node:fs/promises';
import { durationText, gainText, inlineCode, percentileText, table, thresholdActualText } from './format.ts';
import { HTML_FILE } from './html.ts';
import { JUNIT_FILE } from './junit.ts';
import { OPENMETRICS_FILE } from './openmetrics.ts';
import { MARKDOWN_FILE, SUMMARY_FILE } from './renderers.ts';
import { seriesOf, type Report } from './report.ts';

export const STEP_SUMMARY_VARIABLE = 'GITHUB_STEP_SUMMARY';

/** The Markdown appended for one run. Pure. */
export function renderStepSummary(report: Report): string {
  const failed = report.thresholds.filter((t) => !t.ok);
  const verdict = !report.complete ? `:warning: incomplete${report.interrupted ? ` (${report.interrupted})` : ''}`
    : report.thresholds.length === 0 ? 'complete, no thresholds'
    : failed.length === 0 ? `:white_check_mark: all ${report.thresholds.length} thresholds passed`
    : `:x: ${failed.length} of ${report.thresholds.length} thresholds failed`;
  const parts = [`### replbench ${report.scenario || 'run'} — ${verdict}`, '', `Run \`${report.runId}\`, origin ${report.origin}, started ${report.startedAt}.`];
  const lag = seriesOf(report, 'replication_lag');
  if (lag.length > 0) {
    const rows = lag.map((s) => {
      const region = s.labels.region ?? s.key;
      const u = report.lagUncertainty[region];
      const at = (p: number, um?: number): string => `${percentileText(s.histogram, p)}${um === undefined ? '' : ` ± ${durationText(um)}`}`;
      const c = report.outcomes[region];
      const notOk = c === undefined ? '' : String(c.timedOut + c.errored + c.inconsistent);
      return [region, String(s.histogram.totalCount), notOk, at(50, u?.p50), at(90, u?.p90), at(99, u?.p99), at(100, u?.max)];
    });
    parts.push('', table(['region', 'replicated', 'not replicated', 'lag p50', 'p90', 'p99', 'max'], rows));
  }
  const gains = Object.entries(report.gains);
  if (gains.length > 0) {
    parts.push('', `Network-close gain: ${gains.map(([w, g]) => `${w} ${gainText(g.gain)}`).join(', ')}.`);
  }
  if (failed.length > 0) {
    parts.push('', table(['failed threshold', 'series', 'actual'], failed.map((t) => [inlineCode(t.expr), t.series, thresholdActualText(t)])));
  }
  const written = ([['html', HTML_FILE], ['md', MARKDOWN_FILE], ['junit', JUNIT_FILE], ['prom', OPENMETRICS_FILE]] as const)
    .filter(([format]) => report.formats === undefined || report.formats.includes(format)).map(([, file]) => inlineCode(file));
  parts.push('', `Full report: ${[...written, inlineCode(SUMMARY_FILE)].join(', ')} in the run directory.`);
  return `${parts.join('\n')}\n\n`;
}

/** Appends text to the file $GITHUB_STEP_SUMMARY names; false (and nothing written) when it is unset. */
export async function appendMarkdown(text: string, env: Readonly<Record<string, string | undefined>>): Promise<boolean> {
  const path = env[STEP_SUMMARY_VARIABLE];
  if (path === undefined || path === '') return false;
  await appendFile(path, text.endsWith('\n') ? text : `${text}\n`, 'utf8');
  return true;
}

/** Appends the run's summary to $GITHUB_STEP_SUMMARY when set; returns whether it did. */
export function appendStepSummary(report: Report, env: Readonly<Record<string, string | undefined>> = process.env): Promise<boolean> {
  return appendMarkdown(renderStepSummary(report), env);
}

