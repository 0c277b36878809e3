/**
 * The `pull_redirect` series: a registry that serves blob downloads from
 * object storage answers the blob GET with a redirect (ACR: 307 to its storage
 * or to its dedicated data endpoint). pullBlob records every hop; this turns
 * the hops into their own timing, apart from the pull: how long the registry
 * took to answer with the redirect(s), and how long the storage host took to
 * answer. It also tells where the storage host is, to flag a replica whose
 * downloads come from another region (the egress and latency that regional
 * replicas are meant to avoid).
 *
 * Where is a storage host? In this order:
 *  0. the target's own storage hosts (the lab's, host:port exactly) → that region;
 *  1. the dedicated data endpoints of the target (acr `dataHosts`): the host
 *     equals one region's data host → that region;
 *  2. an ACR host NAME.REGION.data.azurecr.io or NAME.REGION.geo.azurecr.io → REGION;
 *  3. a label of the host (split at "." and "-") that equals, or starts with,
 *     the name of a region of the target or a well-known Azure region
 *     (longest name wins: "eastus2store" is eastus2, not eastus) → that region;
 *  4. otherwise 'unknown' — never flagged. Azure Storage hosts
 *     (ACCOUNT.blob.core.windows.net) usually do not name their region, so
 *     without dedicated data endpoints most hosts are 'unknown': enable them
 *     (dataEndpoints: true) to get a reliable verdict.
 * Only 'out-of-region' is a flag; 'unknown' is reported as such.
 */
import type { BlobHop } from '../oci/pull-blob.ts';
import { parseAcrHost } from '../oci/acr-endpoints.ts';

/** Public Azure regions (names as in NAME.REGION.geo.azurecr.io), for rule 3. */
export const AZURE_REGIONS: readonly string[] = [
  'eastus', 'eastus2', 'westus', 'westus2', 'westus3', 'centralus', 'northcentralus', 'southcentralus', 'westcentralus',
  'canadacentral', 'canadaeast', 'brazilsouth', 'brazilsoutheast', 'mexicocentral', 'chilecentral',
  'northeurope', 'westeurope', 'uksouth', 'ukwest', 'francecentral', 'francesouth', 'germanywestcentral', 'germanynorth',
  'norwayeast', 'norwaywest', 'switzerlandnorth', 'switzerlandwest', 'swedencentral', 'swedensouth', 'polandcentral',
  'italynorth', 'spaincentral', 'austriaeast', 'belgiumcentral',
  'eastasia', 'southeastasia', 'japaneast', 'japanwest', 'koreacentral', 'koreasouth', 'centralindia', 'southindia',
  'westindia', 'australiaeast', 'australiasoutheast', 'australiacentral', 'australiacentral2', 'newzealandnorth',
  'indonesiacentral', 'malaysiawest', 'uaenorth', 'uaecentral', 'qatarcentral', 'israelcentral',
  'southafricanorth', 'southafricawest',
];

export type StorageLocality = 'in-region' | 'out-of-region' | 'unknown';

export interface StorageLocation {
  readonly locality: StorageLocality;
  /** The region the host was attributed to, when any. */
  readonly storageRegion: string | undefined;
  /** Which rule decided: 'data-endpoint' | 'acr-host' | 'host-label' | 'none'. */
  readonly rule: 'data-endpoint' | 'acr-host' | 'host-label' | 'none';
}

export interface RedirectContext {
  /** The replica pulled from (its region name). */
  readonly region: string;
  /** Every region of the target (matched before the built-in list). */
  readonly regions?: readonly string[];
  /** Region → dedicated data endpoint host (ResolvedAcr.dataHosts). */
  readonly dataHosts?: Readonly<Record<string, string>>;
  /** host:port → region: storage hosts the target names itself (the lab's data endpoints), matched with the port. */
  readonly storageHosts?: Readonly<Record<string, string>>;
}

const located = (region: string, ctx: RedirectContext, rule: StorageLocation['rule']): StorageLocation => ({
  locality: region.toLowerCase() === ctx.region.toLowerCase() ? 'in-region' : 'out-of-region',
  storageRegion: region,
  rule,
});

/** Where a storage host is relative to the replica (see the rules above). `host` may carry a port. */
export function classifyStorageHost(host: string, ctx: RedirectContext): StorageLocation {
  const exact = ctx.storageHosts?.[host.toLowerCase()];
  if (exact !== undefined) return located(exact, ctx, 'data-endpoint');
  const name = host.toLowerCase().replace(/:\d+$/, '');
  for (const [region, dataHost] of Object.entries(ctx.dataHosts ?? {})) {
    if (dataHost.toLowerCase() === name) return located(region, ctx, 'data-endpoint');
  }
  const acr = parseAcrHost(name);
  if (acr !== undefined && acr.kind !== 'login') return located(acr.region, ctx, 'acr-host');
  const candidates = [...new Set([...(ctx.regions ?? []).map((r) => r.toLowerCase()), ...AZURE_REGIONS])].sort((a, b) => b.length - a.length);
  for (const label of name.split(/[.-]/)) {
    const region = candidates.find((r) => label === r || label.startsWith(r));
    if (region !== undefined) return located(region, ctx, 'host-label');
  }
  return { locality: 'unknown', storageRegion: undefined, rule: 'none' };
}

/** One blob download's redirect, as a worker sees it: no region context needed (plain data, travels to the runner). */
export interface BlobRedirect {
  /** Latency of the redirect answer(s) from the registry (sum over the 3xx hops), ms. */
  readonly redirectMs: number;
  /** Request → response headers at the final (storage) host, ms. */
  readonly storageMs: number;
  /** How many redirects were followed. */
  readonly redirects: number;
  /** host[:port] of the final hop (never its query: signatures live there). */
  readonly storageHost: string;
}

/** The redirect part of one blob pull, or undefined when the registry served the blob itself. */
export function blobRedirectOf(hops: readonly BlobHop[]): BlobRedirect | undefined {
  const last = hops.at(-1);
  const redirects = hops.filter((h) => isRedirect(h.status));
  if (last === undefined || redirects.length === 0 || isRedirect(last.status)) return undefined;
  return { redirectMs: redirects.reduce((sum, h) => sum + h.latencyMs, 0), storageMs: last.latencyMs, redirects: redirects.length, storageHost: last.host };
}

/** One blob pull's redirect, placed against the replica it was pulled from. */
export interface PullRedirectSample extends BlobRedirect {
  readonly location: StorageLocation;
  /** The storage host is in another region than the replica. */
  readonly outOfRegion: boolean;
}

/** A worker's redirect, classified for the replica `ctx.region`. */
export function classifyRedirect(redirect: BlobRedirect, ctx: RedirectContext): PullRedirectSample {
  const location = classifyStorageHost(redirect.storageHost, ctx);
  return { ...redirect, location, outOfRegion: location.locality === 'out-of-region' };
}

/** The redirect part of one blob pull, classified, or undefined when the registry served the blob itself. */
export function pullRedirectSample(hops: readonly BlobHop[], ctx: RedirectContext): PullRedirectSample | undefined {
  const redirect = blobRedirectOf(hops);
  return redirect === undefined ? undefined : classifyRedirect(redirect, ctx);
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}
