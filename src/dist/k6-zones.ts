/**
 * Azure regions → k6 Cloud load zones (Grafana Cloud k6 public zones, which run
 * on AWS). Each Azure region maps to the public load zone nearest to it by
 * distance between the cities; a load zone is not inside Azure's network, so
 * "local" pulls from k6 Cloud include the AWS→Azure hop. For in-region numbers
 * run the script with k6-operator on a cluster in each region instead.
 *
 * Regions not in the table (lab names, sovereign clouds) have no zone unless
 * the user names one (`--zone REGION=amazon:xx:city`): such workers are left out
 * of `options.cloud.distribution` and the export says so.
 */
import { ConfigError } from '../errors.ts';

/** The public load zones, as k6 spells them. */
export const K6_LOAD_ZONES = [
  'amazon:us:ashburn',
  'amazon:us:columbus',
  'amazon:us:palo alto',
  'amazon:us:portland',
  'amazon:ca:montreal',
  'amazon:br:sao paulo',
  'amazon:ie:dublin',
  'amazon:gb:london',
  'amazon:fr:paris',
  'amazon:de:frankfurt',
  'amazon:it:milan',
  'amazon:se:stockholm',
  'amazon:bh:bahrain',
  'amazon:sa:cape town',
  'amazon:in:mumbai',
  'amazon:sg:singapore',
  'amazon:cn:hong kong',
  'amazon:kr:seoul',
  'amazon:jp:tokyo',
  'amazon:jp:osaka',
  'amazon:au:sydney',
] as const;

/** Azure region name (as `az account list-locations` spells it) → nearest k6 Cloud load zone. */
export const AZURE_TO_K6_ZONE: Readonly<Record<string, string>> = {
  // Americas
  eastus: 'amazon:us:ashburn', // Virginia
  eastus2: 'amazon:us:ashburn', // Virginia
  centralus: 'amazon:us:columbus', // Iowa
  northcentralus: 'amazon:us:columbus', // Illinois
  southcentralus: 'amazon:us:columbus', // Texas
  westcentralus: 'amazon:us:portland', // Wyoming
  westus: 'amazon:us:palo alto', // California
  westus2: 'amazon:us:portland', // Washington
  westus3: 'amazon:us:palo alto', // Arizona
  canadacentral: 'amazon:ca:montreal', // Toronto
  canadaeast: 'amazon:ca:montreal', // Quebec City
  mexicocentral: 'amazon:us:columbus', // Querétaro
  brazilsouth: 'amazon:br:sao paulo', // São Paulo
  brazilsoutheast: 'amazon:br:sao paulo', // Rio de Janeiro
  chilecentral: 'amazon:br:sao paulo', // Santiago
  // Europe
  northeurope: 'amazon:ie:dublin', // Ireland
  westeurope: 'amazon:gb:london', // Netherlands (London and Frankfurt are equally near)
  uksouth: 'amazon:gb:london', // London
  ukwest: 'amazon:gb:london', // Cardiff
  francecentral: 'amazon:fr:paris', // Paris
  francesouth: 'amazon:fr:paris', // Marseille
  germanywestcentral: 'amazon:de:frankfurt', // Frankfurt
  germanynorth: 'amazon:de:frankfurt', // Berlin
  switzerlandnorth: 'amazon:it:milan', // Zurich
  switzerlandwest: 'amazon:it:milan', // Geneva
  italynorth: 'amazon:it:milan', // Milan
  spaincentral: 'amazon:fr:paris', // Madrid
  polandcentral: 'amazon:de:frankfurt', // Warsaw
  swedencentral: 'amazon:se:stockholm', // Gävle
  norwayeast: 'amazon:se:stockholm', // Oslo
  norwaywest: 'amazon:se:stockholm', // Stavanger
  // Middle East and Africa
  uaenorth: 'amazon:bh:bahrain', // Dubai
  uaecentral: 'amazon:bh:bahrain', // Abu Dhabi
  qatarcentral: 'amazon:bh:bahrain', // Doha
  israelcentral: 'amazon:bh:bahrain', // Tel Aviv
  southafricanorth: 'amazon:sa:cape town', // Johannesburg
  southafricawest: 'amazon:sa:cape town', // Cape Town
  // Asia Pacific
  centralindia: 'amazon:in:mumbai', // Pune
  westindia: 'amazon:in:mumbai', // Mumbai
  southindia: 'amazon:in:mumbai', // Chennai
  southeastasia: 'amazon:sg:singapore', // Singapore
  indonesiacentral: 'amazon:sg:singapore', // Jakarta
  malaysiawest: 'amazon:sg:singapore', // Kuala Lumpur
  eastasia: 'amazon:cn:hong kong', // Hong Kong
  koreacentral: 'amazon:kr:seoul', // Seoul
  koreasouth: 'amazon:kr:seoul', // Busan
  japaneast: 'amazon:jp:tokyo', // Tokyo
  japanwest: 'amazon:jp:osaka', // Osaka
  australiaeast: 'amazon:au:sydney', // Sydney
  australiasoutheast: 'amazon:au:sydney', // Melbourne
  australiacentral: 'amazon:au:sydney', // Canberra
  newzealandnorth: 'amazon:au:sydney', // Auckland
};

export interface CloudZone {
  readonly loadZone: string;
  readonly percent: number;
}

/** A region's load zone: the override first, then the table (case-insensitive), else null. */
export function loadZoneFor(region: string, overrides: Readonly<Record<string, string>> = {}): string | null {
  return overrides[region] ?? AZURE_TO_K6_ZONE[region.toLowerCase()] ?? null;
}

/**
 * Parses `REGION=ZONE` overrides (the `--zone` flag). A zone is a public zone
 * (`amazon:us:ashburn`, see K6_LOAD_ZONES) or a private load zone's name; it is
 * passed to k6 as written. The region must be one of the scenario's.
 */
export function parseZoneOverrides(items: readonly string[], regions: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const region = eq > 0 ? item.slice(0, eq).trim() : '';
    const zone = eq > 0 ? item.slice(eq + 1).trim() : '';
    if (region === '' || zone === '') throw new ConfigError(`--zone: expected REGION=LOADZONE such as eastus=amazon:us:ashburn, found "${item}"`);
    if (!regions.includes(region)) throw new ConfigError(`--zone: expected one of the scenario's regions (${regions.join(', ')}), found "${region}"`);
    out[region] = zone;
  }
  return out;
}

/**
 * `options.cloud.distribution`: one entry per worker region that has a zone,
 * labelled with the region's name (the script reads the label back from
 * K6_CLOUDRUN_DISTRIBUTION), percentages as equal as whole numbers allow
 * (largest remainder), summing to 100.
 */
export function cloudDistribution(workers: readonly string[], zoneOf: (worker: string) => string | null): Record<string, CloudZone> {
  const zoned = workers.filter((w) => zoneOf(w) !== null);
  const out: Record<string, CloudZone> = {};
  if (zoned.length === 0) return out;
  const base = Math.floor(100 / zoned.length);
  let extra = 100 - base * zoned.length;
  for (const w of zoned) {
    const percent = base + (extra > 0 ? 1 : 0);
    if (extra > 0) extra--;
    out[w] = { loadZone: zoneOf(w) as string, percent };
  }
  return out;
}
