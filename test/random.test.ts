import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fnv1a, hashSeed, seededRandom, seededUint32, sfc32, splitmix32 } from '../src/random.ts';
import { createPrng as workloadPrng } from '../src/workload/prng.ts';

// The pinned values below were taken from the generators as they were before
// they shared this core (the lab's createPrng, compare's seededRandom, the
// workload's Prng): a change here changes every seeded lab run, every compare
// verdict and every planned layer size.

const core = suite('the generator core');

core('seededRandom draws from seededUint32: next() and uint32() are the same stream', () => {
  for (const seed of [0, 1, 42, 0xffffffff]) {
    const a = seededRandom(seed);
    const b = seededRandom(seed);
    const raw = seededUint32(seed);
    for (let i = 0; i < 50; i++) {
      const u = raw();
      assert.is(a.uint32(), u);
      assert.is(b.next(), u / 4294967296);
    }
  }
});

core('seededUint32 is sfc32 over four splitmix32 words', () => {
  const init = splitmix32(7);
  const a = sfc32(init(), init(), init(), init());
  const b = seededUint32(7);
  for (let i = 0; i < 20; i++) assert.is(a(), b());
});

core('fnv1a matches the published FNV-1a 32-bit vectors', () => {
  assert.is(fnv1a(''), 0x811c9dc5);
  assert.is(fnv1a('a'), 0xe40c292c);
  assert.is(fnv1a('foobar'), 0xbf9cf968);
});

const pinned = suite('every existing stream, pinned');

pinned('lab: seededRandom(1), a fork, normal() and uuid()', () => {
  const lab = seededRandom(1);
  assert.equal(Array.from({ length: 4 }, () => Math.round(lab.next() * 2 ** 32)), [1828152527, 3394835397, 2967886022, 2251045104]);
  assert.is(Math.round(seededRandom(7).fork('eastus').next() * 2 ** 32), 844757482);
  assert.is(seededRandom(3).normal(), -1.0756723675905);
  assert.is(seededRandom(5).uuid(), 'a89fe254-aa83-f4b7-e1eb-c534d531dd9b');
});

pinned('compare: seededRandom(hashSeed(…)), hashSeed and int()', () => {
  const r = seededRandom(hashSeed(1, 'replication_lag{region=x}'));
  assert.equal(Array.from({ length: 4 }, () => r.uint32()), [1542965155, 1325872547, 2801437026, 2934791183]);
  assert.is(hashSeed(1, 'abc'), 2133084876);
  assert.is(seededRandom(9).int(1000), 812);
});

pinned('workload: createPrng(42) raw outputs, int(), uniform() and normal()', () => {
  const w = workloadPrng(42);
  assert.equal(Array.from({ length: 4 }, () => w.nextUint32()), [3419081324, 1981938086, 4071653374, 1964772730]);
  assert.is(workloadPrng('x').int(0, 99), 3);
  assert.is(workloadPrng(1).uniform(), 0.16883524623978097);
  assert.is(workloadPrng(2).normal(), 1.9701595134310634);
});

const hash = suite('hashSeed');

hash('is stable and depends on both the seed and the text', () => {
  assert.is(hashSeed(1, 'replication_lag{region=x}'), hashSeed(1, 'replication_lag{region=x}'));
  assert.is.not(hashSeed(1, 'a'), hashSeed(2, 'a'));
  assert.is.not(hashSeed(1, 'a'), hashSeed(1, 'b'));
  assert.ok(hashSeed(7, 'x') >= 0 && hashSeed(7, 'x') < 2 ** 32);
});

const random = suite('seededRandom');

random('the same seed gives the same stream, another seed another one', () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const c = seededRandom(43);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.equal(Array.from({ length: 5 }, () => b.next()), xs);
  assert.not.equal(Array.from({ length: 5 }, () => c.next()), xs);
});

random('next() is uniform in [0, 1) and int() covers [0, n) evenly', () => {
  const r = seededRandom(1);
  let sum = 0;
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 40_000; i++) {
    const x = r.next();
    assert.ok(x >= 0 && x < 1);
    sum += x;
    const k = r.int(4);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  assert.ok(Math.abs(sum / 40_000 - 0.5) < 0.01);
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 400, String(c));
});

random('normal() has mean ≈ 0 and variance ≈ 1', () => {
  const p = seededRandom(9);
  const n = 20_000;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const z = p.normal();
    sum += z;
    sq += z * z;
  }
  assert.ok(Math.abs(sum / n) < 0.03);
  assert.ok(Math.abs(sq / n - 1) < 0.05);
});

random('fork(label) depends on seed and label only, not on what was drawn', () => {
  const a = seededRandom(1);
  const b = seededRandom(1);
  b.next();
  b.next();
  assert.is(a.fork('lag').next(), b.fork('lag').next());
  assert.is.not(a.fork('lag').next(), a.fork('faults').next());
});

random('uuid() looks like a UUID and does not repeat', () => {
  const p = seededRandom(3);
  const ids = new Set(Array.from({ length: 100 }, () => p.uuid()));
  assert.is(ids.size, 100);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

core.run();
pinned.run();
hash.run();
random.run();
