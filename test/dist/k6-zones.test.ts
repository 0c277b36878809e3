import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AZURE_TO_K6_ZONE, K6_LOAD_ZONES, cloudDistribution, loadZoneFor, parseZoneOverrides } from '../../src/dist/k6-zones.ts';

const table = suite('AZURE_TO_K6_ZONE');
table('maps the common ACR regions to the nearest public load zone', () => {
  assert.is(AZURE_TO_K6_ZONE.eastus, 'amazon:us:ashburn');
  assert.is(AZURE_TO_K6_ZONE.northeurope, 'amazon:ie:dublin');
  assert.is(AZURE_TO_K6_ZONE.japaneast, 'amazon:jp:tokyo');
  assert.is(AZURE_TO_K6_ZONE.australiaeast, 'amazon:au:sydney');
});
table('every zone in the table is a public k6 load zone', () => {
  const zones = new Set<string>(K6_LOAD_ZONES);
  for (const [region, zone] of Object.entries(AZURE_TO_K6_ZONE)) assert.ok(zones.has(zone), `${region} → ${zone}`);
});
table.run();

const zoneFor = suite('loadZoneFor');
zoneFor('an override wins over the table; the table is case-insensitive; unknown regions have none', () => {
  assert.is(loadZoneFor('EastUS'), 'amazon:us:ashburn');
  assert.is(loadZoneFor('westeurope', { westeurope: 'amazon:ie:dublin' }), 'amazon:ie:dublin');
  assert.is(loadZoneFor('factory'), null);
  assert.is(loadZoneFor('factory', { factory: 'my-private-zone' }), 'my-private-zone');
});
zoneFor.run();

const overrides = suite('parseZoneOverrides');
overrides('parses REGION=ZONE, zones with spaces included', () => {
  assert.equal(parseZoneOverrides(['eastus=amazon:us:palo alto', ' japaneast = amazon:jp:osaka '], ['eastus', 'japaneast']), {
    eastus: 'amazon:us:palo alto',
    japaneast: 'amazon:jp:osaka',
  });
});
overrides('refuses a missing "=", an empty side and a region the scenario does not have', () => {
  assert.throws(() => parseZoneOverrides(['eastus'], ['eastus']), /--zone: expected REGION=LOADZONE/);
  assert.throws(() => parseZoneOverrides(['eastus='], ['eastus']), /--zone: expected REGION=LOADZONE/);
  assert.throws(() => parseZoneOverrides(['mars=amazon:us:ashburn'], ['eastus']), /expected one of the scenario's regions \(eastus\), found "mars"/);
});
overrides.run();

const dist = suite('cloudDistribution');
dist('one entry per zoned worker, labelled with the region, whole percents summing to 100', () => {
  const d = cloudDistribution(['eastus', 'westeurope', 'japaneast'], (w) => loadZoneFor(w));
  assert.equal(Object.keys(d), ['eastus', 'westeurope', 'japaneast']);
  assert.equal(d.eastus, { loadZone: 'amazon:us:ashburn', percent: 34 });
  assert.is(Object.values(d).reduce((s, z) => s + z.percent, 0), 100);
  for (const z of Object.values(d)) assert.ok(Number.isInteger(z.percent));
});
dist('workers without a zone are left out; none zoned gives an empty distribution', () => {
  assert.equal(cloudDistribution(['eastus', 'factory'], (w) => loadZoneFor(w)), { eastus: { loadZone: 'amazon:us:ashburn', percent: 100 } });
  assert.equal(cloudDistribution(['factory'], (w) => loadZoneFor(w)), {});
});
dist('two workers may share a load zone under their own labels', () => {
  const d = cloudDistribution(['eastus', 'eastus2'], (w) => loadZoneFor(w));
  assert.equal(d, { eastus: { loadZone: 'amazon:us:ashburn', percent: 50 }, eastus2: { loadZone: 'amazon:us:ashburn', percent: 50 } });
});
dist.run();
