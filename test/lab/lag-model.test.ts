import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createLagModel, describeLag } from '../../src/lab/lag-model.ts';
import { seededRandom } from '../../src/random.ts';
import { quantile } from './lab-test-helpers.ts';

const samples = (spec: Parameters<typeof createLagModel>[0], n = 20_000): number[] => {
  const model = createLagModel(spec, seededRandom(11));
  return Array.from({ length: n }, () => model.sample()).sort((a, b) => a - b);
};

const model = suite('createLagModel');

model('constant always answers the constant', () => {
  const xs = samples({ model: 'constant', lagMs: 400 }, 100);
  assert.ok(xs.every((x) => x === 400));
});

model('uniform stays within [min, max] with median near the middle', () => {
  const xs = samples({ model: 'uniform', minMs: 100, maxMs: 300 });
  assert.ok(xs[0]! >= 100 && xs.at(-1)! <= 300);
  assert.ok(Math.abs(quantile(xs, 0.5) - 200) < 5);
});

model('lognormal samples have the configured median and p99', () => {
  const xs = samples({ model: 'lognormal', medianMs: 400, p99Ms: 3000 }, 50_000);
  const median = quantile(xs, 0.5);
  const p99 = quantile(xs, 0.99);
  assert.ok(Math.abs(median - 400) / 400 < 0.03, `median ${median}`);
  assert.ok(Math.abs(p99 - 3000) / 3000 < 0.08, `p99 ${p99}`);
  assert.ok(xs[0]! > 0);
});

model('quantile() gives the exact model quantiles', () => {
  const m = createLagModel({ model: 'lognormal', medianMs: 400, p99Ms: 3000 }, seededRandom(1));
  assert.ok(Math.abs(m.quantile(0.5) - 400) < 1e-6);
  assert.ok(Math.abs(m.quantile(0.99) - 3000) < 1e-3);
  const u = createLagModel({ model: 'uniform', minMs: 0, maxMs: 10 }, seededRandom(1));
  assert.is(u.quantile(0.25), 2.5);
});

model('lognormal with p99 = median degenerates to a constant', () => {
  const xs = samples({ model: 'lognormal', medianMs: 250, p99Ms: 250 }, 100);
  assert.ok(xs.every((x) => Math.abs(x - 250) < 1e-9));
});

const describe = suite('describeLag');

describe('names the model and its parameters with units', () => {
  assert.is(describeLag({ model: 'constant', lagMs: 400 }), 'constant 400ms');
  assert.is(describeLag({ model: 'uniform', minMs: 100, maxMs: 2000 }), 'uniform 100ms–2s');
  assert.is(describeLag({ model: 'lognormal', medianMs: 400, p99Ms: 3000 }), 'lognormal median 400ms, p99 3s');
});

model.run();
describe.run();
