/**
 * The watcher's accuracy against the lab's ground truth: absolute error of each
 * measured lag (|measured − true|), by exact nearest-rank percentiles, and the mean
 * number of probes each of those replications took; per replica region, from the
 * replicated records that carry a ground-truth lag (lab runs only). In report.md
 * and report.html after the replication outcomes, in summary.json as accuracy.
 */
import type { ReplEvent } from '../../events/index.ts';
import { quantileOfSorted, sortedCopy } from '../../stats/exact-quantile.ts';
import { compareText } from '../../stats/labels.ts';
import { usToMs } from '../../stats/percentiles.ts';
import { durationText, table } from '../format.ts';
import { htmlSection, htmlTable } from '../html-page.ts';
import type { Summary } from '../summary-schema.ts';
import { defineSection } from './section.ts';

export interface Accuracy {
  readonly samples: number;
  readonly absErrMsP50: number;
  readonly absErrMsP99: number;
  readonly absErrMsMax: number;
  readonly meanProbes: number;
}

/** Per region, sorted. */
export type AccuracyByRegion = Readonly<Record<string, Accuracy>>;

export interface TruthSample {
  readonly valueUs: number;
  readonly truthUs: number;
  readonly probes: number;
}

/** Undefined when there is no sample with ground truth. */
export function accuracyOf(samples: readonly TruthSample[]): Accuracy | undefined {
  if (samples.length === 0) return undefined;
  const errors = sortedCopy(samples.map((s) => Math.abs(s.valueUs - s.truthUs)));
  const probes = samples.reduce((sum, s) => sum + s.probes, 0);
  return {
    samples: samples.length,
    absErrMsP50: usToMs(quantileOfSorted(errors, 50) ?? 0),
    absErrMsP99: usToMs(quantileOfSorted(errors, 99) ?? 0),
    absErrMsMax: usToMs(errors[errors.length - 1] ?? 0),
    meanProbes: Math.round((probes / samples.length) * 100) / 100,
  };
}

/** Per replica region (sorted); undefined when no replication carried a ground-truth lag. */
export function accuracyByRegion(events: readonly ReplEvent[]): AccuracyByRegion | undefined {
  const byRegion = new Map<string, TruthSample[]>();
  for (const e of events) {
    if (e.type !== 'replication' || e.outcome !== 'replicated' || e.truthUs === undefined) continue;
    const sample = { valueUs: e.valueUs, truthUs: e.truthUs, probes: e.probes };
    const list = byRegion.get(e.labels.region);
    if (list === undefined) byRegion.set(e.labels.region, [sample]);
    else list.push(sample);
  }
  const out: Record<string, Accuracy> = {};
  for (const region of [...byRegion.keys()].sort(compareText)) {
    const a = accuracyOf(byRegion.get(region) ?? []);
    if (a !== undefined) out[region] = a;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

const HEAD = ['region', 'samples', '|error| p50', '|error| p99', '|error| max', 'mean probes'];
const TITLE = "Accuracy against the lab's ground truth";

function rows(accuracy: AccuracyByRegion): string[][] {
  return Object.entries(accuracy).map(([region, a]) =>
    [region, String(a.samples), durationText(a.absErrMsP50), durationText(a.absErrMsP99), durationText(a.absErrMsMax), String(a.meanProbes)]);
}

function accuracySummary(accuracy: AccuracyByRegion): Partial<Summary> {
  const out: NonNullable<Summary['accuracy']> = {};
  for (const [region, a] of Object.entries(accuracy)) {
    out[region] = { absErrMsP50: a.absErrMsP50, absErrMsP99: a.absErrMsP99, absErrMsMax: a.absErrMsMax, meanProbes: a.meanProbes };
  }
  return { accuracy: out };
}

export const accuracySection = defineSection({
  key: 'accuracy',
  fold: ({ events }) => accuracyByRegion(events),
  parts: {
    md: { rank: 30, render: (accuracy) => `## ${TITLE}\n\n${table(HEAD, rows(accuracy))}` },
    html: { rank: 60, render: (accuracy) => htmlSection(TITLE, htmlTable(HEAD, rows(accuracy))) },
    json: { rank: 20, render: accuracySummary },
  },
});
