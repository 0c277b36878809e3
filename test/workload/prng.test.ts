import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { createPrng, seedText } from '../../src/workload/prng.ts';

const create = suite('createPrng');
create('gives the pinned sfc32 sequence for a seed (same on every machine)', () => {
  // Checked against an independent Python implementation of the same seeding + sfc32.
  const p = createPrng('golden');
  assert.equal([p.nextUint32(), p.nextUint32(), p.nextUint32()], [3569992189, 2838952472, 95716192]);
});
create('same seed → same sequence; 42 and "42" are the same seed', () => {
  const a = createPrng(42);
  const b = createPrng('42');
  for (let i = 0; i < 100; i++) assert.is(a.nextUint32(), b.nextUint32());
});
create('different seeds → different sequences', () => {
  const a = createPrng('a');
  const b = createPrng('b');
  const xs = Array.from({ length: 8 }, () => a.nextUint32());
  const ys = Array.from({ length: 8 }, () => b.nextUint32());
  assert.not.equal(xs, ys);
});
create('rejects non-finite numbers with a ConfigError', () => {
  assert.throws(() => createPrng(Number.NaN), (e: unknown) => e instanceof ConfigError);
  assert.throws(() => createPrng(Infinity), (e: unknown) => e instanceof ConfigError);
});
create.run();

const seeds = suite('seedText');
seeds('stringifies numbers and keeps strings', () => {
  assert.is(seedText(7), '7');
  assert.is(seedText('seven'), 'seven');
});
seeds.run();

const uniform = suite('Prng.uniform');
uniform('stays in [0, 1) with mean ≈ 0.5', () => {
  const p = createPrng('uniform');
  let sum = 0;
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const u = p.uniform();
    assert.ok(u >= 0 && u < 1);
    sum += u;
  }
  assert.ok(Math.abs(sum / n - 0.5) < 0.01, `mean ${sum / n}`);
});
uniform.run();

const normal = suite('Prng.normal');
normal('has mean ≈ 0 and standard deviation ≈ 1', () => {
  const p = createPrng('normal');
  const n = 20_000;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const z = p.normal();
    assert.ok(Number.isFinite(z));
    sum += z;
    sumSq += z * z;
  }
  const mean = sum / n;
  const sd = Math.sqrt(sumSq / n - mean * mean);
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(sd - 1) < 0.03, `sd ${sd}`);
});
normal.run();

const int = suite('Prng.int');
int('covers [min, max] inclusively and nothing else', () => {
  const p = createPrng('dice');
  const seen = new Map<number, number>();
  for (let i = 0; i < 6000; i++) {
    const x = p.int(1, 6);
    assert.ok(Number.isInteger(x) && x >= 1 && x <= 6);
    seen.set(x, (seen.get(x) ?? 0) + 1);
  }
  assert.is(seen.size, 6);
  for (const count of seen.values()) assert.ok(count > 850 && count < 1150, `count ${count}`);
});
int('handles min = max and ranges wider than 2^32', () => {
  const p = createPrng('wide');
  assert.is(p.int(5, 5), 5);
  const max = 2 ** 40;
  for (let i = 0; i < 1000; i++) {
    const x = p.int(1, max);
    assert.ok(Number.isSafeInteger(x) && x >= 1 && x <= max);
  }
});
int('rejects min > max and non-integers', () => {
  const p = createPrng('bad');
  assert.throws(() => p.int(2, 1), /min ≤ max/);
  assert.throws(() => p.int(0.5, 1), /safe integers/);
});
int.run();
