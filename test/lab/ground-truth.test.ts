import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { GroundTruth, groundTruthJson, type GroundTruthEntry } from '../../src/lab/ground-truth.ts';

const base: Omit<GroundTruthEntry, 'region' | 'state'> = {
  repo: 'app',
  digest: 'sha256:d',
  origin: 'a',
  tag: 'v1',
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  sizeBytes: 100,
  committedAtMs: 10,
};

const truth = suite('GroundTruth');

truth('records entries per (repo, digest, region) and filters them', () => {
  const gt = new GroundTruth();
  gt.begin({ ...base, region: 'a', state: { status: 'pullable', atMs: 10 } });
  gt.begin({ ...base, region: 'b', state: { status: 'pending', reason: 'in-flight', plannedAtMs: 110 } });
  gt.begin({ ...base, digest: 'sha256:e', region: 'b', state: { status: 'never', reason: 'filtered' } });
  assert.is(gt.list().length, 3);
  assert.is(gt.list({ region: 'b' }).length, 2);
  assert.is(gt.list({ digest: 'sha256:e' })[0]?.state.status, 'never');
  gt.update('app', 'sha256:d', 'b', { status: 'pullable', atMs: 111 });
  assert.equal(gt.get('app', 'sha256:d', 'b')?.state, { status: 'pullable', atMs: 111 });
});

truth('update ignores unknown entries and never moves pullable back to pending', () => {
  const gt = new GroundTruth();
  gt.update('app', 'sha256:x', 'b', { status: 'pullable', atMs: 1 });
  assert.is(gt.list().length, 0);
  gt.begin({ ...base, region: 'b', state: { status: 'pullable', atMs: 50 } });
  gt.update('app', 'sha256:d', 'b', { status: 'pending', reason: 'stalled' });
  assert.is(gt.get('app', 'sha256:d', 'b')?.state.status, 'pullable');
});

truth('settled() resolves once pullable or never, and rejects on abort', async () => {
  const gt = new GroundTruth();
  const waiting = gt.settled('app', 'sha256:d', 'b');
  gt.begin({ ...base, region: 'b', state: { status: 'pending', reason: 'in-flight' } });
  gt.update('app', 'sha256:d', 'b', { status: 'never', reason: 'deleted' });
  assert.is((await waiting).state.status, 'never');
  const ac = new AbortController();
  const aborted = gt.settled('app', 'sha256:zzz', 'b', ac.signal);
  ac.abort(new Error('stop'));
  try {
    await aborted;
    assert.unreachable('should reject');
  } catch (e) {
    assert.match((e as Error).message, /stop/);
  }
});

truth('subscribers see every change', () => {
  const gt = new GroundTruth();
  const seen: string[] = [];
  const off = gt.subscribe((e) => seen.push(`${e.region}:${e.state.status}`));
  gt.begin({ ...base, region: 'b', state: { status: 'pending', reason: 'in-flight' } });
  off();
  gt.update('app', 'sha256:d', 'b', { status: 'pullable', atMs: 3 });
  assert.equal(seen, ['b:pending']);
});

const json = suite('groundTruthJson');

json('adds epoch µs for the commit and the pullable instant', () => {
  const e: GroundTruthEntry = { ...base, region: 'b', state: { status: 'pullable', atMs: 110.5 } };
  const out = groundTruthJson(e, (t) => 1_000_000 + t) as { committedAtEpochUs: number; state: { atEpochUs: number } };
  assert.is(out.committedAtEpochUs, 1_000_010_000);
  assert.is(out.state.atEpochUs, 1_000_110_500);
});

truth.run();
json.run();
