import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { acrTargetSchema, resolveAcrAuth, resolveAcrTarget } from '../../src/scenario/acr-target.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { configLine, messageOf, type Doc } from './fixtures.ts';

function acrScenario(target: Doc = {}, extra: Doc = {}): Doc {
  return { name: 't', target: { kind: 'acr', registry: 'Contoso', regions: ['eastus', 'westeurope'], ...target }, origin: 'eastus', ...extra };
}

const schema = suite('acrTargetSchema');
schema('registry, regions; dataEndpoints off and azure sign-in by default', () => {
  const t = acrTargetSchema.parse({ kind: 'acr', registry: 'contoso', regions: ['eastus'] });
  assert.equal(t, { kind: 'acr', registry: 'contoso', regions: ['eastus'], dataEndpoints: false, auth: { kind: 'azure' } });
});
schema('names, regions and secrets are checked', () => {
  const bad = (t: Doc) => acrTargetSchema.safeParse({ kind: 'acr', registry: 'contoso', regions: ['eastus'], ...t }).success;
  assert.not.ok(bad({ registry: 'abc' }));
  assert.not.ok(bad({ registry: 'con-toso' }));
  assert.not.ok(bad({ regions: ['East US'] }));
  assert.not.ok(bad({ regions: [] }));
  assert.not.ok(bad({ auth: { kind: 'admin', password: 'x', passwordEnv: 'P' } }));
  assert.not.ok(bad({ auth: { kind: 'token', passwordEnv: 'P' } }));
  assert.not.ok(bad({ auth: { kind: 'basic', username: 'u', passwordEnv: 'P' } }));
  assert.ok(bad({ auth: { kind: 'azure', tenant: 't' } }));
  assert.ok(bad({ auth: { kind: 'admin', passwordEnv: 'P' } }));
});
schema.run();

const resolve = suite('resolveAcrTarget');
resolve('expands to the oci shape with regional endpoints', () => {
  const s = resolveScenario(acrScenario());
  assert.equal(s.regions, ['eastus', 'westeurope']);
  assert.equal(s.target, {
    kind: 'oci',
    regions: [
      { name: 'eastus', endpoint: 'https://contoso.eastus.geo.azurecr.io', host: 'contoso.eastus.geo.azurecr.io', insecure: false },
      { name: 'westeurope', endpoint: 'https://contoso.westeurope.geo.azurecr.io', host: 'contoso.westeurope.geo.azurecr.io', insecure: false },
    ],
    auth: { kind: 'azure', tenant: null, aadScope: null },
    acr: { registry: 'contoso', loginServer: 'contoso.azurecr.io', dataEndpoints: false, dataHosts: {} },
  });
  assert.equal(s.replication.regions, ['westeurope']);
  assert.equal(s.pull.workers, ['eastus', 'westeurope']);
});
resolve('dataEndpoints: the data host of every region', () => {
  const s = resolveScenario(acrScenario({ dataEndpoints: true }));
  assert.ok(s.target.kind === 'oci');
  if (s.target.kind === 'oci') {
    assert.equal(s.target.acr?.dataHosts, { eastus: 'contoso.eastus.data.azurecr.io', westeurope: 'contoso.westeurope.data.azurecr.io' });
  }
});
resolve('one-line errors: a duplicate region, an origin that is no replica, an inline secret', () => {
  assert.match(messageOf(() => resolveScenario(acrScenario({ regions: ['eastus', 'eastus'] }))), /target\.regions\[1\]: expected each region once, found "eastus" again/);
  assert.throws(() => resolveScenario(acrScenario({}, { origin: 'westus' })), configLine(/origin: expected one of the regions \(eastus, westeurope\), found "westus"/));
  const msg = messageOf(() => resolveScenario(acrScenario({ auth: { kind: 'admin', passwordEnv: 'P', password: 'hunter2' } })));
  assert.match(msg, /passwordEnv naming an environment variable/);
  assert.not.match(msg, /hunter2/);
  assert.match(messageOf(() => resolveScenario(acrScenario({ registry: 'a_b' }))), /target\.registry: expected a registry name of 5 to 50 letters and digits/);
});
resolve('the resolved scenario is frozen and JSON-safe', () => {
  const s = resolveScenario(acrScenario({ dataEndpoints: true, auth: { kind: 'token', username: 'pull-token', passwordEnv: 'ACR_TOKEN' } }));
  assert.ok(Object.isFrozen(s.target));
  assert.equal(JSON.parse(JSON.stringify(s)), s);
});
resolve('direct call: checks unique regions through fail', () => {
  const fail = (path: unknown, message: string): never => {
    throw new Error(`${JSON.stringify(path)} ${message}`);
  };
  assert.throws(() => resolveAcrTarget({ kind: 'acr', registry: 'contoso', regions: ['eastus', 'eastus'], dataEndpoints: false, auth: { kind: 'azure' } }, fail), /\["target","regions",1\]/);
});
resolve.run();

const auth = suite('resolveAcrAuth');
auth('azure, token and admin (user name defaults to the registry name)', () => {
  assert.equal(resolveAcrAuth({ kind: 'azure', tenant: 't-1' }, 'Contoso'), { kind: 'azure', tenant: 't-1', aadScope: null });
  assert.equal(resolveAcrAuth({ kind: 'token', username: 'ci', passwordEnv: 'P' }, 'Contoso'), { kind: 'basic', username: 'ci', passwordEnv: 'P' });
  assert.equal(resolveAcrAuth({ kind: 'admin', passwordEnv: 'P' }, 'Contoso'), { kind: 'basic', username: 'Contoso', passwordEnv: 'P' });
  assert.equal(resolveAcrAuth({ kind: 'admin', username: 'other', passwordEnv: 'P' }, 'Contoso'), { kind: 'basic', username: 'other', passwordEnv: 'P' });
});
auth.run();
