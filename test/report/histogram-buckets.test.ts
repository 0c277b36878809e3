import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cumulativeCounts, recordedValues } from '../../src/report/histogram-buckets.ts';
import { createHistogram, recordUs } from '../../src/stats/histogram-factory.ts';

const values = suite('recordedValues');
values('lists each distinct recorded value (lowest equivalent) with its count, ascending', () => {
  const h = createHistogram();
  for (const v of [1000, 1000, 2500, 123_456]) recordUs(h, v);
  assert.equal(recordedValues(h), [{ valueUs: 1000, count: 2 }, { valueUs: 2500, count: 1 }, { valueUs: 123_456, count: 1 }]);
});
values.run();

const counts = suite('cumulativeCounts');
counts('counts values at or below each bound', () => {
  const h = createHistogram();
  for (let i = 1; i <= 100; i++) recordUs(h, i * 1000);
  assert.equal(cumulativeCounts(h, [500, 1000, 10_000, 50_000, 1e9]), [0, 1, 10, 50, 100]);
  assert.equal(cumulativeCounts(createHistogram(), [1, 2]), [0, 0]);
});
counts.run();
