/**
 * A report section: one figure of a run, end to end. It folds its own data from
 * the event log (undefined when the run has none of it, so other runs' reports
 * do not change) and renders its own part of each format it appears in. A part
 * carries a rank: its place among the other parts of that file (the core
 * renderer's own parts are ranked on the same scale), so adding a figure is one
 * section file and its line in the registry (index.ts).
 */
import type { ReplEvent } from '../../events/index.ts';
import type { ReportCore } from '../core.ts';
import type { Summary } from '../summary-schema.ts';

/** What a section folds from. */
export interface FoldInput {
  readonly events: readonly ReplEvent[];
  /** The run's origin region (run-start), '' without one. */
  readonly origin: string;
}

/** One part of a rendered file: its place (rank, lowest first) and how it is rendered. */
export interface Part<D, T> {
  readonly rank: number;
  render(data: D, report: ReportCore): T;
}

/** The parts a section renders, by report format (report.formats): report.md, report.html, summary.json. */
export interface SectionParts<D> {
  readonly md?: Part<D, string>;
  readonly html?: Part<D, string>;
  readonly json?: Part<D, Partial<Summary>>;
}

export interface Section<K extends string, D> {
  /** The Report field the section's data lands in. */
  readonly key: K;
  fold(input: FoldInput): D | undefined;
  readonly parts: SectionParts<D>;
}

/** A section, its key and data types kept for the registry. */
export function defineSection<K extends string, D>(section: Section<K, D>): Section<K, D> {
  return section;
}
