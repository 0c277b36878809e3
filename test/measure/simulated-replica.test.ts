import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, UnreachableError } from '../../src/errors.ts';
import { RegistryError } from '../../src/oci/errors.ts';
import { fixedLink, SimulatedReplica } from '../../src/measure/simulated-replica.ts';
import { VirtualClock } from '../../src/time/virtual-clock.ts';

const D = `sha256:${'a'.repeat(64)}`;
const OLD = `sha256:${'0'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

const replica = suite('SimulatedReplica');
replica('a manifest is absent until it arrives, evaluated one one-way delay after sending', async () => {
  const clock = new VirtualClock();
  const r = new SimulatedReplica({ clock, link: fixedLink(10, 2), artifacts: [{ repo: 'app', digest: D, manifestAtMs: 100 }] });
  const [early, late] = await clock.run(async () => {
    const a = await r.probeManifest('app', D); // sent 0, looked 10
    await clock.sleep(60); // now 82
    const b = await r.probeManifest('app', D); // sent 82, looked 92: still absent
    const c = await r.probeManifest('app', D); // sent 104, looked 114
    return [a, [b, c]] as const;
  });
  assert.equal(early, { kind: 'absent', status: 404, sentAtMs: 0, atMs: 22, latencyMs: 22 });
  assert.is(late[0].kind, 'absent');
  assert.ok(late[1].kind === 'present' && late[1].digest === D);
  assert.equal(r.requests.map((q) => q.evaluatedAtMs), [10, 92, 114]);
});
replica('tags: previous digest until tagAtMs, then the new one; unknown tags are absent', async () => {
  const clock = new VirtualClock();
  const r = new SimulatedReplica({ clock, artifacts: [{ repo: 'app', digest: D, tag: 'v1', manifestAtMs: 50, tagAtMs: 80, previousTagDigest: OLD }] });
  const answers = await clock.run(async () => {
    const a = await r.probeManifest('app', 'v1');
    await clock.sleep(60);
    const b = await r.probeManifest('app', 'v1');
    await clock.sleep(30);
    const c = await r.probeManifest('app', 'v1');
    const d = await r.probeManifest('app', 'v2');
    return [a, b, c, d];
  });
  assert.equal(answers.map((a) => (a.kind === 'present' ? a.digest : a.kind)), [OLD, OLD, D, 'absent']);
});
replica('blobs arrive at their own times, by default with the manifest', async () => {
  const clock = new VirtualClock({ startMs: 200 });
  const r = new SimulatedReplica({ clock, artifacts: [{ repo: 'app', digest: D, manifestAtMs: 100, blobsAtMs: { [B]: 300 } }] });
  const [b1, m] = await clock.run(async () => [await r.probeBlob('app', B), await r.probeBlob('app', D)]);
  assert.is(b1.kind, 'absent');
  assert.is(m.kind, 'present');
  assert.is((await clock.run(r.probeBlob('other', B))).kind, 'absent');
});
replica('faults: 429 with Retry-After, 5xx and no answer (status 0)', async () => {
  const clock = new VirtualClock();
  const r = new SimulatedReplica({
    clock,
    artifacts: [{ repo: 'app', digest: D, manifestAtMs: 0 }],
    fault: ({ n }) => (n === 0 ? { kind: 'throttle', retryAfterMs: 500 } : n === 1 ? { kind: 'error', status: 503 } : n === 2 ? { kind: 'error', status: 0 } : undefined),
  });
  const [t, e, u, ok] = await clock.run(async () => [await r.probeManifest('app', D), await r.probeManifest('app', D), await r.probeManifest('app', D), await r.probeManifest('app', D)]);
  assert.ok(t.kind === 'throttled' && t.retryAfterMs === 500);
  assert.ok(e.kind === 'error' && e.status === 503 && e.error instanceof RegistryError);
  assert.ok(u.kind === 'error' && u.status === 0 && u.error instanceof UnreachableError);
  assert.is(ok.kind, 'present');
  assert.equal(r.requests.map((q) => q.answer), ['throttled', 'error', 'error', 'present']);
});
replica('ping answers after a round trip; abort rejects', async () => {
  const clock = new VirtualClock();
  const r = new SimulatedReplica({ clock, link: fixedLink(20, 1) });
  assert.equal(await clock.run(r.ping()), { latencyMs: 41 });
  const ctl = new AbortController();
  const outcome = await clock.run(async () => {
    const p = r.ping({ signal: ctl.signal }).catch((e: unknown) => e);
    await clock.sleep(5);
    ctl.abort();
    return p;
  });
  assert.instance(outcome, AbortedError);
});
replica.run();
