/**
 * The report renderers keyed by format, as report.formats names them: each
 * format's files (name → text) from one Report. files.ts writes the formats a
 * run asked for, in REPORT_FORMATS order; summary.json ('json') always, since
 * `report` and `compare` read it. A new format is one entry here (and its name
 * in REPORT_FORMATS). Pure.
 */
import { METRICS } from '../metrics.ts';
import type { REPORT_FORMATS } from '../scenario/defaults.ts';
import { renderHgrm } from '../stats/hgrm.ts';
import { seriesToken } from '../stats/labels.ts';
import { renderMetricHlog } from './hlog-report.ts';
import { HTML_FILE, renderHtml } from './html.ts';
import { JUNIT_FILE, renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { OPENMETRICS_FILE, renderOpenMetrics } from './openmetrics.ts';
import type { Report } from './report.ts';
import { renderSummary } from './summary.ts';

export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const SUMMARY_FILE = 'summary.json';
export const MARKDOWN_FILE = 'report.md';

/** The format written whatever report.formats says. */
export const ALWAYS_WRITTEN: ReportFormat = 'json';

/** One format's files, in a stable order. */
export type FormatRenderer = (report: Report) => ReadonlyMap<string, string>;

const one = (name: string, render: (report: Report) => string): FormatRenderer => (report) => new Map([[name, render(report)]]);

export const RENDERERS: Readonly<Record<ReportFormat, FormatRenderer>> = {
  json: one(SUMMARY_FILE, renderSummary),
  md: one(MARKDOWN_FILE, renderMarkdown),
  hgrm: (report) => {
    const files = new Map<string, string>();
    for (const s of report.series) files.set(uniqueName(files, `${s.metric}.${seriesToken(s.key)}`, '.hgrm'), renderHgrm(s.histogram));
    return files;
  },
  hlog: (report) => {
    const files = new Map<string, string>();
    for (const metric of METRICS) {
      const text = renderMetricHlog(report, metric);
      if (text !== '') files.set(`${metric}.hlog`, text);
    }
    return files;
  },
  html: one(HTML_FILE, renderHtml),
  junit: one(JUNIT_FILE, renderJunit),
  prom: one(OPENMETRICS_FILE, renderOpenMetrics),
};

/** `stem.ext`, or `stem~2.ext`, `stem~3.ext`, … when taken (two series whose tokens collide). */
function uniqueName(taken: ReadonlyMap<string, string>, stem: string, ext: string): string {
  let name = `${stem}${ext}`;
  for (let n = 2; taken.has(name); n++) name = `${stem}~${n}${ext}`;
  return name;
}
