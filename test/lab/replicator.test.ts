import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeRig, pullable } from './replicator-rig.ts';

const two = (replication: Record<string, unknown> = { lag: '100ms' }) =>
  makeRig({ regions: [{ name: 'a' }, { name: 'b' }], replication });

const lag = suite('Replicator: lag');

lag('a push to A is invisible in B before the modelled lag and pullable right at it', async () => {
  const r = two();
  const { digest, blobs } = await r.push('a', 'app', { tag: 'v1' });
  assert.is(r.status('a', 'app', digest), 'pullable@0');
  assert.is(r.status('b', 'app', digest), 'pending:in-flight');
  await r.advance(99.9);
  assert.not.ok(await pullable(r.store('b'), 'app', digest, blobs));
  assert.is(await r.store('b').tagGet('app', 'v1'), undefined);
  await r.advance(0.1);
  assert.ok(await pullable(r.store('b'), 'app', digest, blobs));
  assert.is(await r.store('b').tagGet('app', 'v1'), digest);
  assert.is(r.status('b', 'app', digest), 'pullable@100');
  assert.is(r.replicator.pendingWork, 0);
});

lag('bytes over the inter-region bandwidth add to the lag, so big artifacts take longer', async () => {
  const r = two({ lag: '100ms', bandwidth: 10_000 });
  const { digest } = await r.push('a', 'app', { layers: [new Uint8Array(5000).fill(1)] });
  const entry = r.groundTruth.get('app', digest, 'b')!;
  const expected = 100 + (entry.sizeBytes * 1000) / 10_000;
  assert.ok(entry.sizeBytes > 5000);
  assert.equal(entry.state, { status: 'pending', reason: 'in-flight', plannedAtMs: expected });
  await r.advance(expected - 1);
  assert.is(r.status('b', 'app', digest), 'pending:in-flight');
  await r.advance(1);
  assert.is(r.status('b', 'app', digest), `pullable@${expected}`);
});

lag('blobs already in the target are not sent again', async () => {
  const r = two({ lag: '0ms', bandwidth: 1000 });
  const shared = new Uint8Array(3000).fill(2);
  const first = await r.push('a', 'app', { layers: [shared], label: 'one' });
  await r.advance(10_000);
  assert.is(r.status('b', 'app', first.digest)?.startsWith('pullable'), true);
  const t = r.clock.now();
  const second = await r.push('a', 'app', { layers: [shared], label: 'two' });
  const planned = (r.groundTruth.get('app', second.digest, 'b')!.state as { plannedAtMs: number }).plannedAtMs;
  assert.ok(planned - t < 3000 * 1000 / 1000 / 2, `planned ${planned - t} ms`);
});

lag('an index brings its child manifests and their blobs', async () => {
  const r = two();
  const c1 = await r.push('a', 'multi', { label: 'amd64' });
  const c2 = await r.push('a', 'multi', { label: 'arm64' });
  const index = await r.pushIndex('a', 'multi', [c1.digest, c2.digest], 'latest');
  await r.advance(100);
  assert.ok(await pullable(r.store('b'), 'multi', index, []));
  assert.ok(await pullable(r.store('b'), 'multi', c1.digest, c1.blobs));
  assert.ok(await pullable(r.store('b'), 'multi', c2.digest, c2.blobs));
  assert.is(await r.store('b').tagGet('multi', 'latest'), index);
});

lag('every region gets one replication event when the write becomes visible there', async () => {
  const r = makeRig({ regions: [{ name: 'a' }, { name: 'b' }, { name: 'c' }], replication: { lag: '50ms' } });
  const { digest } = await r.push('a', 'app', { tag: 't' });
  await r.advance(50);
  assert.equal(
    r.events.map((e) => [e.region, e.action, e.atMs]),
    [
      ['a', 'push', 0],
      ['b', 'push', 50],
      ['c', 'push', 50],
    ],
  );
  assert.is(r.events[1]?.payload.kind === 'manifest' && r.events[1].payload.digest, digest);
});

const deletes = suite('Replicator: deletes and last writer wins');

deletes('a manifest delete propagates (with its tags)', async () => {
  const r = two();
  const { digest } = await r.push('a', 'app', { tag: 'v1' });
  await r.advance(100);
  await r.deleteManifest('a', 'app', digest);
  await r.advance(99);
  assert.ok(await r.store('b').manifestGet('app', digest));
  await r.advance(1);
  assert.is(await r.store('b').manifestGet('app', digest), undefined);
  assert.is(await r.store('b').tagGet('app', 'v1'), undefined);
  assert.is(r.groundTruth.get('app', digest, 'a')?.deletedAtMs, 100);
  assert.is(r.groundTruth.get('app', digest, 'b')?.deletedAtMs, 200);
  assert.equal(r.events.at(-1) && [r.events.at(-1)!.region, r.events.at(-1)!.action], ['b', 'delete']);
});

deletes('a delete issued before the push landed still lands after it (ordered per artifact)', async () => {
  for (let i = 0; i < 10; i++) {
    const r = makeRig({ seed: i, regions: [{ name: 'a' }, { name: 'b' }], replication: { lag: { model: 'uniform', min: '10ms', max: '500ms' } } });
    const { digest } = await r.push('a', 'app');
    await r.deleteManifest('a', 'app', digest);
    await r.advance(2000);
    assert.is(await r.store('b').manifestGet('app', digest), undefined);
    const e = r.groundTruth.get('app', digest, 'b')!;
    assert.ok(e.state.status === 'pullable' && e.deletedAtMs !== undefined && e.deletedAtMs >= e.state.atMs);
  }
});

deletes('a tag delete propagates', async () => {
  const r = two();
  await r.push('a', 'app', { tag: 'v1' });
  await r.advance(100);
  await r.deleteTag('a', 'app', 'v1');
  await r.advance(100);
  assert.is(await r.store('b').tagGet('app', 'v1'), undefined);
});

deletes('concurrent pushes of one tag at two regions converge on the later commit', async () => {
  const r = two();
  const first = await r.push('a', 'app', { tag: 'latest', label: 'from-a' });
  await r.advance(10);
  const second = await r.push('b', 'app', { tag: 'latest', label: 'from-b' });
  await r.advance(200);
  assert.is(await r.store('a').tagGet('app', 'latest'), second.digest);
  assert.is(await r.store('b').tagGet('app', 'latest'), second.digest);
  const older = r.groundTruth.get('app', first.digest, 'b')!;
  assert.is(older.state.status, 'pullable');
  assert.is(older.tagSuperseded, true);
});

deletes('a later local push is not overwritten by an older replicated tag landing after it', async () => {
  const r = two({ lag: '100ms' });
  await r.push('a', 'app', { tag: 'latest', label: 'old' });
  await r.advance(50);
  const mine = await r.push('b', 'app', { tag: 'latest', label: 'new' });
  await r.advance(500);
  assert.is(await r.store('b').tagGet('app', 'latest'), mine.digest);
  assert.is(await r.store('a').tagGet('app', 'latest'), mine.digest);
});

const hierarchy = suite('Replicator: hierarchy');

const tree = () =>
  makeRig({
    replication: { lag: '100ms' },
    topology: {
      kind: 'hierarchy',
      nodes: [
        { name: 'cloud' },
        { name: 'factory', parent: 'cloud', mode: 'ReadWrite', repositories: ['apps/**', 'base/*'] },
        { name: 'line1', parent: 'factory', mode: 'ReadOnly', repositories: ['apps/**'] },
        { name: 'edge', parent: 'cloud', mode: 'ReadOnly', syncSchedule: 'every 1s', syncWindow: '200ms' },
      ],
    },
  });

hierarchy('a push at the cloud travels down hop by hop; repos outside a subset never arrive', async () => {
  const r = tree();
  const app = await r.push('cloud', 'apps/web', { tag: 'v1' });
  const base = await r.push('cloud', 'base/alpine', { label: 'base' });
  await r.advance(100);
  assert.is(r.status('factory', 'apps/web', app.digest), 'pullable@100');
  assert.is(r.status('line1', 'apps/web', app.digest), 'pending:in-flight');
  await r.advance(100);
  assert.is(r.status('line1', 'apps/web', app.digest), 'pullable@200');
  assert.ok(await pullable(r.store('line1'), 'apps/web', app.digest, app.blobs));
  assert.is(r.status('line1', 'base/alpine', base.digest), 'never:filtered');
  await r.advance(2000);
  assert.is(await r.store('line1').manifestGet('base/alpine', base.digest), undefined);
});

hierarchy('a node with a sync schedule receives only inside its window', async () => {
  const r = tree();
  await r.advance(300); // past the first window [0, 200)
  const { digest } = await r.push('cloud', 'apps/web');
  assert.is(r.status('edge', 'apps/web', digest), 'pending:outside-sync-window');
  await r.advance(699); // t = 999
  assert.is(await r.store('edge').manifestGet('apps/web', digest), undefined);
  await r.advance(1); // window opens at 1000
  assert.is(r.status('edge', 'apps/web', digest), 'pending:in-flight');
  await r.advance(100);
  assert.is(r.status('edge', 'apps/web', digest), 'pullable@1100');
});

hierarchy('a ReadWrite node syncs its own pushes up to the parent, and from there to siblings', async () => {
  const r = tree();
  const { digest } = await r.push('factory', 'apps/api', { tag: 'v2' });
  await r.advance(100);
  assert.is(r.status('cloud', 'apps/api', digest), 'pullable@100');
  assert.is(r.status('line1', 'apps/api', digest), 'pullable@100');
  await r.advance(1200);
  assert.ok(r.status('edge', 'apps/api', digest)?.startsWith('pullable@'));
  assert.is(await r.store('cloud').tagGet('apps/api', 'v2'), digest);
});

const parked = suite('Replicator: stalled and down regions');

parked('a stalled region receives nothing until the stall is cleared, then everything at once', async () => {
  const r = two();
  const stall = r.faults.add({ kind: 'stall', region: 'b' });
  const { digest, blobs } = await r.push('a', 'app', { tag: 'v1' });
  await r.advance(1000);
  assert.is(r.status('b', 'app', digest), 'pending:stalled');
  assert.not.ok(await pullable(r.store('b'), 'app', digest, blobs));
  r.faults.remove(stall.id);
  await r.replicator.idle();
  assert.is(r.status('b', 'app', digest), 'pullable@1000');
});

parked('a region that is down receives nothing while down; nor does anything leave a down origin', async () => {
  const r = two();
  const down = r.faults.add({ kind: 'down', region: 'b' });
  const toB = await r.push('a', 'app', { label: 'to-b' });
  const fromB = await r.push('b', 'app', { label: 'from-b' });
  await r.advance(500);
  assert.is(r.status('b', 'app', toB.digest), 'pending:region-down');
  assert.is(r.status('a', 'app', fromB.digest), 'pending:region-down');
  r.faults.remove(down.id);
  await r.advance(1);
  assert.is(r.status('b', 'app', toB.digest), 'pullable@500');
  assert.is(r.status('a', 'app', fromB.digest), 'pullable@500');
});

parked('close() cancels scheduled hops', async () => {
  const r = two();
  await r.push('a', 'app');
  assert.ok(r.replicator.pendingWork > 0);
  r.replicator.close();
  assert.is(r.replicator.pendingWork, 0);
  assert.is(r.clock.pending, 0);
});

lag.run();
deletes.run();
hierarchy.run();
parked.run();
