import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../../src/errors.ts';
import { authOptions, ociDriver } from '../../../src/run/drivers/oci.ts';
import { resolveScenario } from '../../../src/scenario/resolve.ts';

const open = suite('ociDriver.open');

open('oci: one URL per region whatever the client region; credentials read now', async () => {
  const scenario = resolveScenario({
    name: 'o',
    target: {
      kind: 'oci',
      regions: [{ name: 'a', endpoint: 'https://a.example.test' }, { name: 'b', endpoint: 'http://127.0.0.1:5000', insecure: true }],
      auth: { kind: 'basic', username: 'u', passwordEnv: 'PW' },
    },
    origin: 'a',
  });
  const t = await ociDriver.open(scenario, { now: () => 0, runId: 'r', env: { PW: 'secret' } });
  assert.is(t.registry?.urlFor('b', 'a'), 'http://127.0.0.1:5000');
  assert.is(t.registry?.urlFor('b', 'b'), 'http://127.0.0.1:5000');
  // The scenario's request budget (`requests`, defaults here) reaches every client.
  assert.equal(t.registry?.clientOptions('b'), { credentials: { kind: 'basic', username: 'u', password: 'secret' }, env: {}, insecure: true, deadlineMs: 600_000, minRateBytesPerSec: 1024, stallWindowMs: 30_000 });
  assert.is(t.registry?.clientOptions('a').insecure, false);
  assert.is(t.truthLagMs, undefined);
  await t.close();
});

open('oci: a credential variable that is not set is a ConfigError naming it', async () => {
  const scenario = resolveScenario({
    name: 'o',
    target: { kind: 'oci', regions: [{ name: 'a', endpoint: 'https://a.example.test' }], auth: { kind: 'bearer', tokenEnv: 'TOKEN_X' } },
    origin: 'a',
  });
  try {
    await ociDriver.open(scenario, { now: () => 0, runId: 'r', env: {} });
    assert.unreachable('expected a ConfigError');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.match((err as Error).message, /TOKEN_X/);
  }
});

open.run();

const auth = suite('authOptions');

auth('anonymous stays anonymous: no REPLBENCH_* or Docker config behind the scenario’s back', () => {
  assert.equal(authOptions({ kind: 'anonymous' }, 'h', { REPLBENCH_USERNAME: 'x', REPLBENCH_PASSWORD: 'y' }), { credentials: { kind: 'anonymous' }, env: {} });
});

auth('bearer reads its variable', () => {
  assert.equal(authOptions({ kind: 'bearer', tokenEnv: 'T' }, 'h', { T: 'tok' }), { credentials: { kind: 'bearer', token: 'tok' }, env: {} });
});

auth.run();
