import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FaultSet } from '../../src/lab/faults.ts';
import { seededRandom } from '../../src/random.ts';
import type { LabRequestInfo } from '../../src/lab/registry-server.ts';

const read: LabRequestInfo = { method: 'GET', path: '/v2/app/manifests/v1', clientRegion: 'a', kind: 'manifest', repo: 'app', reference: 'v1', isWrite: false };
const write: LabRequestInfo = { ...read, method: 'PUT', isWrite: true };
const make = () => new FaultSet({ prng: seededRandom(1), now: () => 42 });

const faults = suite('FaultSet');

faults('add / remove / clear, with ids and start times, and change notifications', () => {
  const f = make();
  let changes = 0;
  f.subscribe(() => changes++);
  const a = f.add({ kind: 'down', region: 'b' });
  f.add({ kind: 'stall', region: 'c' });
  assert.is(a.sinceMs, 42);
  assert.ok(f.isDown('b'));
  assert.not.ok(f.isDown('c'));
  assert.ok(f.isStalled('c'));
  assert.ok(f.remove(a.id));
  assert.not.ok(f.remove(a.id));
  assert.is(f.clear('zzz'), 0);
  assert.is(f.clear(), 1);
  assert.is(f.list().length, 0);
  assert.is(changes, 4);
});

faults('initial faults are active without a notification', () => {
  const f = new FaultSet({ prng: seededRandom(1), now: () => 0, initial: [{ kind: 'down', region: 'x' }] });
  assert.ok(f.isDown('x'));
});

faults('intercept: down drops, error-rate answers 5xx, throttle answers 429 with Retry-After in seconds', () => {
  const f = make();
  assert.is(f.intercept('b', read), undefined);
  const down = f.add({ kind: 'down', region: 'b' });
  assert.equal(f.intercept('b', read), { kind: 'destroy' });
  f.remove(down.id);
  const err = f.add({ kind: 'error-rate', region: 'b', rate: 1, status: 502, scope: 'all' });
  assert.equal(f.intercept('b', read), { kind: 'respond', status: 502, ociCode: 'UNKNOWN', message: 'injected fault: server error' });
  f.remove(err.id);
  f.add({ kind: 'throttle', region: 'b', rate: 1, retryAfterMs: 1500, scope: 'writes' });
  assert.is(f.intercept('b', read), undefined);
  const t = f.intercept('b', write);
  assert.equal(t, {
    kind: 'respond',
    status: 429,
    headers: { 'retry-after': '2' },
    ociCode: 'TOOMANYREQUESTS',
    message: 'injected fault: too many requests',
  });
  assert.is(f.intercept('c', write), undefined);
});

faults('an error rate hits about that fraction of requests', () => {
  const f = make();
  f.add({ kind: 'error-rate', region: 'b', rate: 0.25, status: 503, scope: 'all' });
  let hits = 0;
  for (let i = 0; i < 4000; i++) if (f.intercept('b', read) !== undefined) hits++;
  assert.ok(Math.abs(hits / 4000 - 0.25) < 0.03, `${hits}`);
});

faults('slow-link adds RTT for one client region or all; blob-unknown and stale-tag match repo and tag', () => {
  const f = make();
  f.add({ kind: 'slow-link', region: 'b', extraRttMs: 30 });
  f.add({ kind: 'slow-link', region: 'b', from: 'a', extraRttMs: 20 });
  assert.is(f.extraRttMs('b', 'a'), 50);
  assert.is(f.extraRttMs('b', 'c'), 30);
  assert.is(f.extraRttMs('a', 'b'), 0);
  f.add({ kind: 'blob-unknown', region: 'b', repository: 'apps/*', blobDelayMs: 100 });
  assert.equal(f.blobUnknown('b', 'apps/web'), { blobDelayMs: 100 });
  assert.is(f.blobUnknown('b', 'base'), undefined);
  f.add({ kind: 'stale-tag', region: 'c', tag: 'latest' });
  assert.ok(f.staleTag('c', 'any', 'latest'));
  assert.not.ok(f.staleTag('c', 'any', 'v1'));
});

faults.run();
