/**
 * How every report renderer writes a number, a duration and a table: one place,
 * so report.md, report.html, the step summary, junit.xml and compare.md say
 * `1.2s`, `–` and `98.00%` the same way. Pure text; the µs → ms conversions of
 * the folds are stats/percentiles.ts (usToMs).
 */
import type { Histogram } from '../stats/histogram-factory.ts';
import { reportedPercentileUs, usToMs } from '../stats/percentiles.ts';
import { formatDurationMs } from '../units.ts';

/** What a cell shows for a value there is none of. */
export const NONE = '–';

/** A duration in ms for people: `850µs`, `12.5ms`, `1.2s`, `2.5m`. */
export function durationText(ms: number): string {
  return formatDurationMs(ms);
}

/** A duration, or `–` for none. */
export function optionalDurationText(ms: number | null): string {
  return ms === null ? NONE : durationText(ms);
}

/** A difference with its sign (`+1.2s`, `−850µs`), or `–` for none. */
export function signedDurationText(ms: number | null): string {
  if (ms === null) return NONE;
  return ms < 0 ? `−${durationText(-ms)}` : `+${durationText(ms)}`;
}

/** A histogram's reported percentile as a duration (`p` 0–100; 100 = max). */
export function percentileText(h: Histogram, p: number): string {
  return durationText(usToMs(reportedPercentileUs(h, p)));
}

/** A fraction as a percentage to two decimals, trailing zeros dropped: 0.985 → `98.5%`. */
export function percentText(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}

/** A network-close gain: `3.10×`. */
export function gainText(gain: number): string {
  return `${gain.toFixed(2)}×`;
}

/** What a threshold result measured (report.ts ThresholdResult). */
export interface ThresholdActual {
  readonly actual: number | null;
  readonly unit: 'ms' | 'ratio' | 'count';
}

/** A threshold's actual value for people: `1.2s`, `98.00%`, `3`, or `no data`. */
export function thresholdActualText(t: ThresholdActual): string {
  if (t.actual === null) return 'no data';
  if (t.unit === 'ratio') return `${(t.actual * 100).toFixed(2)}%`;
  return t.unit === 'count' ? String(t.actual) : durationText(t.actual);
}

/** Markdown inline code; a backtick inside becomes `'`. */
export function inlineCode(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** A GitHub-flavoured markdown table, `|` escaped in cells. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The blob-redirect section's table layout: cells as given, a `|---|---|` rule (report.md keeps its bytes). */
export function compactTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
