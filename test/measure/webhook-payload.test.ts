import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEventTimestamp, parseWebhookPayload } from '../../src/measure/webhook-payload.ts';

const ACR_PUSH = {
  id: 'cb8c3971-9adc-488b-bdd8-43cbb4974ff5',
  timestamp: '2017-11-17T16:52:01.343145347Z',
  action: 'push',
  target: { mediaType: 'application/vnd.docker.distribution.manifest.v2+json', size: 524, digest: 'sha256:80f0', length: 524, repository: 'hello-world', tag: 'v1' },
  request: { id: '3cbb6949-7549-4fa1-86cd-a6d5451dffc7', host: 'MyRegistry.azurecr.io', method: 'PUT', useragent: 'docker/17.09.0-ce' },
};

const parse = suite('parseWebhookPayload');
parse('an ACR webhook event', () => {
  assert.equal(parseWebhookPayload(ACR_PUSH), {
    events: [
      {
        format: 'acr',
        id: ACR_PUSH.id,
        action: 'push',
        repository: 'hello-world',
        tag: 'v1',
        digest: 'sha256:80f0',
        host: 'myregistry.azurecr.io',
        eventTimestamp: ACR_PUSH.timestamp,
        eventEpochMs: Date.UTC(2017, 10, 17, 16, 52, 1) + 343.145347,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      },
    ],
    skipped: 0,
  });
});
parse('a distribution envelope: every event; host from request, else source.addr', () => {
  const envelope = {
    events: [
      { id: 'a', timestamp: '2024-01-01T00:00:00Z', action: 'push', target: { repository: 'r', digest: 'sha256:1', url: 'http://x/v2/r/manifests/sha256:1' }, request: { host: 'reg:5000' } },
      { id: 'b', action: 'DELETE', target: { repository: 'r', digest: 'sha256:2' }, source: { addr: 'node-1:5000' } },
      { id: 'c', action: 'pull' },
      'junk',
    ],
  };
  const r = parseWebhookPayload(envelope);
  assert.is(r.skipped, 2);
  assert.equal(r.events.map((e) => [e.format, e.id, e.action, e.host, e.tag, e.eventEpochMs]), [
    ['distribution', 'a', 'push', 'reg:5000', undefined, Date.UTC(2024, 0, 1)],
    ['distribution', 'b', 'delete', 'node-1:5000', undefined, undefined],
  ]);
});
parse('not an event: skipped, never thrown', () => {
  for (const body of [null, 42, 'x', [], {}, { id: 'x', action: 'ping', target: {} }]) assert.equal(parseWebhookPayload(body), { events: [], skipped: 1 });
  assert.equal(parseWebhookPayload({ events: [] }), { events: [], skipped: 0 });
});
parse.run();

const ts = suite('parseEventTimestamp');
ts('RFC 3339 with sub-millisecond digits and offsets', () => {
  assert.is(parseEventTimestamp('2025-01-01T00:00:00.123456Z'), Date.UTC(2025, 0, 1) + 123.456);
  assert.is(parseEventTimestamp('2025-01-01T01:00:00+01:00'), Date.UTC(2025, 0, 1));
  assert.is(parseEventTimestamp('2025-01-01T00:00:00z'), Date.UTC(2025, 0, 1));
});
ts('anything else is undefined', () => {
  for (const t of [undefined, '', 'yesterday', '2025-01-01', '2025-13-45T00:00:00Z']) assert.is(parseEventTimestamp(t), undefined, String(t));
});
ts.run();
