import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { authOptions, openTarget, storageHostsOf } from '../../src/run/target.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { tinyScenario, tinyScenarioDoc } from './tiny-scenario.ts';

const open = suite('openTarget');

open('lab: starts the lab; each client region has its own port per endpoint; ground truth on the run clock', async () => {
  const t = await openTarget(tinyScenario(), { now: () => performance.now() });
  try {
    assert.is(t.kind, 'lab');
    const ab = t.urlFor('a', 'b');
    assert.match(ab, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.is.not(ab, t.urlFor('a', 'a'));
    assert.equal(t.clientOptions('a'), { credentials: { kind: 'anonymous' }, env: {}, insecure: true, deadlineMs: 600_000, minRateBytesPerSec: 1024, stallWindowMs: 30_000 });
    assert.is(await t.truthLagMs?.('r', 'sha256:0', 'b'), undefined);
    // The lab runs in its own thread, on the run's clock: the start-up exchange pins the offset to within a millisecond (a preempted anchor read on a loaded machine costs a fraction of one).
    assert.ok(t.clockCheck !== undefined && Math.abs(t.clockCheck.offsetMs) <= t.clockCheck.uncertaintyMs + 1, JSON.stringify(t.clockCheck));
  } finally {
    await t.close();
  }
});

open('lab in process (labInProcess): the same target on this event loop', async () => {
  const t = await openTarget(tinyScenario(), { now: () => performance.now(), labInProcess: true });
  try {
    assert.match(t.urlFor('a', 'b'), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.is(t.truthLagMs?.('r', 'sha256:0', 'b'), undefined);
    assert.is(t.clockCheck, undefined);
  } finally {
    await t.close();
  }
});

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
  const t = await openTarget(scenario, { now: () => 0, env: { PW: 'secret' } });
  assert.is(t.kind, 'oci');
  assert.is(t.urlFor('b', 'a'), 'http://127.0.0.1:5000');
  assert.is(t.urlFor('b', 'b'), 'http://127.0.0.1:5000');
  // The scenario's request budget (`requests`, defaults here) reaches every client.
  assert.equal(t.clientOptions('b'), { credentials: { kind: 'basic', username: 'u', password: 'secret' }, env: {}, insecure: true, deadlineMs: 600_000, minRateBytesPerSec: 1024, stallWindowMs: 30_000 });
  assert.is(t.clientOptions('a').insecure, false);
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
    await openTarget(scenario, { now: () => 0, env: {} });
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

const storage = suite('storageHostsOf');
storage('host:port of every storage endpoint → its region; none without data endpoints', () => {
  const region = (name: string, ports: number[]) => ({
    name,
    mode: 'ReadWrite' as const,
    endpoints: {},
    ports: {},
    storageEndpoints: Object.fromEntries(ports.map((p, i) => [`c${i}`, `http://127.0.0.1:${p}`])),
  });
  assert.equal(storageHostsOf([region('a', [7001, 7002]), region('b', [7003, 7004])]), {
    '127.0.0.1:7001': 'a', '127.0.0.1:7002': 'a', '127.0.0.1:7003': 'b', '127.0.0.1:7004': 'b',
  });
  assert.is(storageHostsOf([{ name: 'a', mode: 'ReadWrite', endpoints: {}, ports: {} }]), undefined);
});
storage('an in-process lab with data endpoints names its storage hosts', async () => {
  const doc = tinyScenarioDoc();
  const target = await openTarget(resolveScenario({ ...doc, target: { ...(doc.target as Record<string, unknown>), dataEndpoints: true } }), { now: () => performance.now(), labInProcess: true });
  try {
    assert.equal(Object.values(target.storageHosts ?? {}).sort(), ['a', 'a', 'b', 'b']);
  } finally {
    await target.close();
  }
});
storage.run();
