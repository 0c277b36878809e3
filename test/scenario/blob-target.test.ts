import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { blobTargetSchema } from '../../src/scenario/blob-target.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { tinyScenarioDoc, type Doc } from '../run/tiny-scenario.ts';

const azuriteTarget = (extra: Doc = {}): Doc => ({
  kind: 'blob',
  azurite: true,
  copier: { lag: { model: 'constant', lag: '100ms' } },
  regions: [{ name: 'a', container: 'source' }, { name: 'b', container: 'replica', account: 'bacct' }],
  ...extra,
});
const withTarget = (target: Doc): Doc => tinyScenarioDoc({ target });

const schema = suite('blobTargetSchema');
schema('names containers and accounts as Azure does; refuses inline connection strings', () => {
  assert.ok(blobTargetSchema.safeParse(azuriteTarget()).success);
  assert.not.ok(blobTargetSchema.safeParse(azuriteTarget({ regions: [{ name: 'a', container: 'Bad_Name' }, { name: 'b', container: 'ok-name' }] })).success);
  assert.not.ok(blobTargetSchema.safeParse(azuriteTarget({ regions: [{ name: 'a', container: 'src', account: 'UPPER' }, { name: 'b', container: 'dst' }] })).success);
  const inline = blobTargetSchema.safeParse({ kind: 'blob', regions: [{ name: 'a', container: 'src', connectionString: 'AccountKey=sekrit' }, { name: 'b', container: 'dst', account: 'x1y' }] });
  assert.not.ok(inline.success);
  assert.not.match(JSON.stringify(inline.error?.issues), /sekrit/);
});
schema.run();

const resolve = suite('resolveBlobTarget');
resolve('azurite: accounts default to devstoreaccount1, the copier and links resolve to ms', () => {
  const s = resolveScenario(withTarget(azuriteTarget({ links: [{ from: 'a', to: 'b', rtt: '40ms' }], localRtt: '2ms' })));
  assert.equal(s.target, {
    kind: 'blob',
    azurite: true,
    copier: { lag: { model: 'constant', lagMs: 100 }, seed: 1, pollMs: 20 },
    cleanup: false,
    regions: [
      { name: 'a', container: 'source', account: 'devstoreaccount1', connectionStringEnv: null, policyId: null },
      { name: 'b', container: 'replica', account: 'bacct', connectionStringEnv: null, policyId: null },
    ],
    localRttMs: 2,
    links: [{ from: 'a', to: 'b', rttMs: 40 }],
  });
  assert.equal(s.regions, ['a', 'b']);
});
resolve('Azure: each region names an account or a connection string variable; policy IDs are kept', () => {
  const s = resolveScenario(withTarget({
    kind: 'blob',
    regions: [{ name: 'a', container: 'src', account: 'srcacct' }, { name: 'b', container: 'dst', connectionStringEnv: 'B_CONN', policyId: 'p-1' }],
  }));
  assert.equal(s.target.kind === 'blob' ? s.target.regions[1] : undefined, { name: 'b', container: 'dst', account: null, connectionStringEnv: 'B_CONN', policyId: 'p-1' });
  assert.throws(() => resolveScenario(withTarget({ kind: 'blob', regions: [{ name: 'a', container: 'src' }, { name: 'b', container: 'dst', account: 'b1b' }] })), /account \(DefaultAzureCredential\) or a connectionStringEnv/);
});
resolve('contradictions: azurite without a copier, a copier or links without azurite, a shared container', () => {
  assert.throws(() => resolveScenario(withTarget(azuriteTarget({ copier: undefined }))), /target\.copier.*azurite does not replicate/);
  assert.throws(() => resolveScenario(withTarget({ kind: 'blob', copier: { lag: '1s' }, regions: [{ name: 'a', container: 'src', account: 'aaa' }, { name: 'b', container: 'dst', account: 'bbb' }] })), /no copier without azurite/);
  assert.throws(() => resolveScenario(withTarget({ kind: 'blob', links: [{ from: 'a', to: 'b', rtt: '9ms' }], regions: [{ name: 'a', container: 'src', account: 'aaa' }, { name: 'b', container: 'dst', account: 'bbb' }] })), /only with azurite/);
  assert.throws(() => resolveScenario(withTarget(azuriteTarget({ regions: [{ name: 'a', container: 'same' }, { name: 'b', container: 'same' }] }))), /its own container/);
  assert.throws(() => resolveScenario(withTarget(azuriteTarget({ links: [{ from: 'a', to: 'zz', rtt: '1ms' }] }))), /"zz"/);
});
resolve('blob targets take no webhook receiver and no other push streams', () => {
  assert.throws(() => resolveScenario(tinyScenarioDoc({ target: azuriteTarget(), replication: { events: 'webhook' } })), /blob target/);
});
resolve.run();
