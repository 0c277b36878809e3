import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { LIMITS } from '../../src/limits.ts';
import { createPrng } from '../../src/workload/prng.ts';
import { Z_P99 } from '../../src/stats/normal-quantile.ts';
import { resolveSizeDistribution, sampleSize } from '../../src/workload/sizes.ts';
import type { SizeSpec } from '../../src/workload/sizes.ts';

const MiB = 1024 * 1024;

function configError(pattern: RegExp): (e: unknown) => boolean {
  return (e: unknown) => e instanceof ConfigError && pattern.test(e.message);
}

const resolve = suite('resolveSizeDistribution');
resolve('reads a bare size string or number as fixed', () => {
  assert.equal(resolveSizeDistribution('64MiB'), { kind: 'fixed', sizeBytes: 64 * MiB });
  assert.equal(resolveSizeDistribution(4096), { kind: 'fixed', sizeBytes: 4096 });
});
resolve('reads fixed, uniform and lognormal objects with units', () => {
  assert.equal(resolveSizeDistribution({ kind: 'fixed', size: '1KiB' }), { kind: 'fixed', sizeBytes: 1024 });
  assert.equal(resolveSizeDistribution({ kind: 'uniform', min: '1MiB', max: '4MiB' }), {
    kind: 'uniform',
    minBytes: MiB,
    maxBytes: 4 * MiB,
  });
  const d = resolveSizeDistribution({ kind: 'lognormal', median: '8MiB', p99: '256MiB' });
  assert.is(d.kind, 'lognormal');
  if (d.kind !== 'lognormal') return;
  assert.is(d.medianBytes, 8 * MiB);
  assert.is(d.p99Bytes, 256 * MiB);
  assert.is(d.maxBytes, LIMITS.layerSizeBytes);
  assert.ok(Math.abs(d.mu - Math.log(8 * MiB)) < 1e-12);
  assert.ok(Math.abs(d.sigma - Math.log(32) / Z_P99) < 1e-12);
});
resolve('rejects min > max, p99 < median, max < p99 naming the field', () => {
  assert.throws(
    () => resolveSizeDistribution({ kind: 'uniform', min: '8MiB', max: '1MiB' }, 'workload.layerSize'),
    configError(/^workload\.layerSize: min \(8MiB\) must not exceed max \(1MiB\)$/),
  );
  assert.throws(
    () => resolveSizeDistribution({ kind: 'lognormal', median: '8MiB', p99: '1MiB' }),
    configError(/p99 \(1MiB\) must not be below median \(8MiB\)/),
  );
  assert.throws(
    () => resolveSizeDistribution({ kind: 'lognormal', median: '1MiB', p99: '8MiB', max: '2MiB' }),
    configError(/max \(2MiB\) must not be below p99 \(8MiB\)/),
  );
});
resolve('rejects bad units, zero sizes, unknown kinds and unknown fields', () => {
  assert.throws(() => resolveSizeDistribution('64 potatoes', 'layers.size'), configError(/^layers\.size: expected a size.*"64 potatoes"/));
  assert.throws(() => resolveSizeDistribution('0B'), configError(/at least 1 byte/));
  assert.throws(() => resolveSizeDistribution({ kind: 'uniform', min: '1MiB' } as unknown as SizeSpec), configError(/size\.max: expected a size/));
  assert.throws(() => resolveSizeDistribution({ kind: 'pareto' } as unknown as SizeSpec), configError(/size\.kind: expected "fixed", "uniform" or "lognormal", found "pareto"/));
  assert.throws(
    () => resolveSizeDistribution({ kind: 'lognormal', median: '1MiB', p95: '8MiB' } as unknown as SizeSpec),
    configError(/size\.p95: unknown field/),
  );
  assert.throws(() => resolveSizeDistribution(null as unknown as SizeSpec), configError(/found null/));
});
resolve.run();

const sample = suite('sampleSize');
sample('fixed always returns the size', () => {
  const prng = createPrng('fixed');
  const d = resolveSizeDistribution('3MiB');
  for (let i = 0; i < 10; i++) assert.is(sampleSize(d, prng), 3 * MiB);
});
sample('uniform stays within bounds, hits both ends, mean ≈ midpoint', () => {
  const prng = createPrng('uniform');
  const d = resolveSizeDistribution({ kind: 'uniform', min: 10, max: 20 });
  const seen = new Set<number>();
  let sum = 0;
  for (let i = 0; i < 20_000; i++) {
    const s = sampleSize(d, prng);
    assert.ok(Number.isInteger(s) && s >= 10 && s <= 20);
    seen.add(s);
    sum += s;
  }
  assert.is(seen.size, 11);
  assert.ok(Math.abs(sum / 20_000 - 15) < 0.1);
});
sample('lognormal: median and p99 of 20k samples within tolerance', () => {
  const prng = createPrng('lognormal');
  const d = resolveSizeDistribution({ kind: 'lognormal', median: '8MiB', p99: '256MiB' });
  const xs = Array.from({ length: 20_000 }, () => sampleSize(d, prng)).sort((a, b) => a - b);
  for (const x of xs) assert.ok(Number.isInteger(x) && x >= 1);
  const median = xs[10_000] as number;
  const p99 = xs[19_800] as number;
  assert.ok(Math.abs(median / (8 * MiB) - 1) < 0.05, `median ${median}`);
  assert.ok(Math.abs(p99 / (256 * MiB) - 1) < 0.12, `p99 ${p99}`);
});
sample('lognormal respects max and never returns 0', () => {
  const prng = createPrng('capped');
  const d = resolveSizeDistribution({ kind: 'lognormal', median: 2, p99: 50, max: 60 });
  for (let i = 0; i < 5000; i++) {
    const s = sampleSize(d, prng);
    assert.ok(s >= 1 && s <= 60);
  }
});
sample('same seed → same sizes', () => {
  const d = resolveSizeDistribution({ kind: 'lognormal', median: '1MiB', p99: '64MiB' });
  const a = createPrng(1);
  const b = createPrng(1);
  for (let i = 0; i < 100; i++) assert.is(sampleSize(d, a), sampleSize(d, b));
});
sample.run();
