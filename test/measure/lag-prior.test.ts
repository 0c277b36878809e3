import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fitLagPrior, isPrecise, LagPrior, studentT } from '../../src/measure/lag-prior.ts';
import { createPrng } from '../../src/workload/prng.ts';

const lognormal = (n: number, medianMs: number, sigma: number, seed = 'prior'): number[] => {
  const rng = createPrng(seed);
  return Array.from({ length: n }, () => medianMs * Math.exp(sigma * rng.normal()));
};

const precise = suite('isPrecise');
precise('numbers are precise; objects when uncertainty ≤ 10 ms + 5% of the lag', () => {
  assert.ok(isPrecise(5));
  assert.ok(isPrecise({ lagMs: 2000, uncertaintyMs: 110 }));
  assert.not.ok(isPrecise({ lagMs: 2000, uncertaintyMs: 111 }));
});
precise.run();

const fit = suite('fitLagPrior');
fit('nothing below minSamples', () => {
  assert.is(fitLagPrior([100, 200, 300, 400]), undefined);
  assert.ok(fitLagPrior([100, 200, 300, 400], { minSamples: 4 }) !== undefined);
});
fit('recovers a lognormal: median, and bounds near the 0.5% / 99.5% quantiles (a window of 200)', () => {
  const lags = lognormal(200, 2000, 0.5);
  const p = fitLagPrior(lags)!;
  assert.ok(Math.abs(p.medianMs / 2000 - 1) < 0.1, `median ${p.medianMs}`);
  const low = 2000 * Math.exp(-2.576 * 0.5);
  const high = 2000 * Math.exp(2.576 * 0.5);
  assert.ok(Math.abs(p.lowMs / low - 1) < 0.25, `low ${p.lowMs} vs ${low}`);
  assert.ok(Math.abs(p.highMs / high - 1) < 0.25, `high ${p.highMs} vs ${high}`);
  assert.ok(p.lowMs <= Math.min(...lags));
  assert.is(p.samples, 200);
});
fit('few samples widen the bounds; lowMs never exceeds the smallest lag', () => {
  const lags = lognormal(200, 2000, 0.5, 'few');
  const many = fitLagPrior(lags)!;
  const few = fitLagPrior(lags.slice(0, 6))!;
  assert.ok(few.highMs / few.lowMs > many.highMs / many.lowMs);
  const odd = fitLagPrior([2000, 2010, 1990, 2005, 1995, 2002, 50])!;
  assert.ok(odd.lowMs <= 50);
});
fit('an imprecise lag (a wide bracket) does not pull lowMs down to it', () => {
  const lags = lognormal(200, 2000, 0.5, 'imprecise');
  const clean = fitLagPrior(lags)!;
  const wide = fitLagPrior([...lags.slice(1), { lagMs: 100, uncertaintyMs: 100 }])!;
  const precise = fitLagPrior([...lags.slice(1), { lagMs: 100, uncertaintyMs: 5 }])!;
  assert.ok(wide.lowMs > 100 && wide.lowMs > clean.lowMs * 0.7, `wide ${wide.lowMs}`);
  assert.ok(precise.lowMs <= 100);
});
fit('zero lags do not break the log fit', () => {
  const p = fitLagPrior([0, 0, 0, 0, 0])!;
  assert.ok(Number.isFinite(p.medianMs) && p.lowMs === 0);
});
fit.run();

const t = suite('studentT');
t('close to tabulated t quantiles, → z for many degrees of freedom', () => {
  assert.ok(Math.abs(studentT(2.576, 10) - 3.169) < 0.05);
  assert.ok(Math.abs(studentT(2.576, 30) - 2.75) < 0.01);
  assert.ok(Math.abs(studentT(1.96, 1e6) - 1.96) < 1e-4);
  assert.is(studentT(1.96, 0), Number.POSITIVE_INFINITY);
});
t.run();

const prior = suite('LagPrior');
prior('observe takes the uncertainty: a wide bracket does not set lowMs', () => {
  const wide = new LagPrior();
  const precise = new LagPrior();
  for (const l of lognormal(60, 2000, 0.1, 'observe')) {
    wide.observe(l, 40);
    precise.observe(l, 40);
  }
  wide.observe(1_000, 300);
  precise.observe(1_000, 10);
  assert.is(precise.snapshot()!.lowMs, 1_000);
  assert.ok(wide.snapshot()!.lowMs > 1_000, `${wide.snapshot()!.lowMs}`);
});
prior('keeps a sliding window and ignores non-finite lags', () => {
  const p = new LagPrior({ window: 5 });
  assert.is(p.snapshot(), undefined);
  for (const l of [1, 2, 3, Number.NaN, 4, 5, 6, 7]) p.observe(l * 1000);
  assert.is(p.count, 5);
  const s = p.snapshot()!;
  assert.is(s.samples, 5);
  assert.ok(s.lowMs <= 3000 && s.highMs >= 7000);
});
prior('rejects a window below 2 and z ≤ 0', () => {
  assert.throws(() => new LagPrior({ window: 1 }), /window must be an integer ≥ 2/);
  assert.throws(() => new LagPrior({ z: 0 }), /z must be > 0/);
});
prior.run();
