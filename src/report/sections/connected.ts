/**
 * Connected-registry figures, folded from the event log:
 *
 * - directions: lag and outcomes per "origin->region" (the origin of an image
 *   is the region of its push record), so cloud→edge and edge→cloud stand
 *   apart even when one region receives from both;
 * - writeChecks: pushes tried at ReadOnly nodes, per region: denied (403
 *   DENIED, as it should be), accepted (a violation), errored;
 * - sync: per region gated by a sync schedule, how long the schedule made
 *   each artifact wait (commit → first instant it was allowed to cross) and
 *   how long the sync then took (lag − that wait);
 * - notSynced: artifacts outside a region's repository subset (timed out with
 *   reason "not-synced: …", as expected), per region.
 *
 * Present only for runs with more than one origin, write checks or sync
 * timings: in report.md after the replication outcomes, in summary.json as connected.
 */
import type { ReplEvent } from '../../events/index.ts';
import { quantileOfSorted, sortedCopy } from '../../stats/exact-quantile.ts';
import { compareText } from '../../stats/labels.ts';
import { usToMsOrNull } from '../../stats/percentiles.ts';
import { durationText, optionalDurationText, table } from '../format.ts';
import { defineSection } from './section.ts';

/** Reason prefix of a timed-out replication outside the region's repository subset. */
export const NOT_SYNCED = 'not-synced';

export interface DirectionStats {
  readonly replicated: number;
  readonly timedOut: number;
  /** Of timedOut: outside the region's repository subset. */
  readonly notSynced: number;
  readonly errored: number;
  readonly inconsistent: number;
  readonly p50Ms: number | null;
  readonly p90Ms: number | null;
  readonly maxMs: number | null;
}

export interface WriteCheckStats {
  readonly denied: number;
  readonly accepted: number;
  readonly errored: number;
}

export interface SyncStats {
  readonly schedule: string;
  readonly samples: number;
  /** Median wait the schedule imposed (commit point → first allowed sync), ms. */
  readonly scheduledWaitP50Ms: number;
  /** Time to sync once allowed (lag − scheduled wait): median, p90, max, ms. */
  readonly syncP50Ms: number;
  readonly syncP90Ms: number;
  readonly syncMaxMs: number;
}

export interface ConnectedReport {
  /** "origin->region", sorted. */
  readonly directions: Readonly<Record<string, DirectionStats>>;
  readonly writeChecks: Readonly<Record<string, WriteCheckStats>>;
  readonly sync: Readonly<Record<string, SyncStats>>;
  readonly notSynced: Readonly<Record<string, number>>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function connectedOf(events: readonly ReplEvent[], runOrigin: string): ConnectedReport | undefined {
  const originOf = new Map<string, string>();
  const origins = new Set<string>();
  for (const e of events) {
    if (e.type !== 'push') continue;
    const o = e.labels.region ?? runOrigin;
    originOf.set(e.labels.image, o);
    origins.add(o);
  }
  const dirs = new Map<string, { counts: Mutable<Omit<DirectionStats, 'p50Ms' | 'p90Ms' | 'maxMs'>>; lagsUs: number[] }>();
  const writeChecks = new Map<string, Mutable<WriteCheckStats>>();
  const sync = new Map<string, { schedule: string; waitsUs: number[]; syncsUs: number[] }>();
  const notSynced = new Map<string, number>();
  for (const e of events) {
    if (e.type === 'replication') {
      const key = `${originOf.get(e.labels.image) ?? runOrigin}->${e.labels.region}`;
      let d = dirs.get(key);
      if (d === undefined) dirs.set(key, (d = { counts: { replicated: 0, timedOut: 0, notSynced: 0, errored: 0, inconsistent: 0 }, lagsUs: [] }));
      if (e.outcome === 'replicated') {
        d.counts.replicated++;
        d.lagsUs.push(e.valueUs);
      } else if (e.outcome === 'timed-out') {
        d.counts.timedOut++;
        if (e.reason.startsWith(NOT_SYNCED)) {
          d.counts.notSynced++;
          notSynced.set(e.labels.region, (notSynced.get(e.labels.region) ?? 0) + 1);
        }
      } else if (e.outcome === 'errored') d.counts.errored++;
      else d.counts.inconsistent++;
    } else if (e.type === 'write-check') {
      let w = writeChecks.get(e.labels.region);
      if (w === undefined) writeChecks.set(e.labels.region, (w = { denied: 0, accepted: 0, errored: 0 }));
      w[e.outcome]++;
    } else if (e.type === 'sync-timing') {
      let s = sync.get(e.labels.region);
      if (s === undefined) sync.set(e.labels.region, (s = { schedule: e.schedule, waitsUs: [], syncsUs: [] }));
      s.waitsUs.push(e.scheduledWaitUs);
      s.syncsUs.push(e.lagUs - e.scheduledWaitUs);
    }
  }
  if (origins.size <= 1 && writeChecks.size === 0 && sync.size === 0 && notSynced.size === 0) return undefined;
  const directions: Record<string, DirectionStats> = {};
  for (const key of [...dirs.keys()].sort(compareText)) {
    const d = dirs.get(key) as { counts: Omit<DirectionStats, 'p50Ms' | 'p90Ms' | 'maxMs'>; lagsUs: number[] };
    const sorted = sortedCopy(d.lagsUs);
    directions[key] = { ...d.counts, p50Ms: usToMsOrNull(quantileOfSorted(sorted, 50)), p90Ms: usToMsOrNull(quantileOfSorted(sorted, 90)), maxMs: usToMsOrNull(sorted.at(-1)) };
  }
  const syncOut: Record<string, SyncStats> = {};
  for (const region of [...sync.keys()].sort(compareText)) {
    const s = sync.get(region) as { schedule: string; waitsUs: number[]; syncsUs: number[] };
    const waits = sortedCopy(s.waitsUs);
    const syncs = sortedCopy(s.syncsUs);
    syncOut[region] = {
      schedule: s.schedule,
      samples: syncs.length,
      scheduledWaitP50Ms: usToMsOrNull(quantileOfSorted(waits, 50)) ?? 0,
      syncP50Ms: usToMsOrNull(quantileOfSorted(syncs, 50)) ?? 0,
      syncP90Ms: usToMsOrNull(quantileOfSorted(syncs, 90)) ?? 0,
      syncMaxMs: usToMsOrNull(syncs.at(-1)) ?? 0,
    };
  }
  return {
    directions,
    writeChecks: sortedRecord(writeChecks),
    sync: syncOut,
    notSynced: sortedRecord(notSynced),
  };
}

function sortedRecord<T>(map: ReadonlyMap<string, T>): Record<string, T> {
  return Object.fromEntries([...map.keys()].sort(compareText).map((k) => [k, map.get(k) as T]));
}

/** report.md: lag by direction, refused pushes at ReadOnly nodes, time to sync against the schedule. */
export function connectedMarkdown(c: ConnectedReport): string {
  const parts: string[] = [];
  const dirRows = Object.entries(c.directions).map(([dir, d]) =>
    [dir.replace('->', ' → '), String(d.replicated), String(d.timedOut - d.notSynced), String(d.notSynced), String(d.errored + d.inconsistent), optionalDurationText(d.p50Ms), optionalDurationText(d.p90Ms), optionalDurationText(d.maxMs)]);
  if (dirRows.length > 0) {
    parts.push(`## Connected registry: lag by direction\n\n${table(['origin → region', 'replicated', 'timed out', 'not synced (subset)', 'errored', 'p50', 'p90', 'max'], dirRows)}\n\n` +
      '"Not synced" artifacts are outside the region\'s repository subset: they timed out, as configured.');
  }
  const writeRows = Object.entries(c.writeChecks).map(([region, w]) =>
    [region, String(w.denied), w.accepted > 0 ? `**${w.accepted}**` : '0', String(w.errored)]);
  if (writeRows.length > 0) {
    parts.push(`## ReadOnly nodes: pushes refused\n\n${table(['region', 'denied (expected)', 'accepted (violation)', 'errored'], writeRows)}`);
  }
  const syncRows = Object.entries(c.sync).map(([region, s]) =>
    [region, s.schedule, String(s.samples), durationText(s.scheduledWaitP50Ms), durationText(s.syncP50Ms), durationText(s.syncP90Ms), durationText(s.syncMaxMs)]);
  if (syncRows.length > 0) {
    parts.push(`## Time to sync against the schedule\n\n${table(['region', 'schedule', 'samples', 'scheduled wait p50', 'sync p50', 'sync p90', 'sync max'], syncRows)}\n\n` +
      'Scheduled wait = commit point → first instant the sync schedule(s) on the path allowed the artifact through; sync = lag − scheduled wait.');
  }
  return parts.join('\n\n');
}

export const connectedSection = defineSection({
  key: 'connected',
  fold: ({ events, origin }) => connectedOf(events, origin),
  parts: {
    md: { rank: 25, render: connectedMarkdown },
    json: { rank: 60, render: (connected) => ({ connected }) },
  },
});
