import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { faultSpecSchema } from '../../src/lab/fault-spec.ts';

const spec = suite('faultSpecSchema');

spec('fills defaults and resolves units into named fields', () => {
  assert.equal(faultSpecSchema.parse({ kind: 'down', region: 'a' }), { kind: 'down', region: 'a' });
  assert.equal(faultSpecSchema.parse({ kind: 'error-rate', region: 'a', rate: 0.1 }), {
    kind: 'error-rate',
    region: 'a',
    rate: 0.1,
    status: 503,
    scope: 'all',
  });
  assert.equal(faultSpecSchema.parse({ kind: 'throttle', region: 'a', retryAfter: '3s' }), {
    kind: 'throttle',
    region: 'a',
    rate: 1,
    retryAfterMs: 3000,
    scope: 'all',
  });
  assert.equal(faultSpecSchema.parse({ kind: 'slow-link', region: 'b', from: 'a', extraRtt: '50ms' }), {
    kind: 'slow-link',
    region: 'b',
    from: 'a',
    extraRttMs: 50,
  });
  assert.equal(faultSpecSchema.parse({ kind: 'blob-unknown', region: 'b', blobDelay: '2s' }), {
    kind: 'blob-unknown',
    region: 'b',
    blobDelayMs: 2000,
  });
  assert.equal(faultSpecSchema.parse({ kind: 'stale-tag', region: 'b', tag: 'latest' }), { kind: 'stale-tag', region: 'b', tag: 'latest' });
});

spec('rejects unknown kinds, unknown keys, rates outside [0, 1] and non-5xx statuses', () => {
  assert.is(faultSpecSchema.safeParse({ kind: 'meteor', region: 'a' }).success, false);
  assert.is(faultSpecSchema.safeParse({ kind: 'down', region: 'a', extra: 1 }).success, false);
  assert.is(faultSpecSchema.safeParse({ kind: 'error-rate', region: 'a', rate: 1.5 }).success, false);
  assert.is(faultSpecSchema.safeParse({ kind: 'error-rate', region: 'a', status: 404 }).success, false);
  assert.is(faultSpecSchema.safeParse({ kind: 'slow-link', region: 'a' }).success, false);
});

spec.run();
