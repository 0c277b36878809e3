/**
 * A run directory's report files, all derived from events.jsonl:
 * summary.json, report.md, `<metric>.<series token>.hgrm` per series (seriesToken:
 * `pull_duration.endpoint=eastus+worker=westeurope.hgrm`), `<metric>.hlog`,
 * report.html, junit.xml and metrics.prom — those the scenario's report.formats
 * names (logged in run-start, so a re-render writes the same set; renderers.ts
 * holds each format's renderer); summary.json always, since `report` and `compare` read it.
 * rerender(runDir) folds the log again and rewrites them byte-identical.
 * Each file is written to a temporary name and renamed, so a reader never sees half a file;
 * a write that fails (a full disk) is a WriteError naming the file and the cause, and the
 * temporary file is removed.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redact } from '../redact.ts';
import { EVENT_LOG_FILE, readEventLog, type CorruptLine } from '../events/log.ts';
import { writeFailure } from '../write-failure.ts';
import { foldEvents, type FoldOptions } from './fold.ts';
import { ALWAYS_WRITTEN, RENDERERS } from './renderers.ts';
import type { Report } from './report.ts';
import { REPORT_FORMATS } from '../scenario/defaults.ts';

/** The formats a report is written in: report.formats as logged, every format when the log names none. */
export function reportFormatsOf(report: Report): ReadonlySet<string> {
  return new Set<string>(report.formats ?? REPORT_FORMATS);
}

/** File name → content, in a stable order; only the formats the run asked for (summary.json always). Pure. */
export function renderReportFiles(report: Report): Map<string, string> {
  const formats = reportFormatsOf(report);
  const files = new Map<string, string>();
  for (const format of REPORT_FORMATS) {
    if (format !== ALWAYS_WRITTEN && !formats.has(format)) continue;
    for (const [name, text] of RENDERERS[format](report)) files.set(name, text);
  }
  return files;
}

/** Writes every report file into runDir; returns the file names written. */
export async function writeReport(runDir: string, report: Report): Promise<string[]> {
  const files = renderReportFiles(report);
  for (const [name, text] of files) {
    const path = join(runDir, name);
    try {
      await writeFile(`${path}.tmp`, redact(text), 'utf8');
      await rename(`${path}.tmp`, path);
    } catch (err: unknown) {
      await rm(`${path}.tmp`, { force: true }).catch(() => undefined);
      throw writeFailure(path, err);
    }
  }
  return [...files.keys()];
}

export interface Rerendered {
  readonly report: Report;
  readonly files: readonly string[];
  /** The log's last line was cut short and left out. */
  readonly truncated: boolean;
  /** Records of unknown types skipped (written by a newer replbench). */
  readonly skipped: number;
  /** Corrupt lines skipped (each named on stderr by `report`): line number and why. */
  readonly corrupt: readonly CorruptLine[];
}

/** events.jsonl → fold → every report file, as the run itself wrote them. */
export async function rerender(runDir: string, options: Omit<FoldOptions, 'truncated' | 'corruptLines'> = {}): Promise<Rerendered> {
  const log = await readEventLog(join(runDir, EVENT_LOG_FILE));
  const truncated = log.truncated !== undefined;
  const report = foldEvents(log.events, { ...options, truncated, corruptLines: log.corrupt.map((c) => c.line) });
  const files = await writeReport(runDir, report);
  return { report, files, truncated, skipped: log.skipped.length, corrupt: log.corrupt };
}
