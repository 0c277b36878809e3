/**
 * Host names of an Azure Container Registry (Azure public cloud):
 *
 *   NAME.azurecr.io                  login server (routed to the closest replica)
 *   NAME.REGION.geo.azurecr.io       regional endpoint: the /v2/ API of one replica
 *   NAME.REGION.data.azurecr.io      dedicated data endpoint: where that replica's
 *                                    blob downloads are redirected when enabled
 *
 * Registry names are 5–50 letters and digits, case-insensitive (hosts are
 * lowercase); Azure region names are lowercase letters and digits ("eastus2").
 */

export const ACR_DOMAIN = 'azurecr.io';
export const ACR_REGISTRY_NAME_RE = /^[A-Za-z0-9]{5,50}$/;
export const AZURE_REGION_RE = /^[a-z][a-z0-9]{1,39}$/;

export function isAcrRegistryName(name: string): boolean {
  return ACR_REGISTRY_NAME_RE.test(name);
}

export function isAzureRegionName(region: string): boolean {
  return AZURE_REGION_RE.test(region);
}

export function acrLoginServer(registry: string): string {
  return `${registry.toLowerCase()}.${ACR_DOMAIN}`;
}

export function acrRegionalHost(registry: string, region: string): string {
  return `${registry.toLowerCase()}.${region}.geo.${ACR_DOMAIN}`;
}

export function acrDataHost(registry: string, region: string): string {
  return `${registry.toLowerCase()}.${region}.data.${ACR_DOMAIN}`;
}

export type AcrHost =
  | { readonly kind: 'login'; readonly registry: string }
  | { readonly kind: 'regional' | 'data'; readonly registry: string; readonly region: string };

/** What an ACR host name is, or undefined for any other host (a port is ignored). */
export function parseAcrHost(host: string): AcrHost | undefined {
  const name = host.toLowerCase().replace(/:\d+$/, '');
  if (!name.endsWith(`.${ACR_DOMAIN}`)) return undefined;
  const labels = name.slice(0, -ACR_DOMAIN.length - 1).split('.');
  const [registry, region, kind] = labels;
  if (registry === undefined || !isAcrRegistryName(registry)) return undefined;
  if (labels.length === 1) return { kind: 'login', registry };
  if (labels.length === 3 && region !== undefined && isAzureRegionName(region) && (kind === 'geo' || kind === 'data')) {
    return { kind: kind === 'geo' ? 'regional' : 'data', registry, region };
  }
  return undefined;
}
