/**
 * Arrivals a paced test dropped, per worker, folded from `dropped-arrivals`
 * records (k6's dropped_iterations, ingested): pulls the load generator was
 * due to start and never did, so that worker's series describe a lighter load
 * than asked for. Failed pulls are pull outcomes (pull-outcomes.ts), their
 * codes in the errors section. A run that dropped nothing has no such part;
 * one that did has it in report.md after the pull outcomes, in report.html
 * after the pull outcomes, and in summary.json as droppedArrivals.
 */
import type { ReplEvent } from '../../events/index.ts';
import { compareText } from '../../stats/labels.ts';
import { table } from '../format.ts';
import { escapeHtml, htmlSection, htmlTable } from '../html-page.ts';
import { defineSection } from './section.ts';

/** Worker region → pulls due and never started; only workers that dropped any. */
export type DroppedArrivals = Readonly<Record<string, number>>;

export function droppedArrivalsOf(events: readonly ReplEvent[]): DroppedArrivals | undefined {
  const dropped = new Map<string, number>();
  for (const e of events) {
    if (e.type === 'dropped-arrivals' && e.count > 0) dropped.set(e.labels.worker, (dropped.get(e.labels.worker) ?? 0) + e.count);
  }
  if (dropped.size === 0) return undefined;
  const out: Record<string, number> = {};
  for (const worker of [...dropped.keys()].sort(compareText)) out[worker] = dropped.get(worker) ?? 0;
  return out;
}

export const DROPPED_ARRIVALS_NOTE =
  "The load generator was due to start these pulls and did not (k6's dropped_iterations: every VU was busy, or the time cap ran out): " +
  'the series of these workers are marked "lost arrivals" and describe a lighter load than asked for.';

/** report.md: pulls never started, per worker. */
export function droppedArrivalsMarkdown(d: DroppedArrivals): string {
  const rows = Object.entries(d).map(([w, n]) => [w, `**${n}**`]);
  return ['## Dropped arrivals', table(['worker', 'pulls never started'], rows), DROPPED_ARRIVALS_NOTE].join('\n\n');
}

/** report.html: the same table and note. */
export function droppedArrivalsHtml(d: DroppedArrivals): string {
  const rows = Object.entries(d).map(([w, n]) => [w, String(n)]);
  return htmlSection('Dropped arrivals', `${htmlTable(['worker', 'pulls never started'], rows)}\n<p class="note">${escapeHtml(DROPPED_ARRIVALS_NOTE)}</p>`);
}

export const droppedArrivalsSection = defineSection({
  key: 'droppedArrivals',
  fold: ({ events }) => droppedArrivalsOf(events),
  parts: {
    md: { rank: 65, render: droppedArrivalsMarkdown },
    html: { rank: 85, render: droppedArrivalsHtml },
    json: { rank: 90, render: (droppedArrivals) => ({ droppedArrivals }) },
  },
});
