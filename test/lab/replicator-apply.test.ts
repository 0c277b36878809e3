import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeRig, pullable } from './replicator-rig.ts';

const two = () => makeRig({ regions: [{ name: 'a' }, { name: 'b' }], replication: { lag: '100ms' } });

const blobUnknown = suite('ReplicatorApply: blob-unknown fault');

blobUnknown('the manifest (and tag) land first, the blobs after blobDelay', async () => {
  const r = two();
  r.faults.add({ kind: 'blob-unknown', region: 'b', blobDelayMs: 500 });
  const { digest, blobs } = await r.push('a', 'app', { tag: 'v1' });
  await r.advance(100);
  assert.ok(await r.store('b').manifestGet('app', digest));
  assert.is(await r.store('b').tagGet('app', 'v1'), digest);
  assert.is(await r.store('b').repoHasBlob('app', blobs[0]!), false);
  assert.is(r.status('b', 'app', digest), 'pending:blob-unknown');
  await r.advance(499);
  assert.not.ok(await pullable(r.store('b'), 'app', digest, blobs));
  await r.advance(1);
  assert.ok(await pullable(r.store('b'), 'app', digest, blobs));
  assert.is(r.status('b', 'app', digest), 'pullable@600');
});

blobUnknown('without blobDelay the blobs never come while the fault lasts, and come when it is cleared', async () => {
  const r = two();
  const f = r.faults.add({ kind: 'blob-unknown', region: 'b' });
  const { digest, blobs } = await r.push('a', 'app');
  await r.advance(5000);
  assert.is(r.status('b', 'app', digest), 'pending:blob-unknown');
  r.faults.remove(f.id);
  await r.replicator.idle();
  assert.ok(await pullable(r.store('b'), 'app', digest, blobs));
  assert.is(r.status('b', 'app', digest), `pullable@${r.clock.now()}`);
});

const staleTag = suite('ReplicatorApply: stale-tag fault');

staleTag('the tag keeps the old digest while the fault lasts; the new manifest is there by digest', async () => {
  const r = two();
  const old = await r.push('a', 'app', { tag: 'latest', label: 'old' });
  await r.advance(100);
  const f = r.faults.add({ kind: 'stale-tag', region: 'b', tag: 'latest' });
  const next = await r.push('a', 'app', { tag: 'latest', label: 'new' });
  await r.advance(100);
  assert.ok(await pullable(r.store('b'), 'app', next.digest, next.blobs));
  assert.is(await r.store('b').tagGet('app', 'latest'), old.digest);
  assert.is(r.status('b', 'app', next.digest), 'pending:stale-tag');
  r.faults.remove(f.id);
  await r.replicator.idle();
  assert.is(await r.store('b').tagGet('app', 'latest'), next.digest);
  assert.is(r.status('b', 'app', next.digest), `pullable@${r.clock.now()}`);
});

staleTag('a tag delete is held back too', async () => {
  const r = two();
  const { digest } = await r.push('a', 'app', { tag: 'v1' });
  await r.advance(100);
  const f = r.faults.add({ kind: 'stale-tag', region: 'b' });
  await r.deleteTag('a', 'app', 'v1');
  await r.advance(100);
  assert.is(await r.store('b').tagGet('app', 'v1'), digest);
  r.faults.remove(f.id);
  await r.replicator.idle();
  assert.is(await r.store('b').tagGet('app', 'v1'), undefined);
});

const gone = suite('ReplicatorApply: failures');

gone('a source that lost a blob before the copy makes the artifact never arrive (source-gone)', async () => {
  const r = two();
  const { digest, blobs } = await r.push('a', 'app');
  await r.store('a').blobDelete(blobs[1]!);
  await r.advance(100);
  const e = r.groundTruth.get('app', digest, 'b')!;
  assert.is(e.state.status, 'never');
  assert.is(e.state.status === 'never' && e.state.reason, 'source-gone');
  assert.is(await r.store('b').manifestGet('app', digest), undefined);
});

blobUnknown.run();
staleTag.run();
gone.run();
