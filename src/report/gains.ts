/**
 * Network-close gain per worker region: median pull from the nearest remote endpoint
 * ÷ median pull from the local one (the endpoint in the worker's own region).
 * "Nearest remote" is the remote endpoint with the lowest median pull (ties: name
 * order). A gain above 1 means the local replica pays off.
 */
import { compareText } from '../stats/labels.ts';
import { reportedPercentileUs, usToMs } from '../stats/percentiles.ts';
import type { Gain, Series } from './report.ts';

/** From pull_duration series; workers without a local and a remote endpoint are left out. */
export function gainsOf(pullSeries: readonly Series[]): Record<string, Gain> {
  const byWorker = new Map<string, { endpoint: string; p50Us: number }[]>();
  for (const s of pullSeries) {
    const worker = s.labels.worker;
    const endpoint = s.labels.endpoint;
    if (worker === undefined || endpoint === undefined || s.histogram.totalCount === 0) continue;
    const list = byWorker.get(worker) ?? [];
    list.push({ endpoint, p50Us: reportedPercentileUs(s.histogram, 50) });
    byWorker.set(worker, list);
  }
  const gains: Record<string, Gain> = {};
  for (const worker of [...byWorker.keys()].sort(compareText)) {
    const list = byWorker.get(worker) ?? [];
    const local = list.find((e) => e.endpoint === worker);
    const nearest = list
      .filter((e) => e.endpoint !== worker)
      .sort((a, b) => a.p50Us - b.p50Us || compareText(a.endpoint, b.endpoint))[0];
    if (local === undefined || nearest === undefined || local.p50Us <= 0) continue;
    gains[worker] = {
      gain: Math.round((nearest.p50Us / local.p50Us) * 1000) / 1000,
      localP50Ms: usToMs(local.p50Us),
      remoteEndpoint: nearest.endpoint,
      remoteP50Ms: usToMs(nearest.p50Us),
    };
  }
  return gains;
}
