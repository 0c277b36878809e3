/**
 * The registry of report sections, in fold order. Each section folds its own
 * data into the Report under its key and renders its own parts of report.md,
 * report.html and summary.json; the renderers merge those parts with their own
 * by rank. A new figure: a section file beside these, and its line here.
 */
import type { ReportCore } from '../core.ts';
import { accuracySection } from './accuracy.ts';
import { connectedSection } from './connected.ts';
import { droppedArrivalsSection } from './dropped-arrivals.ts';
import { egressSection } from './egress.ts';
import { healthSection } from './health.ts';
import { pullRedirectsSection } from './pull-redirects.ts';
import type { FoldInput, Part, Section, SectionParts } from './section.ts';
import { signalsSection } from './signals.ts';

export const SECTIONS = [accuracySection, signalsSection, pullRedirectsSection, egressSection, connectedSection, healthSection, droppedArrivalsSection] as const;

type Registered = (typeof SECTIONS)[number];
type DataOf<S> = S extends Section<string, infer D> ? D : never;

/** Each section's data under its key; a key is absent when the run had none of that figure. */
export type SectionData = { readonly [S in Registered as S['key']]?: DataOf<S> };

/** Every section's data folded from the log. */
export function foldSections(input: FoldInput): SectionData {
  const out: Record<string, unknown> = {};
  for (const section of SECTIONS as readonly Section<string, unknown>[]) {
    const data = section.fold(input);
    if (data !== undefined) out[section.key] = data;
  }
  return out as SectionData;
}

/** A rendered part and its place in the file. */
export interface RankedPart<T> {
  readonly rank: number;
  readonly value: T;
}

/** The parts of one format the sections with data render, in registry order (the renderer sorts by rank). */
export function sectionParts<F extends keyof SectionParts<unknown>>(
  format: F,
  report: ReportCore & SectionData,
): RankedPart<NonNullable<SectionParts<unknown>[F]> extends Part<unknown, infer T> ? T : never>[] {
  const out: RankedPart<never>[] = [];
  for (const section of SECTIONS as readonly Section<string, unknown>[]) {
    const data = (report as unknown as Readonly<Record<string, unknown>>)[section.key];
    const part = section.parts[format] as Part<unknown, never> | undefined;
    if (data !== undefined && part !== undefined) out.push({ rank: part.rank, value: part.render(data, report) });
  }
  return out;
}

/** Parts sorted by rank; equal ranks keep their order. */
export function byRank<T>(parts: readonly RankedPart<T>[]): T[] {
  return [...parts].sort((a, b) => a.rank - b.rank).map((p) => p.value);
}
