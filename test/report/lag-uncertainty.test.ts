import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lagUncertaintyMs } from '../../src/report/lag-uncertainty.ts';
import { nearestRank } from '../../src/stats/exact-quantile.ts';
import { mulberry32 } from '../stats/seeded.ts';

const lag = suite('lagUncertaintyMs');
lag('is each sample\'s own bound when all brackets are equal', () => {
  const samples = Array.from({ length: 10 }, (_, i) => ({ valueUs: (i + 1) * 1000, uncertaintyUs: 250 }));
  assert.equal(lagUncertaintyMs(samples), { p50: 0.25, p90: 0.25, p99: 0.25, max: 0.25 });
});
lag('widens where a wide bracket can swap ranks', () => {
  // one sample at 10 ms ± 8 ms could truly be anywhere from 2 ms to 18 ms
  const samples = [
    { valueUs: 5000, uncertaintyUs: 0 },
    { valueUs: 10_000, uncertaintyUs: 8000 },
    { valueUs: 15_000, uncertaintyUs: 0 },
  ];
  const u = lagUncertaintyMs(samples);
  assert.is(u.p50, 5); // true median lies in [5, 15] ms around the measured 10 ms
  assert.is(u.max, 3); // true max lies in [15, 18] ms
});
lag('is 0 for no samples', () => {
  assert.equal(lagUncertaintyMs([]), { p50: 0, p90: 0, p99: 0, max: 0 });
});
lag('property: the true percentile always lies within the bound', () => {
  for (let seed = 1; seed <= 30; seed++) {
    const random = mulberry32(seed);
    const n = 1 + Math.floor(random() * 200);
    const samples: { valueUs: number; uncertaintyUs: number }[] = [];
    const truths: number[] = [];
    for (let i = 0; i < n; i++) {
      const truth = Math.round(random() * 2_000_000);
      const uncertaintyUs = Math.round(random() * 50_000);
      const valueUs = truth + Math.round((random() * 2 - 1) * uncertaintyUs);
      samples.push({ valueUs, uncertaintyUs });
      truths.push(truth);
    }
    const measured = samples.map((s) => s.valueUs).sort((a, b) => a - b);
    truths.sort((a, b) => a - b);
    const u = lagUncertaintyMs(samples);
    for (const [p, boundMs] of [[50, u.p50], [90, u.p90], [99, u.p99], [100, u.max]] as const) {
      const i = nearestRank(p, n) - 1;
      const errorUs = Math.abs((measured[i] ?? 0) - (truths[i] ?? 0));
      assert.ok(errorUs <= boundMs * 1000 + 0.5, `seed ${seed} p${p}: error ${errorUs} µs > bound ${boundMs} ms`);
    }
  }
});
lag.run();
