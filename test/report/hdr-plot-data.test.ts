import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { alignCurves, percentileCurve, percentileTicks } from '../../src/report/hdr-plot-data.ts';
import { createHistogram, recordUs } from '../../src/stats/histogram-factory.ts';

const curve = suite('percentileCurve');
curve('steps x = 1/(1−p) geometrically up to n and ends at the maximum', () => {
  const h = createHistogram();
  for (let i = 1; i <= 1000; i++) recordUs(h, i * 1000);
  const points = percentileCurve(h);
  assert.is(points[0]?.x, 1);
  assert.is(points[5]?.x, 2);
  assert.is(points.at(-1)?.x, 1000);
  assert.ok(Math.abs((points.at(-1)?.valueMs ?? 0) - 1000) <= 1);
  const at2 = points.find((p) => p.x === 2);
  assert.ok(Math.abs((at2?.valueMs ?? 0) - 500) <= 0.5, 'x = 2 is the median');
  const at16 = points.find((p) => p.x === 16);
  assert.ok(Math.abs((at16?.valueMs ?? 0) - 937.5) <= 1, 'x = 16 is p93.75');
  for (let i = 1; i < points.length; i++) {
    assert.ok((points[i]?.x ?? 0) > (points[i - 1]?.x ?? 0));
    assert.ok((points[i]?.valueMs ?? 0) >= (points[i - 1]?.valueMs ?? 0));
  }
});
curve('is empty for an empty histogram and one point for one sample', () => {
  assert.equal(percentileCurve(createHistogram()), []);
  const h = createHistogram();
  recordUs(h, 2500);
  assert.equal(percentileCurve(h), [{ x: 1, valueMs: 2.501 }]);
});
curve.run();

const align = suite('alignCurves');
align('puts curves on the union of their x values, null where a curve has none', () => {
  const a = [{ x: 1, valueMs: 1 }, { x: 2, valueMs: 2 }];
  const b = [{ x: 1, valueMs: 5 }, { x: 3, valueMs: 6 }];
  assert.equal(alignCurves([a, b]), { xs: [1, 2, 3], ys: [[1, 2, null], [5, null, 6]] });
});
align.run();

const ticks = suite('percentileTicks');
ticks('labels 0%, 50%, 90%, 99%, 99.9% … up to the first tick past the data', () => {
  assert.equal(percentileTicks(150).map((t) => t.label), ['0%', '50%', '90%', '99%', '99.9%']);
  assert.equal(percentileTicks(5).map((t) => [t.x, t.label]), [[1, '0%'], [2, '50%'], [10, '90%']]);
  assert.is(percentileTicks(1e6).at(-1)?.label, '99.9999%');
});
ticks.run();
