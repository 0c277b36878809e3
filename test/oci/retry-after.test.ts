import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseRetryAfter } from '../../src/oci/retry-after.ts';

const NOW = Date.UTC(2024, 0, 1, 12, 0, 0);
const opts = { dateNowMs: NOW, maxMs: 60_000 };
const retry = suite('parseRetryAfter');

retry('delta-seconds become milliseconds', () => {
  assert.is(parseRetryAfter('0', opts), 0);
  assert.is(parseRetryAfter('3', opts), 3000);
  assert.is(parseRetryAfter(' 12 ', opts), 12_000);
});

retry('an HTTP-date is measured from the injected now', () => {
  assert.is(parseRetryAfter('Mon, 01 Jan 2024 12:00:10 GMT', opts), 10_000);
  assert.is(parseRetryAfter('Monday, 01-Jan-24 12:00:05 GMT', opts), 5_000);
  assert.is(parseRetryAfter('Mon Jan  1 12:00:07 2024', opts), 7_000);
});

retry('a date in the past means now', () => {
  assert.is(parseRetryAfter('Mon, 01 Jan 2024 11:00:00 GMT', opts), 0);
});

retry('clamped to maxMs', () => {
  assert.is(parseRetryAfter('3600', opts), 60_000);
  assert.is(parseRetryAfter('Tue, 02 Jan 2024 12:00:00 GMT', opts), 60_000);
  assert.is(parseRetryAfter('99999999999999999999999', opts), 60_000);
});

retry('invalid values are undefined', () => {
  for (const bad of [undefined, '', '-1', '1.5', 'soon', '2024-01-01T12:00:10Z', 'Mon, 99 Foo 2024 12:00:10 GMT']) {
    assert.is(parseRetryAfter(bad, opts), undefined, String(bad));
  }
});

retry.run();
