import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createPrng } from '../../src/lab/prng.ts';

const prng = suite('createPrng');

prng('the same seed gives the same stream, another seed another one', () => {
  const a = createPrng(42);
  const b = createPrng(42);
  const c = createPrng(43);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.equal(Array.from({ length: 5 }, () => b.next()), xs);
  assert.not.equal(Array.from({ length: 5 }, () => c.next()), xs);
});

prng('next() is uniform in [0, 1): mean ≈ 0.5, bounds respected', () => {
  const p = createPrng(7);
  let sum = 0;
  for (let i = 0; i < 20_000; i++) {
    const x = p.next();
    assert.ok(x >= 0 && x < 1);
    sum += x;
  }
  assert.ok(Math.abs(sum / 20_000 - 0.5) < 0.01);
});

prng('normal() has mean ≈ 0 and variance ≈ 1', () => {
  const p = createPrng(9);
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

prng('fork(label) depends on seed and label only, not on what was drawn', () => {
  const a = createPrng(1);
  const b = createPrng(1);
  b.next();
  b.next();
  assert.is(a.fork('lag').next(), b.fork('lag').next());
  assert.is.not(a.fork('lag').next(), a.fork('faults').next());
});

prng('uuid() looks like a UUID and does not repeat', () => {
  const p = createPrng(3);
  const ids = new Set(Array.from({ length: 100 }, () => p.uuid()));
  assert.is(ids.size, 100);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

prng.run();
