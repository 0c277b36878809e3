import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { labDriver, storageHostsOf } from '../../../src/run/drivers/lab.ts';
import { resolveScenario } from '../../../src/scenario/resolve.ts';
import { tinyScenario, tinyScenarioDoc } from '../tiny-scenario.ts';

const open = suite('labDriver.open');

open('lab: starts the lab; each client region has its own port per endpoint; ground truth on the run clock', async () => {
  const t = await labDriver.open(tinyScenario(), { now: () => performance.now(), runId: 'r' });
  try {
    assert.ok(t.recordsHarness);
    const ab = t.registry?.urlFor('a', 'b') ?? '';
    assert.match(ab, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.is.not(ab, t.registry?.urlFor('a', 'a'));
    assert.equal(t.registry?.clientOptions('a'), { credentials: { kind: 'anonymous' }, env: {}, insecure: true, deadlineMs: 600_000, minRateBytesPerSec: 1024, stallWindowMs: 30_000 });
    assert.is(await t.truthLagMs?.('r', 'sha256:0', 'b'), undefined);
    // The lab runs in its own thread, on the run's clock: the start-up exchange pins the offset to within a millisecond (a preempted anchor read on a loaded machine costs a fraction of one).
    assert.ok(t.clockCheck !== undefined && Math.abs(t.clockCheck.offsetMs) <= t.clockCheck.uncertaintyMs + 1, JSON.stringify(t.clockCheck));
  } finally {
    await t.close();
  }
});

open('lab in process (labInProcess): the same target on this event loop', async () => {
  const t = await labDriver.open(tinyScenario(), { now: () => performance.now(), runId: 'r', labInProcess: true });
  try {
    assert.match(t.registry?.urlFor('a', 'b') ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.is(t.truthLagMs?.('r', 'sha256:0', 'b'), undefined);
    assert.is(t.clockCheck, undefined);
  } finally {
    await t.close();
  }
});

open.run();

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
  const target = await labDriver.open(resolveScenario({ ...doc, target: { ...(doc.target as Record<string, unknown>), dataEndpoints: true } }), { now: () => performance.now(), runId: 'r', labInProcess: true });
  try {
    assert.equal(Object.values(target.storageHosts ?? {}).sort(), ['a', 'a', 'b', 'b']);
  } finally {
    await target.close();
  }
});
storage.run();
