/**
 * Failed pulls per (worker, endpoint) and arrivals a paced test dropped per
 * worker, folded from the event log: `error` records of phase "pull" (what
 * `replbench run` and `replbench k6 ingest` write for a failed pull, with the
 * failure's stable code) beside the `pull` records of the same series, and
 * `dropped-arrivals` records. A run whose pulls all succeeded and that dropped
 * nothing has no such part (undefined), so its report and summary are as before.
 */
import type { ReplEvent } from '../run/events.ts';
import { compareText, seriesKey } from '../stats/labels.ts';

export interface SeriesPullFailures {
  readonly worker: string;
  readonly endpoint: string;
  /** Pulls that completed. */
  readonly pulled: number;
  readonly failed: number;
  /** Failed pulls by error code (E_REGISTRY, E_AUTH, …). */
  readonly byCode: Readonly<Record<string, number>>;
}

export interface PullFailures {
  /** Series key (`endpoint=…,worker=…`) → counts; only series with a failed pull. */
  readonly failed: Readonly<Record<string, SeriesPullFailures>>;
  /** Worker region → pulls due and never started; only workers that dropped any. */
  readonly droppedArrivals: Readonly<Record<string, number>>;
}

export function pullFailuresOf(events: readonly ReplEvent[]): PullFailures | undefined {
  const series = new Map<string, { worker: string; endpoint: string; pulled: number; failed: number; byCode: Map<string, number> }>();
  const dropped = new Map<string, number>();
  const of = (worker: string, endpoint: string) => {
    const key = seriesKey({ endpoint, worker });
    let s = series.get(key);
    if (s === undefined) {
      s = { worker, endpoint, pulled: 0, failed: 0, byCode: new Map() };
      series.set(key, s);
    }
    return s;
  };
  for (const e of events) {
    if (e.type === 'pull') of(e.labels.worker, e.labels.endpoint).pulled++;
    else if (e.type === 'error' && e.phase === 'pull' && e.labels?.worker !== undefined && e.labels.endpoint !== undefined) {
      const s = of(e.labels.worker, e.labels.endpoint);
      s.failed++;
      s.byCode.set(e.code, (s.byCode.get(e.code) ?? 0) + 1);
    } else if (e.type === 'dropped-arrivals' && e.count > 0) {
      dropped.set(e.labels.worker, (dropped.get(e.labels.worker) ?? 0) + e.count);
    }
  }
  const failed: Record<string, SeriesPullFailures> = {};
  for (const key of [...series.keys()].sort(compareText)) {
    const s = series.get(key);
    if (s === undefined || s.failed === 0) continue;
    const byCode: Record<string, number> = {};
    for (const code of [...s.byCode.keys()].sort(compareText)) byCode[code] = s.byCode.get(code) ?? 0;
    failed[key] = { worker: s.worker, endpoint: s.endpoint, pulled: s.pulled, failed: s.failed, byCode };
  }
  const droppedArrivals: Record<string, number> = {};
  for (const worker of [...dropped.keys()].sort(compareText)) droppedArrivals[worker] = dropped.get(worker) ?? 0;
  if (Object.keys(failed).length === 0 && Object.keys(droppedArrivals).length === 0) return undefined;
  return { failed, droppedArrivals };
}

/** report.md's section: failed pulls per series, then dropped arrivals per worker; '' when there are none. */
export function pullFailuresSection(p: PullFailures | undefined): string {
  if (p === undefined) return '';
  const parts: string[] = [];
  const rows = Object.values(p.failed).map((s) => {
    const codes = Object.entries(s.byCode).map(([c, n]) => `${c} ×${n}`).join(', ');
    return `| ${s.worker} | ${s.endpoint} | ${s.pulled} | **${s.failed}** | ${codes} |`;
  });
  if (rows.length > 0) {
    parts.push(['## Failed pulls', '', '| worker | endpoint | pulled | failed | codes |', '| --- | --- | --- | --- | --- |', ...rows].join('\n'));
    parts.push('Percentiles above are over the pulls that completed only; a failed pull has no duration.');
  }
  const dropped = Object.entries(p.droppedArrivals);
  if (dropped.length > 0) {
    parts.push(
      [
        '## Dropped arrivals',
        '',
        '| worker | pulls never started |',
        '| --- | --- |',
        ...dropped.map(([w, n]) => `| ${w} | **${n}** |`),
      ].join('\n'),
    );
    parts.push(
      "The load generator was due to start these pulls and did not (k6's dropped_iterations: every VU was busy, or the time cap ran out): " +
        'the series of these workers are marked "lost arrivals" and describe a lighter load than asked for.',
    );
  }
  return parts.join('\n\n');
}
