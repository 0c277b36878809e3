import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { expectedIntervalUs, LOAD_KINDS } from '../../src/measure/load-types.ts';

const interval = suite('expectedIntervalUs');

interval('the planned inter-arrival time per connection: connections / rate, in µs', () => {
  assert.is(expectedIntervalUs(200, 1), 5000);
  assert.is(expectedIntervalUs(200, 4), 20_000);
  assert.is(expectedIntervalUs(3, 1), 333_333);
  assert.is(expectedIntervalUs(null, 4), null);
  assert.is(expectedIntervalUs(0, 4), null);
  assert.equal([...LOAD_KINDS], ['manifest-head', 'manifest-get', 'token-get', 'blob-get']);
});

interval.run();
