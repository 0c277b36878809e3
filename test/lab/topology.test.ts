import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseLabConfig } from '../../src/lab/lab-config.ts';
import { Topology } from '../../src/lab/topology.ts';

const clock = { now: () => 0, toEpochMs: (t: number) => Date.UTC(2025, 0, 1) + t };

const hierarchy = () =>
  new Topology(
    parseLabConfig({
      topology: {
        kind: 'hierarchy',
        nodes: [
          { name: 'cloud' },
          { name: 'factory', parent: 'cloud', mode: 'ReadWrite', repositories: ['apps/**', 'base/*'] },
          { name: 'line1', parent: 'factory', mode: 'ReadOnly', repositories: ['apps/**'] },
          { name: 'edge', parent: 'cloud', mode: 'ReadOnly', syncSchedule: 'every 10s', syncWindow: '2s' },
        ],
      },
    }),
    clock,
  );

const topo = suite('Topology');

topo('multi-master: a client write fans out to every other region, replicas do not forward', () => {
  const t = new Topology(parseLabConfig({ regions: [{ name: 'a' }, { name: 'b' }, { name: 'c', mode: 'ReadOnly' }] }), clock);
  assert.equal(t.nextHops('a'), ['b', 'c']);
  assert.equal(t.nextHops('b', 'a'), []);
  assert.ok(t.canWrite('a', 'x'));
  assert.not.ok(t.canWrite('c', 'x'));
  assert.is(t.syncPolicy('a', 'b').nextSyncMs(5), 5);
});

topo('hierarchy: down to children, up to the parent only from ReadWrite nodes, never back', () => {
  const t = hierarchy();
  assert.equal(t.nextHops('cloud'), ['factory', 'edge']);
  assert.equal(t.nextHops('factory'), ['line1', 'cloud']);
  assert.equal(t.nextHops('cloud', 'factory'), ['edge']);
  assert.equal(t.nextHops('factory', 'cloud'), ['line1']);
  assert.equal(t.nextHops('line1', 'factory'), []);
  assert.equal(t.children('cloud'), ['factory', 'edge']);
  assert.is(t.parent('line1'), 'factory');
});

topo('ReadOnly nodes and repositories outside a node subset refuse writes', () => {
  const t = hierarchy();
  assert.ok(t.canWrite('cloud', 'anything/at/all'));
  assert.ok(t.canWrite('factory', 'apps/web/api'));
  assert.not.ok(t.canWrite('factory', 'other'));
  assert.not.ok(t.canWrite('line1', 'apps/web'));
  assert.not.ok(t.canWrite('edge', 'apps/web'));
  assert.ok(t.holdsRepo('line1', 'apps/web'));
  assert.not.ok(t.holdsRepo('line1', 'base/alpine'));
});

topo('the child node schedule gates its link to the parent, both ways', () => {
  const t = hierarchy();
  assert.is(t.syncPolicy('cloud', 'edge').nextSyncMs(3000), 10_000);
  assert.is(t.syncPolicy('edge', 'cloud').nextSyncMs(1000), 1000);
  assert.is(t.syncPolicy('cloud', 'factory').nextSyncMs(3000), 3000);
  assert.is(t.syncPolicy('cloud', 'edge').description, 'every 10s, window 2000ms');
});

topo.run();
