/**
 * summary.json, schemaVersion 1: the machine-readable contract of a run. Its
 * shape is summary-schema.ts (the type here, summary.schema.json for
 * everyone else); every field and unit is described in docs/summary-json.md.
 *
 * Keys are written in the schema's order, maps sorted (metrics in report order), ms
 * rounded to whole µs: the same Report always gives the same bytes.
 */
import { summarizeMs } from '../stats/percentiles.ts';
import { loadOutcomeOf } from './pull-outcomes.ts';
import type { Report } from './report.ts';
import { byRank, sectionParts } from './sections/index.ts';
import type { Summary } from './summary-schema.ts';

export const SUMMARY_SCHEMA_VERSION = 1;

/** The summary object, keys in contract order. */
export function buildSummary(report: Report): Summary {
  const metrics: Summary['metrics'] = {};
  for (const s of report.series) {
    const byKey = (metrics[s.metric] ??= {});
    const uncertainty = s.metric === 'replication_lag' && s.labels.region !== undefined ? report.lagUncertainty[s.labels.region] : undefined;
    byKey[s.key] = {
      unit: 'ms',
      ...summarizeMs(s.histogram),
      ...(uncertainty === undefined ? {} : { uncertainty: { ...uncertainty } }),
      ...(s.partial === true ? { partial: true } : {}),
      ...(s.lostArrivals === undefined ? {} : { lostArrivals: s.lostArrivals }),
    };
  }
  const replication: Summary['outcomes']['replication'] = {};
  for (const [region, c] of Object.entries(report.outcomes)) {
    replication[region] = {
      replicated: c.replicated,
      timedOut: c.timedOut,
      errored: c.errored,
      inconsistent: c.inconsistent,
      ...(c.inconsistentBy !== undefined ? { inconsistentBy: c.inconsistentBy } : {}),
      ...(c.confirm !== undefined ? { confirm: c.confirm } : {}),
    };
  }
  const pull: Summary['outcomes']['pull'] = {};
  for (const [key, p] of Object.entries(report.pullOutcomes)) pull[key] = { ...p.counts };
  const load: NonNullable<Summary['outcomes']['load']> = {};
  for (const [key, stats] of Object.entries(report.load ?? {})) load[key] = loadOutcomeOf(stats);
  const gains: Summary['gains'] = {};
  const gainComponents: NonNullable<Summary['gainComponents']> = {};
  for (const [worker, g] of Object.entries(report.gains)) {
    gains[worker] = g.gain;
    gainComponents[worker] = { localP50Ms: g.localP50Ms, remoteEndpoint: g.remoteEndpoint, remoteP50Ms: g.remoteP50Ms };
  }
  // Optional parts in contract order (by rank, the sections' among them), between gains and thresholds.
  const sections: Partial<Summary> = {};
  if (Object.keys(gainComponents).length > 0) sections.gainComponents = gainComponents;
  const workers: Partial<Summary> = {};
  if (report.offsets !== undefined) workers.offsets = report.offsets;
  if (report.workersLost !== undefined) workers.workersLost = report.workersLost;
  if (report.load !== undefined) workers.load = report.load;
  const parts = [{ rank: 10, value: sections }, { rank: 70, value: workers }, ...sectionParts('json', report)];
  const optional = byRank(parts).reduce<Partial<Summary>>((all, part) => ({ ...all, ...part }), {});
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    runId: report.runId,
    scenario: report.scenario,
    complete: report.complete,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    origin: report.origin,
    regions: [...report.regions],
    ...(report.corruptLines !== undefined ? { corruptLines: [...report.corruptLines] } : {}),
    metrics,
    outcomes: { replication, pull, ...(report.load !== undefined ? { load } : {}) },
    gains,
    ...optional,
    thresholds: report.thresholds.map((t) => ({ expr: t.expr, series: t.series, actual: t.actual, ok: t.ok })),
  };
}

/** summary.json text: two-space indented, trailing newline. */
export function renderSummary(report: Report): string {
  return `${JSON.stringify(buildSummary(report), null, 2)}\n`;
}
