import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { failuresOf, loadOutcomeOf, pullOutcomeOf, pullOutcomesOf } from '../../src/report/pull-outcomes.ts';
import type { ReplEvent } from '../../src/events/index.ts';

const pull = (worker: string, endpoint: string): ReplEvent => ({ type: 'pull', t: 1, labels: { worker, endpoint, image: 'i', phase: 'warm' }, durationUs: 1000, ttfbUs: 100, bytes: 10 });
const failed = (phase: string, code: string, labels: Record<string, string>): ReplEvent => ({ type: 'error', t: 2, code, message: 'x', phase, labels });

const classify = suite('pullOutcomeOf');
classify('digest mismatch, timeout, stalled, 429 throttled, anything else error', () => {
  assert.is(pullOutcomeOf('E_DIGEST_MISMATCH', undefined), 'digest-mismatch');
  assert.is(pullOutcomeOf('E_TIMEOUT', undefined), 'timeout');
  assert.is(pullOutcomeOf('E_STALLED', undefined), 'stalled');
  assert.is(pullOutcomeOf('E_REGISTRY', '429'), 'throttled');
  assert.is(pullOutcomeOf('E_K6_PULL', '429'), 'throttled');
  assert.is(pullOutcomeOf('E_REGISTRY', '404'), 'error');
  assert.is(pullOutcomeOf('E_PROTOCOL', undefined), 'error');
  assert.is(pullOutcomeOf('E_K6_PULL', '0'), 'error');
});
classify.run();

const fold = suite('pullOutcomesOf');
fold('pulls are ok, pull-phase and k6 errors with worker and endpoint are failures, per worker × endpoint', () => {
  const events: ReplEvent[] = [
    pull('a', 'b'), pull('a', 'b'), pull('b', 'b'),
    failed('pull', 'E_DIGEST_MISMATCH', { worker: 'a', endpoint: 'b', image: 'i' }),
    failed('pull', 'E_REGISTRY', { worker: 'a', endpoint: 'b', image: 'i', status: '429' }),
    failed('k6', 'E_K6_PULL', { worker: 'b', endpoint: 'b', status: '0' }),
    failed('push', 'E_REGISTRY', { worker: 'a', endpoint: 'b' }),
    failed('pull', 'E_TIMEOUT', { worker: 'a' }),
    failed('pull', 'E_STALLED', { worker: 'b', endpoint: 'b', image: 'i' }),
  ];
  const out = pullOutcomesOf(events);
  assert.equal(Object.keys(out), ['endpoint=b,worker=a', 'endpoint=b,worker=b']);
  assert.equal(out['endpoint=b,worker=a'], { labels: { endpoint: 'b', worker: 'a' }, counts: { ok: 2, 'digest-mismatch': 1, error: 0, timeout: 0, stalled: 0, throttled: 1 } });
  assert.equal(out['endpoint=b,worker=b']?.counts, { ok: 1, 'digest-mismatch': 0, error: 1, timeout: 0, stalled: 1, throttled: 0 });
  assert.is(failuresOf(out['endpoint=b,worker=a']?.counts ?? {}), 2);
});
fold.run();

const load = suite('loadOutcomeOf');
load('2xx and 3xx ok, 429 throttled, other statuses and connection errors error, timeouts timeout', () => {
  const stats = { requests: 10, errors: 1, timeouts: 2, status: { '200': 5, '307': 1, '429': 1, '503': 2 }, requestsPerSec: null, connections: null, ratePerSec: null, complete: true };
  assert.equal(loadOutcomeOf(stats), { ok: 6, error: 3, timeout: 2, throttled: 1 });
});
load.run();
