/**
 * summary.json, schemaVersion 1: the machine-readable contract of a run.
 *
 * { schemaVersion, runId, scenario, complete, startedAt, finishedAt, origin, regions,
 *   corruptLines?: [ line number of each corrupt event-log line skipped ],
 *   metrics: { <metric>: { <series>: { unit: "ms", count, min, mean, p50, p90, p95, p99, p999, max, partial?, lostArrivals? } } },
 *   outcomes: { replication: { <region>: { replicated, timedOut, errored, inconsistent, inconsistentBy?: { <reason>: n },
 *                                          confirm?: { artifacts, requests, ms } } },
 *               pull: { <endpoint=…,worker=…>: { ok, digest-mismatch, error, timeout, throttled } },
 *               load?: { <endpoint=…,kind=…,worker=…>: { ok, error, timeout, throttled } } },
 *   gains: { <worker region>: number },
 *   accuracy?: { <region>: { absErrMsP50, absErrMsP99, absErrMsMax, meanProbes } },
 *   eventSources?: { <webhook|or-status>: { regions: { <region>: { received, missing, failed, paired, medianDiffMs, p90AbsDiffMs } }, stats? } },
 *   pullRedirects?: { <endpoint>: { redirected, outOfRegion, hosts: { <host:port>: { region, downloads, outOfRegion, storageP50Ms } }, flag? } },
 *   egress?: { <worker region>: { localBytes, remoteBytes, estimatedCost, currency } },
 *   connected?: { directions: { <origin->region>: {…} }, writeChecks, sync, notSynced },
 *   offsets?: { <worker region>: { offsetMs, uncertaintyMs, rttMs } },
 *   workersLost?: { <worker region>: reason },
 *   load?: { <series>: { requests, errors, timeouts, status: { <code>: n }, requestsPerSec, connections, ratePerSec, complete } },
 *   health?: { processes: { <process>: { intervals, loopDelayP50Ms, loopDelayP99Ms, loopDelayMaxMs, cpuMeanPct, cpuMaxPct } },
 *              probeLateness: { <region>: { probes, p50Ms, p99Ms, maxMs } }, saturation: [ sentence ] },
 *   droppedArrivals?: { <worker>: n },
 *                    droppedArrivals: { <worker region>: n } },
 *   thresholds: [ { expr, series, actual, ok } ] }
 *
 * Keys are written in this fixed order, maps sorted (metrics in report order), ms
 * rounded to whole µs: the same Report always gives the same bytes.
 */
import { summarizeMs } from '../stats/percentiles.ts';
import { outOfRegionFlag } from './pull-redirects.ts';
import { loadOutcomeOf } from './pull-outcomes.ts';
import type { Report } from './report.ts';

export const SUMMARY_SCHEMA_VERSION = 1;

/** The summary object, keys in contract order. */
export function buildSummary(report: Report): Record<string, unknown> {
  const metrics: Record<string, Record<string, unknown>> = {};
  for (const s of report.series) {
    const byKey = (metrics[s.metric] ??= {});
    byKey[s.key] = {
      unit: 'ms',
      ...summarizeMs(s.histogram),
      ...(s.partial === true ? { partial: true } : {}),
      ...(s.lostArrivals === undefined ? {} : { lostArrivals: s.lostArrivals }),
    };
  }
  const replication: Record<string, unknown> = {};
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
  const pull: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(report.pullOutcomes)) pull[key] = { ...p.counts };
  const load: Record<string, unknown> = {};
  for (const [key, stats] of Object.entries(report.load ?? {})) load[key] = loadOutcomeOf(stats);
  const gains: Record<string, number> = {};
  for (const [worker, g] of Object.entries(report.gains)) gains[worker] = g.gain;
  const summary: Record<string, unknown> = {
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
  };
  if (report.accuracy !== undefined) {
    const accuracy: Record<string, unknown> = {};
    for (const [region, a] of Object.entries(report.accuracy)) {
      accuracy[region] = { absErrMsP50: a.absErrMsP50, absErrMsP99: a.absErrMsP99, absErrMsMax: a.absErrMsMax, meanProbes: a.meanProbes };
    }
    summary.accuracy = accuracy;
  }
  if (report.signals !== undefined) summary.eventSources = report.signals;
  if (report.pullRedirects !== undefined) {
    const redirects: Record<string, unknown> = {};
    for (const [endpoint, e] of Object.entries(report.pullRedirects)) {
      const flag = outOfRegionFlag(endpoint, e);
      redirects[endpoint] = { ...e, ...(flag !== undefined ? { flag } : {}) };
    }
    summary.pullRedirects = redirects;
  }
  if (report.egress !== undefined) {
    const egress: Record<string, unknown> = {};
    for (const [worker, e] of Object.entries(report.egress)) {
      egress[worker] = { localBytes: e.localBytes, remoteBytes: e.remoteBytes, estimatedCost: e.estimatedCost, currency: e.currency };
    }
    summary.egress = egress;
  }
  if (report.connected !== undefined) summary.connected = report.connected;
  if (report.offsets !== undefined) summary.offsets = report.offsets;
  if (report.workersLost !== undefined) summary.workersLost = report.workersLost;
  if (report.load !== undefined) summary.load = report.load;
  if (report.health !== undefined) summary.health = report.health;
  if (report.droppedArrivals !== undefined) summary.droppedArrivals = report.droppedArrivals;
  summary.thresholds = report.thresholds.map((t) => ({ expr: t.expr, series: t.series, actual: t.actual, ok: t.ok }));
  return summary;
}

/** summary.json text: two-space indented, trailing newline. */
export function renderSummary(report: Report): string {
  return `${JSON.stringify(buildSummary(report), null, 2)}\n`;
}
