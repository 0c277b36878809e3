import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { msToUs, pullErrorEvent, pullEvent, pullRedirectEvents, replicationEvent } from '../../src/measure/records.ts';
import { parseEvent } from '../../src/events/index.ts';

const labels = { region: 'westeurope', image: 'img0', digest: `sha256:${'d'.repeat(64)}` };
const counts = { probes: 31, throttled: 1, failed: 0 };

const us = suite('msToUs');
us('rounds to whole µs, never negative', () => {
  assert.is(msToUs(1.2345678), 1235);
  assert.is(msToUs(-0.4), 0);
});
us.run();

const repl = suite('replicationEvent');
repl('replicated: lag and uncertainty in µs, probes, optional truth; a valid record', () => {
  const e = replicationEvent({ outcome: 'replicated', lagMs: 2012.3456, uncertaintyMs: 40.5, lastMissAtMs: 1, firstHitAtMs: 2, ...counts }, { t: 99, labels, truthMs: 2000 });
  assert.equal(e, { type: 'replication', t: 99, labels, probes: 31, outcome: 'replicated', valueUs: 2012346, uncertaintyUs: 40500, truthUs: 2_000_000 });
  assert.is(parseEvent(JSON.parse(JSON.stringify(e))).kind, 'event');
  assert.not.ok('truthUs' in replicationEvent({ outcome: 'replicated', lagMs: 1, uncertaintyMs: 1, lastMissAtMs: 1, firstHitAtMs: 2, ...counts }, { t: 0, labels }));
});
repl('the confirm cost, an errored status, no answer at all and probes cut at the timeout are recorded; valid records', () => {
  const ok = replicationEvent({ outcome: 'replicated', lagMs: 1, uncertaintyMs: 1, lastMissAtMs: 1, firstHitAtMs: 2, ...counts, confirm: { attempts: 1, requests: 5, elapsedMs: 7.5 } }, { t: 0, labels });
  assert.equal(ok.confirm, { requests: 5, us: 7500 });
  const refused = replicationEvent({ outcome: 'errored', reason: 'credentials refused', lastStatus: 401, ...counts }, { t: 0, labels });
  assert.ok(refused.outcome === 'errored' && refused.status === 401 && refused.noAnswer === undefined);
  const hole = replicationEvent({ outcome: 'timed-out', waitedMs: 5000, ...counts, abortedAtTimeout: 8, noAnswer: true }, { t: 0, labels });
  assert.ok(hole.outcome === 'timed-out' && hole.noAnswer === true && /; 8 probes still unanswered at the timeout \(aborted\)$/.test(hole.reason), JSON.stringify(hole));
  for (const e of [ok, refused, hole]) assert.is(parseEvent(JSON.parse(JSON.stringify(e))).kind, 'event');
  const pull = pullErrorEvent({ outcome: 'failed', worker: 'a', endpoint: 'b', image: 'i', phase: 'warm', startedAtMs: 0, code: 'E_REGISTRY', message: '429', status: 429 }, 5);
  assert.is(pull.labels?.status, '429');
});
repl('the other outcomes carry a reason and their probe count; all valid records', () => {
  const events = [
    replicationEvent({ outcome: 'timed-out', waitedMs: 60_000, ...counts }, { t: 1, labels }),
    replicationEvent({ outcome: 'errored', reason: 'HEAD /v2/app/manifests/x → 503: HTTP 503', lastStatus: 503, ...counts }, { t: 2, labels }),
    replicationEvent({ outcome: 'inconsistent', reason: 'manifest-without-blobs', detail: 'missing blobs: sha256:1', waitedMs: 5, ...counts }, { t: 3, labels }),
  ];
  assert.equal(events.map((e) => e.outcome), ['timed-out', 'errored', 'inconsistent']);
  assert.equal(events.map((e) => 'reason' in e && e.reason), [
    'not pullable 60000 ms after the commit point',
    'HEAD /v2/app/manifests/x → 503: HTTP 503',
    'manifest-without-blobs: missing blobs: sha256:1',
  ]);
  for (const e of events) {
    assert.is(e.probes, 31);
    assert.is(parseEvent(JSON.parse(JSON.stringify(e))).kind, 'event');
  }
});
repl.run();

const pull = suite('pullEvent');
pull('labels, duration and TTFB in µs, bytes; a valid record', () => {
  const sample = { outcome: 'pulled', worker: 'japaneast', endpoint: 'eastus', image: 'img0', phase: 'warm', startedAtMs: 5, durationMs: 812.5, ttfbMs: 151.25, bytes: 4096 } as const;
  const e = pullEvent(sample, 1234);
  assert.equal(e, { type: 'pull', t: 1234, labels: { worker: 'japaneast', endpoint: 'eastus', image: 'img0', phase: 'warm' }, durationUs: 812500, ttfbUs: 151250, bytes: 4096 });
  assert.is(parseEvent(JSON.parse(JSON.stringify(e))).kind, 'event');
});
pull.run();

const redirect = suite('pullRedirectEvents');
redirect('one record per redirected blob, placed against the endpoint pulled from (acr data endpoints)', () => {
  const sample = {
    outcome: 'pulled', worker: 'japaneast', endpoint: 'eastus', image: 'img0', phase: 'cold', startedAtMs: 5, durationMs: 80, ttfbMs: 10, bytes: 4096,
    redirects: [
      { redirectMs: 12.5, storageMs: 30, redirects: 1, storageHost: 'contoso.eastus.data.azurecr.io' },
      { redirectMs: 11, storageMs: 90, redirects: 1, storageHost: 'contoso.westus.data.azurecr.io' },
    ],
  } as const;
  const dataHosts = { eastus: 'contoso.eastus.data.azurecr.io', westus: 'contoso.westus.data.azurecr.io' };
  const events = pullRedirectEvents(sample, 77, { regions: ['eastus', 'westus'], dataHosts });
  assert.equal(events.map((e) => [e.labels.storage, e.outOfRegion, e.valueUs, e.storageUs]), [['eastus', false, 12500, 30000], ['westus', true, 11000, 90000]]);
  assert.equal(events[0]?.labels, { worker: 'japaneast', endpoint: 'eastus', storage: 'eastus' });
  for (const e of events) assert.is(parseEvent(JSON.parse(JSON.stringify(e))).kind, 'event');
  assert.equal(pullRedirectEvents((({ redirects: _omitted, ...rest }) => rest)(sample), 1, {}), []);
  assert.is(pullRedirectEvents({ ...sample, redirects: [{ redirectMs: 1, storageMs: 1, redirects: 1, storageHost: 'abcd.blob.core.windows.net' }] }, 1, {})[0]?.labels.storage, 'unknown');
});
redirect.run();

const err = suite('pullErrorEvent');
err('an error record in the pull phase with the pull labels', () => {
  const e = pullErrorEvent({ outcome: 'failed', worker: 'w', endpoint: 'e', image: 'i', phase: 'cold', startedAtMs: 0, code: 'E_TIMEOUT', message: 'no progress' }, 7);
  assert.equal(e, { type: 'error', t: 7, code: 'E_TIMEOUT', message: 'no progress', phase: 'pull', labels: { worker: 'w', endpoint: 'e', image: 'i', phase: 'cold' } });
  assert.is(parseEvent(JSON.parse(JSON.stringify(e))).kind, 'event');
});
err.run();
