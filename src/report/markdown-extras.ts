/**
 * report.md sections for the optional features' figures: event-source lag beside the
 * probes', connected-registry directions / write checks / sync timing, and
 * egress per worker region. Each returns '' when its data is absent, so other
 * runs' reports do not change.
 */
import { formatBytes } from '../units.ts';
import { durationText, NONE, optionalDurationText, percentileText, signedDurationText, table } from './format.ts';
import { findSeries, type Report } from './report.ts';
import { signalMetric } from './signals.ts';

const SOURCE_TITLE = { webhook: 'webhook events', 'or-status': "the source blob's object-replication status" } as const;

export function signalSection(r: Report): string {
  if (r.signals === undefined) return '';
  const parts: string[] = [];
  for (const source of ['webhook', 'or-status'] as const) {
    const s = r.signals[source];
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

export function connectedSection(r: Report): string {
  const c = r.connected;
  if (c === undefined) return '';
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

export function egressSection(r: Report): string {
  if (r.egress === undefined) return '';
  const rows = Object.entries(r.egress).map(([worker, e]) =>
    [worker, formatBytes(e.localBytes), formatBytes(e.remoteBytes), `${e.estimatedCost.toFixed(6)} ${e.currency}`]);
  if (rows.length === 0) return '## Egress\n\nNo pull was made.';
  return `## Egress\n\n${table(['worker', 'local bytes', 'remote bytes', 'estimated cost'], rows)}\n\n` +
    'Remote bytes were pulled from another region\'s endpoint; cost = bytes / 10^9 × the scenario\'s price per GB for (endpoint → worker).';
}

