import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { acrDataHost, acrLoginServer, acrRegionalHost, isAcrRegistryName, isAzureRegionName, parseAcrHost } from '../../src/oci/acr-endpoints.ts';

const names = suite('isAcrRegistryName, isAzureRegionName');
names('registry: 5–50 letters and digits; region: lowercase letters and digits', () => {
  assert.ok(isAcrRegistryName('Contoso1'));
  for (const bad of ['abcd', 'a'.repeat(51), 'con-toso', 'con.toso', '']) assert.not.ok(isAcrRegistryName(bad), bad);
  assert.ok(isAzureRegionName('eastus2'));
  for (const bad of ['EastUS', 'east us', 'east-us', '2east', 'e']) assert.not.ok(isAzureRegionName(bad), bad);
});
names.run();

const hosts = suite('acrLoginServer, acrRegionalHost, acrDataHost');
hosts('lowercase host names of the login server, a regional endpoint, a data endpoint', () => {
  assert.is(acrLoginServer('Contoso'), 'contoso.azurecr.io');
  assert.is(acrRegionalHost('Contoso', 'eastus'), 'contoso.eastus.geo.azurecr.io');
  assert.is(acrDataHost('Contoso', 'westeurope'), 'contoso.westeurope.data.azurecr.io');
});
hosts.run();

const parse = suite('parseAcrHost');
parse('login, regional and data hosts; a port is ignored', () => {
  assert.equal(parseAcrHost('Contoso.azurecr.io'), { kind: 'login', registry: 'contoso' });
  assert.equal(parseAcrHost('contoso.eastus.geo.azurecr.io:443'), { kind: 'regional', registry: 'contoso', region: 'eastus' });
  assert.equal(parseAcrHost('contoso.westeurope.data.azurecr.io'), { kind: 'data', registry: 'contoso', region: 'westeurope' });
});
parse('anything else is undefined', () => {
  for (const h of ['example.com', 'azurecr.io', 'abc.azurecr.io', 'contoso.eastus.blob.azurecr.io', 'contoso.eastus.geo.x.azurecr.io', 'contoso.azurecr.io.evil.com']) {
    assert.is(parseAcrHost(h), undefined, h);
  }
});
parse.run();
