import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gainsOf } from '../../src/report/gains.ts';
import type { Series } from '../../src/report/report.ts';
import { createHistogram, recordUs } from '../../src/stats/histogram-factory.ts';
import { seriesKey } from '../../src/stats/labels.ts';

function pulls(worker: string, endpoint: string, valuesUs: readonly number[]): Series {
  const histogram = createHistogram();
  for (const v of valuesUs) recordUs(histogram, v);
  const labels = { endpoint, worker };
  return { metric: 'pull_duration', key: seriesKey(labels), labels, histogram, samples: [] };
}

const gains = suite('gainsOf');
gains('divides the nearest remote median by the local median', () => {
  const result = gainsOf([
    pulls('eastus', 'eastus', [1000, 1000, 1000]),
    pulls('eastus', 'westeurope', [1800, 1800, 90_000]), // median 1.8 ms: the nearest remote
    pulls('eastus', 'japaneast', [3000, 3000, 3000]),
  ]);
  assert.equal(result, { eastus: { gain: 1.8, localP50Ms: 1, remoteEndpoint: 'westeurope', remoteP50Ms: 1.8 } });
});
gains('breaks ties by endpoint name and leaves out workers without a local or a remote endpoint', () => {
  const result = gainsOf([
    pulls('a', 'a', [1000]),
    pulls('a', 'c', [2000]),
    pulls('a', 'b', [2000]),
    pulls('b', 'a', [2000]), // no local endpoint for b
    pulls('c', 'c', [2000]), // no remote endpoint for c
  ]);
  assert.equal(Object.keys(result), ['a']);
  assert.is(result.a?.remoteEndpoint, 'b');
  assert.is(result.a?.gain, 2);
});
gains.run();
