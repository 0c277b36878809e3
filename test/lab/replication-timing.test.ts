import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseLabConfig } from '../../src/lab/lab-config.ts';
import { seededRandom } from '../../src/random.ts';
import { ReplicationTiming } from '../../src/lab/replication-timing.ts';
import { Topology } from '../../src/lab/topology.ts';

const clock = { now: () => 0, toEpochMs: (t: number) => t };

function timing(input: Record<string, unknown>): ReplicationTiming {
  const config = parseLabConfig({ regions: [{ name: 'a' }, { name: 'b' }, { name: 'c' }], ...input });
  return new ReplicationTiming(config.replication, new Topology(config, clock), seededRandom(1));
}

const plan = suite('ReplicationTiming');

plan('lands after the lag plus bytes over the bandwidth', () => {
  const t = timing({ replication: { lag: '100ms', bandwidth: 1000 } });
  const h = t.plan('a', 'b', 50, 500);
  assert.equal(h, { readyAtMs: 50, departAtMs: 50, transferMs: 500, lagMs: 100, dueMs: 650 });
});

plan('transfers on one pair share its bandwidth (queue); other pairs are independent', () => {
  const t = timing({ replication: { lag: '0ms', bandwidth: 1000 } });
  assert.is(t.plan('a', 'b', 0, 1000).dueMs, 1000);
  assert.is(t.plan('a', 'b', 0, 1000).dueMs, 2000);
  assert.is(t.plan('a', 'c', 0, 1000).dueMs, 1000);
});

plan('per-pair settings override the default, symmetric unless both directions are given', () => {
  const t = timing({
    replication: {
      lag: '100ms',
      pairs: [
        { from: 'a', to: 'b', lag: '300ms' },
        { from: 'a', to: 'c', lag: '10ms', bandwidth: 100 },
        { from: 'c', to: 'a', lag: '20ms' },
      ],
    },
  });
  assert.is(t.plan('a', 'b', 0, 0).dueMs, 300);
  assert.is(t.plan('b', 'a', 0, 0).dueMs, 300);
  assert.is(t.plan('a', 'c', 0, 0).dueMs, 10);
  assert.is(t.plan('c', 'a', 0, 0).dueMs, 20);
  assert.is(t.plan('b', 'c', 0, 0).dueMs, 100);
  assert.is(t.bandwidthBytesPerSec('a', 'c'), 100);
  assert.is(t.bandwidthBytesPerSec('a', 'b'), undefined);
});

plan('hops with the same order key never overtake each other', () => {
  const t = timing({ replication: { lag: { model: 'uniform', min: '0ms', max: '1s' } } });
  let last = -1;
  for (let i = 0; i < 50; i++) {
    const due = t.plan('a', 'b', i, 0, 'app@sha256:x').dueMs;
    assert.ok(due >= last);
    last = due;
  }
});

plan('a sync schedule delays departure to the next window', () => {
  const config = parseLabConfig({
    replication: { lag: '5ms' },
    topology: { kind: 'hierarchy', nodes: [{ name: 'cloud' }, { name: 'edge', parent: 'cloud', mode: 'ReadOnly', syncSchedule: 'every 1s', syncWindow: '100ms' }] },
  });
  const t = new ReplicationTiming(config.replication, new Topology(config, clock), seededRandom(1));
  assert.equal(t.plan('cloud', 'edge', 50, 0), { readyAtMs: 50, departAtMs: 50, transferMs: 0, lagMs: 5, dueMs: 55 });
  assert.is(t.plan('cloud', 'edge', 200, 0).departAtMs, 1000);
});

plan.run();
