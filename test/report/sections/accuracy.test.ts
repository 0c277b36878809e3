import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { accuracyOf } from '../../../src/report/sections/accuracy.ts';

const acc = suite('accuracyOf');
acc('takes exact percentiles of |measured − true| and the mean probe count', () => {
  const samples = Array.from({ length: 100 }, (_, i) => ({
    valueUs: 1_000_000 + (i % 2 === 0 ? 1 : -1) * (i + 1) * 100, // errors 0.1 .. 10 ms, both signs
    truthUs: 1_000_000,
    probes: i < 50 ? 10 : 21,
  }));
  assert.equal(accuracyOf(samples), { samples: 100, absErrMsP50: 5, absErrMsP99: 9.9, absErrMsMax: 10, meanProbes: 15.5 });
});
acc('is undefined without ground truth', () => {
  assert.is(accuracyOf([]), undefined);
});
acc.run();
