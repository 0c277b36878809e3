import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BlobNames } from '../../src/blob/blob-names.ts';
import { OrStatusWatch, type OrOutcome } from '../../src/blob/or-status-watch.ts';
import type { PushedImage } from '../../src/run/push-phase.ts';
import { startFakeStorage } from './fake-storage.ts';

const image: PushedImage = { index: 0, image: 'objects/a:v1', repo: 'objects/a', tag: 'v1', digest: 'sha256:m', blobs: [], commitAtMs: 0, commitSentAtMs: 0, durationMs: 1, bytes: 1 };

function names(): BlobNames {
  const n = new BlobNames('run');
  n.add('objects/a', 'v1', 'sha256:m', { name: 'run/objects/a/v1', contentDigest: 'sha256:c', sizeBytes: 1 });
  return n;
}

const watch = suite('OrStatusWatch');
watch('per watched policy: complete = received (answer − commit point), failed = failed', async () => {
  // pol-w completes at the 3rd answer; pol-j fails at once.
  const fake = await startFakeStorage((n) => ({ status: 200, headers: { 'x-ms-or-pol-j_r1': 'failed', ...(n >= 2 ? { 'x-ms-or-pol-w_r1': 'complete' } : {}) } }));
  let nowMs = 1000;
  const results: [string, OrOutcome][] = [];
  try {
    const w = new OrStatusWatch({
      source: fake.container,
      names: names(),
      policies: new Map([['westeurope', 'pol-w'], ['japaneast', 'pol-j']]),
      pollMs: 5,
      timeoutMs: 10_000,
      now: () => (nowMs += 100),
      onResult: (region, _img, o) => results.push([region, o]),
    });
    w.start({ ...image, commitAtMs: 1000 }, 0);
    await w.settled();
    assert.equal(results, [
      ['japaneast', { outcome: 'failed', reason: 'object replication policy pol-j reports failed' }],
      ['westeurope', { outcome: 'received', lagMs: 300 }],
    ]);
    assert.equal(fake.requests.length, 3);
    assert.ok(fake.requests.every((r) => r === 'HEAD /acct/cont/run/objects/a/v1'));
  } finally {
    await fake.close();
  }
});
watch('one replica, no policy named: the only policy reported is its own; pending until the timeout = missing', async () => {
  const fake = await startFakeStorage(() => ({ status: 200, headers: { 'x-ms-or-only_r1': 'complete' } }));
  const pending = await startFakeStorage(() => ({ status: 200, headers: { 'x-ms-or-p_r1': 'pending' } }));
  try {
    const results: [string, string][] = [];
    const make = (source: typeof fake.container, timeoutMs: number): OrStatusWatch =>
      new OrStatusWatch({ source, names: names(), policies: new Map([['westeurope', null]]), pollMs: 5, timeoutMs, now: () => performance.now(), onResult: (r, _i, o) => results.push([r, o.outcome]) });
    const a = make(fake.container, 5000);
    a.start({ ...image, commitAtMs: performance.now() }, 0);
    await a.settled();
    const b = make(pending.container, 60);
    b.start({ ...image, commitAtMs: performance.now() }, 0);
    await b.settled();
    assert.equal(results, [['westeurope', 'received'], ['westeurope', 'missing']]);
  } finally {
    await fake.close();
    await pending.close();
  }
});
watch('a source that reports no policy at all (azurite) stays silent; close() stops polling', async () => {
  const fake = await startFakeStorage(() => ({ status: 200 }));
  try {
    const results: string[] = [];
    const w = new OrStatusWatch({ source: fake.container, names: names(), policies: new Map([['westeurope', 'p']]), pollMs: 5, timeoutMs: 60_000, now: () => performance.now(), onResult: (r) => results.push(r) });
    w.start({ ...image, commitAtMs: performance.now() }, 0);
    await new Promise((r) => setTimeout(r, 50));
    await w.close();
    assert.equal(results, []);
    // A request already on the wire at close() may still reach the server (the client aborted it);
    // after that, nothing: polling every 5 ms would have sent about ten more in 50 ms.
    await new Promise((r) => setTimeout(r, 30));
    const seen = fake.requests.length;
    await new Promise((r) => setTimeout(r, 50));
    assert.is(fake.requests.length, seen);
  } finally {
    await fake.close();
  }
});
watch.run();
