/**
 * Blob downloads the registry redirected (`pull-redirect` records): per
 * replica endpoint, how many, to which storage hosts, and which of them sit
 * outside the replica's region — the flag. A replica whose layers come from
 * another region's storage pays that region's latency and egress, which is
 * what a regional replica is meant to avoid. The hop times themselves are the
 * `pull_redirect{endpoint,storage,worker}` series (fold.ts).
 *
 * Present only in runs that logged a redirect, so other reports do not change:
 * in report.md after the network-close gains, in summary.json as pullRedirects
 * (with the flag).
 */
import type { PullRedirectEvent, ReplEvent } from '../../events/index.ts';
import { compareText } from '../../stats/labels.ts';
import { seriesOf, type ReportCore } from '../core.ts';
import { compactTable, durationText, percentileText } from '../format.ts';
import type { Summary } from '../summary-schema.ts';
import { defineSection } from './section.ts';

export interface StorageHostCount {
  /** The region the host was placed in, or 'unknown'. */
  readonly region: string;
  readonly downloads: number;
  readonly outOfRegion: boolean;
  /** Median time to headers at the storage host (the hop after the redirect), ms, whole µs. */
  readonly storageP50Ms: number;
}

export interface EndpointRedirects {
  /** Redirected blob downloads from this endpoint (every worker, cold and warm). */
  readonly redirected: number;
  /** Of those, served by a storage host in another region. */
  readonly outOfRegion: number;
  /** host:port → where it was placed and how often it served (sorted by host). */
  readonly hosts: Readonly<Record<string, StorageHostCount>>;
}

/** Per endpoint, sorted. */
export type PullRedirects = Readonly<Record<string, EndpointRedirects>>;

/** Per endpoint (sorted); undefined when no download was redirected. */
export function pullRedirectsOf(events: readonly ReplEvent[]): Record<string, EndpointRedirects> | undefined {
  const byEndpoint = new Map<string, PullRedirectEvent[]>();
  for (const e of events) {
    if (e.type !== 'pull-redirect') continue;
    const list = byEndpoint.get(e.labels.endpoint);
    if (list === undefined) byEndpoint.set(e.labels.endpoint, [e]);
    else list.push(e);
  }
  if (byEndpoint.size === 0) return undefined;
  const out: Record<string, EndpointRedirects> = {};
  for (const endpoint of [...byEndpoint.keys()].sort(compareText)) {
    const list = byEndpoint.get(endpoint) as PullRedirectEvent[];
    const hosts = new Map<string, { region: string; outOfRegion: boolean; storageUs: number[] }>();
    for (const e of list) {
      const h = hosts.get(e.host);
      if (h === undefined) hosts.set(e.host, { region: e.labels.storage, outOfRegion: e.outOfRegion, storageUs: [e.storageUs] });
      else h.storageUs.push(e.storageUs);
    }
    const count = (host: string): StorageHostCount => {
      const h = hosts.get(host) as { region: string; outOfRegion: boolean; storageUs: number[] };
      return { region: h.region, downloads: h.storageUs.length, outOfRegion: h.outOfRegion, storageP50Ms: medianUs(h.storageUs) / 1000 };
    };
    out[endpoint] = {
      redirected: list.length,
      outOfRegion: list.filter((e) => e.outOfRegion).length,
      hosts: Object.fromEntries([...hosts.keys()].sort(compareText).map((h) => [h, count(h)])),
    };
  }
  return out;
}

/** One sentence when some of the endpoint's downloads were served from another region's storage. */
export function outOfRegionFlag(endpoint: string, e: EndpointRedirects): string | undefined {
  if (e.outOfRegion === 0) return undefined;
  const far = Object.entries(e.hosts).filter(([, h]) => h.outOfRegion).map(([host, h]) => `${host} (${h.region})`);
  return `${endpoint}: ${e.outOfRegion} of ${e.redirected} redirected blob downloads came from storage outside the region — ${far.join(', ')}`;
}

/** The flags of every endpoint, in endpoint order. */
export function outOfRegionFlags(r: { readonly pullRedirects?: PullRedirects }): string[] {
  return Object.entries(r.pullRedirects ?? {}).flatMap(([endpoint, e]) => outOfRegionFlag(endpoint, e) ?? []);
}

/** report.md: the redirect hop per worker × endpoint × storage region, the storage hosts, and the out-of-region flag. */
export function pullRedirectsMarkdown(redirects: PullRedirects, r: ReportCore): string {
  const rows = seriesOf(r, 'pull_redirect').map((s) => {
    const at = (p: number): string => percentileText(s.histogram, p);
    return [s.labels.worker ?? '', s.labels.endpoint ?? '', s.labels.storage ?? '', String(s.histogram.totalCount), at(50), at(95), at(100)];
  });
  const hosts = Object.entries(redirects).flatMap(([endpoint, e]) =>
    Object.entries(e.hosts).map(([host, h]) => [
      endpoint,
      `\`${host}\``,
      h.region,
      String(h.downloads),
      durationText(h.storageP50Ms),
      h.outOfRegion ? '**out of region**' : h.region === 'unknown' ? 'unknown' : 'in region',
    ]),
  );
  const flags = outOfRegionFlags({ pullRedirects: redirects });
  return [
    '## Blob redirects (pull_redirect)',
    '',
    'The registry answered these blob downloads with a redirect to a storage host: the redirect hop (registry to its 3xx) is timed apart ' +
      'from the storage hop (storage host to its headers).',
    '',
    compactTable(['worker', 'endpoint', 'storage', 'downloads', 'redirect p50', 'p95', 'max'], rows),
    '',
    compactTable(['endpoint', 'storage host', 'placed in', 'downloads', 'storage hop p50', 'locality'], hosts),
    '',
    flags.length === 0 ? 'Every placed storage host is in its replica\'s region.' : flags.map((f) => `- :warning: ${f}`).join('\n'),
  ].join('\n');
}

/** The median of whole µs values, rounded to a whole µs. */
function medianUs(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return Math.round(sorted.length % 2 === 1 ? (sorted[Math.floor(mid)] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
}

function pullRedirectsSummary(redirects: PullRedirects): Partial<Summary> {
  const out: NonNullable<Summary['pullRedirects']> = {};
  for (const [endpoint, e] of Object.entries(redirects)) {
    const flag = outOfRegionFlag(endpoint, e);
    out[endpoint] = { ...e, ...(flag !== undefined ? { flag } : {}) };
  }
  return { pullRedirects: out };
}

export const pullRedirectsSection = defineSection({
  key: 'pullRedirects',
  fold: ({ events }) => pullRedirectsOf(events),
  parts: {
    md: { rank: 75, render: pullRedirectsMarkdown },
    json: { rank: 40, render: pullRedirectsSummary },
  },
});
