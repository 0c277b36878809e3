import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hashSeed, seededRandom } from '../../src/report/seeded-random.ts';

const hash = suite('hashSeed');
hash('is stable and depends on both the seed and the text', () => {
  assert.is(hashSeed(1, 'replication_lag{region=x}'), hashSeed(1, 'replication_lag{region=x}'));
  assert.is.not(hashSeed(1, 'a'), hashSeed(2, 'a'));
  assert.is.not(hashSeed(1, 'a'), hashSeed(1, 'b'));
  assert.ok(hashSeed(7, 'x') >= 0 && hashSeed(7, 'x') < 2 ** 32);
});
hash.run();

const random = suite('seededRandom');
random('the same seed gives the same stream; another seed another', () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const c = seededRandom(43);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.equal(Array.from({ length: 5 }, () => b.next()), xs);
  assert.not.equal(Array.from({ length: 5 }, () => c.next()), xs);
});
random('is uniform enough: mean near 1/2, int() covers [0, n) evenly', () => {
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
random.run();
