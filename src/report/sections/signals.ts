/**
 * Event-source lag beside probe lag: per source (webhook, or-status)
 * and replica region, how many signals came, how many were missing or reported
 * a failure, and — for every artifact measured both ways — the difference
 * signal lag − probe lag. A positive median means the signal arrives later
 * than the probes see the artifact (a webhook's delivery delay); a negative
 * one, that the probes are late (their bracket, their schedule).
 *
 * The histograms of the signal lags themselves are ordinary series
 * (replication_lag_webhook, replication_lag_or_status), folded in fold.ts.
 * In report.md after the accuracy table; in summary.json as eventSources.
 */
import type { ReplEvent, SignalSource } from '../../events/index.ts';
import { quantileOfSorted, sortedCopy } from '../../stats/exact-quantile.ts';
import { compareText } from '../../stats/labels.ts';
import { usToMsOrNull } from '../../stats/percentiles.ts';
import { findSeries, type ReportCore } from '../core.ts';
import { NONE, percentileText, optionalDurationText, signedDurationText, table } from '../format.ts';
import { defineSection } from './section.ts';

export interface SignalRegionStats {
  readonly received: number;
  readonly missing: number;
  readonly failed: number;
  /** Artifacts with both a signal and a probe-measured lag in this region. */
  readonly paired: number;
  /** Median of (signal lag − probe lag) over the pairs, ms; null without pairs. */
  readonly medianDiffMs: number | null;
  /** 90th percentile of |signal lag − probe lag|, ms; null without pairs. */
  readonly p90AbsDiffMs: number | null;
}

export interface SignalReport {
  /** Per replica region, sorted. */
  readonly regions: Readonly<Record<string, SignalRegionStats>>;
  /** The source's own counters (webhook receiver: requests, duplicates, unauthorized, …), when logged. */
  readonly stats?: Readonly<Record<string, number>>;
}

export type SignalReports = Readonly<Partial<Record<SignalSource, SignalReport>>>;

/** The metric a source's lags are recorded under. */
export function signalMetric(source: SignalSource): 'replication_lag_webhook' | 'replication_lag_or_status' {
  return source === 'webhook' ? 'replication_lag_webhook' : 'replication_lag_or_status';
}

interface Tally {
  received: number;
  missing: number;
  failed: number;
  /** artifact key → signal lag µs */
  readonly lags: Map<string, number>;
}

const artifactKey = (region: string, digest: string, image: string): string => `${region}\u0000${digest}\u0000${image}`;

/** Undefined when the log holds no signal at all (the run had no event source). */
export function signalsOf(events: readonly ReplEvent[]): SignalReports | undefined {
  const probeLagUs = new Map<string, number>();
  const tallies = new Map<SignalSource, Map<string, Tally>>();
  const stats = new Map<SignalSource, Readonly<Record<string, number>>>();
  const tallyOf = (source: SignalSource, region: string): Tally => {
    let byRegion = tallies.get(source);
    if (byRegion === undefined) tallies.set(source, (byRegion = new Map<string, Tally>()));
    let t = byRegion.get(region);
    if (t === undefined) byRegion.set(region, (t = { received: 0, missing: 0, failed: 0, lags: new Map() }));
    return t;
  };
  for (const e of events) {
    if (e.type === 'replication' && e.outcome === 'replicated') {
      probeLagUs.set(artifactKey(e.labels.region, e.labels.digest, e.labels.image), e.valueUs);
    } else if (e.type === 'replication-signal') {
      const t = tallyOf(e.source, e.labels.region);
      if (e.outcome === 'received') {
        t.received++;
        t.lags.set(artifactKey(e.labels.region, e.labels.digest, e.labels.image), e.valueUs);
      } else if (e.outcome === 'missing') t.missing++;
      else t.failed++;
    } else if (e.type === 'signal-stats') {
      stats.set(e.source, e.stats);
    }
  }
  if (tallies.size === 0 && stats.size === 0) return undefined;
  const out: Partial<Record<SignalSource, SignalReport>> = {};
  for (const source of (['webhook', 'or-status'] as const).filter((s) => tallies.has(s) || stats.has(s))) {
    const regions: Record<string, SignalRegionStats> = {};
    const byRegion = tallies.get(source) ?? new Map<string, Tally>();
    for (const region of [...byRegion.keys()].sort(compareText)) {
      const t = byRegion.get(region) as Tally;
      const diffsUs: number[] = [];
      for (const [key, lagUs] of t.lags) {
        const probe = probeLagUs.get(key);
        if (probe !== undefined) diffsUs.push(lagUs - probe);
      }
      const diffs = sortedCopy(diffsUs);
      const abs = sortedCopy(diffsUs.map(Math.abs));
      regions[region] = {
        received: t.received,
        missing: t.missing,
        failed: t.failed,
        paired: diffs.length,
        medianDiffMs: usToMsOrNull(quantileOfSorted(diffs, 50)),
        p90AbsDiffMs: usToMsOrNull(quantileOfSorted(abs, 90)),
      };
    }
    const s = stats.get(source);
    out[source] = { regions, ...(s !== undefined ? { stats: sortedStats(s) } : {}) };
  }
  return out;
}

function sortedStats(s: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.keys(s).sort(compareText).map((k) => [k, s[k] as number]));
}

const SOURCE_TITLE = { webhook: 'webhook events', 'or-status': "the source blob's object-replication status" } as const;

/** report.md: a table per source, the signed median difference, the receiver's counters. */
export function signalsMarkdown(signals: SignalReports, r: ReportCore): string {
  const parts: string[] = [];
  for (const source of ['webhook', 'or-status'] as const) {
    const s = signals[source];
    if (s === undefined) continue;
    const rows = Object.entries(s.regions).map(([region, st]) => {
      const series = findSeries(r, signalMetric(source), `region=${region}`);
      const p = (q: number): string => (series === undefined ? NONE : percentileText(series.histogram, q));
      return [region, String(st.received), String(st.missing + st.failed), p(50), p(90), p(100), String(st.paired), signedDurationText(st.medianDiffMs), optionalDurationText(st.p90AbsDiffMs)];
    });
    const head = ['region', 'received', 'missing/failed', 'p50', 'p90', 'max', 'paired', 'median (signal − probe)', 'p90 |signal − probe|'];
    let text = `## Replication lag from ${SOURCE_TITLE[source]}\n\n${rows.length > 0 ? table(head, rows) : 'No signal was received.'}`;
    if (s.stats !== undefined) {
      text += `\n\nReceiver: ${Object.entries(s.stats).map(([k, v]) => `${k} ${v}`).join(', ')}.`;
    }
    parts.push(`${text}\n\nLag = the signal's arrival at the runner − the commit point (runner's clock). ` +
      'A positive difference means the signal came after the probes saw the artifact.');
  }
  return parts.join('\n\n');
}

export const signalsSection = defineSection({
  key: 'signals',
  fold: ({ events }) => signalsOf(events),
  parts: {
    md: { rank: 35, render: signalsMarkdown },
    json: { rank: 30, render: (signals) => ({ eventSources: { ...signals } }) },
  },
});
