import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DISTRIBUTION_EVENTS_MEDIA_TYPE, rfc3339, webhookBody } from '../../src/lab/webhook-body.ts';
import type { ReplicationEvent } from '../../src/lab/replicator.ts';

const bytes = new TextEncoder().encode('{"schemaVersion":2}');
const push: ReplicationEvent = {
  region: 'westeurope',
  action: 'push',
  atMs: 5,
  payload: { kind: 'manifest', repo: 'app', digest: 'sha256:abc', mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes, tag: 'v1', origin: 'eastus', committedAtMs: 1, sizeBytes: 999 },
};
const ctx = { eventId: 'e1', requestId: 'r1', timestamp: '2025-01-01T00:00:00.000000Z', host: '127.0.0.1:5000', instanceId: 'i1' };

const body = suite('webhookBody');

body('ACR format: id, timestamp, action, target{mediaType,size,digest,length,repository,tag}, request{id,host,method,useragent}', () => {
  const b = webhookBody('acr', push, ctx);
  assert.is(b.contentType, 'application/json');
  assert.equal(b.json, {
    id: 'e1',
    timestamp: '2025-01-01T00:00:00.000000Z',
    action: 'push',
    target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', size: bytes.byteLength, digest: 'sha256:abc', length: bytes.byteLength, repository: 'app', tag: 'v1' },
    request: { id: 'r1', host: '127.0.0.1:5000', method: 'PUT', useragent: 'replbench-lab' },
  });
});

body('distribution format: an events envelope with target.url and source{addr,instanceID}', () => {
  const b = webhookBody('distribution', push, ctx);
  assert.is(b.contentType, DISTRIBUTION_EVENTS_MEDIA_TYPE);
  const e = (b.json as { events: Record<string, any>[] }).events[0]!;
  assert.is(e['action'], 'push');
  assert.is(e['target'].url, 'http://127.0.0.1:5000/v2/app/manifests/sha256:abc');
  assert.is(e['target'].tag, 'v1');
  assert.equal(e['source'], { addr: '127.0.0.1:5000', instanceID: 'i1' });
  assert.is(e['request'].method, 'PUT');
});

body('deletes carry the digest (manifest) or the tag, with method DELETE', () => {
  const del: ReplicationEvent = { region: 'b', action: 'delete', atMs: 1, payload: { kind: 'delete-manifest', repo: 'app', digest: 'sha256:d', origin: 'a', committedAtMs: 0 } };
  const acr = webhookBody('acr', del, ctx).json as Record<string, any>;
  assert.equal(acr['target'], { digest: 'sha256:d', repository: 'app' });
  assert.is(acr['request'].method, 'DELETE');
  const untag: ReplicationEvent = { region: 'b', action: 'delete', atMs: 1, payload: { kind: 'delete-tag', repo: 'app', tag: 'v1', origin: 'a', committedAtMs: 0 } };
  const dist = webhookBody('distribution', untag, ctx).json as { events: Record<string, any>[] };
  assert.is(dist.events[0]!['target'].tag, 'v1');
});

const time = suite('rfc3339');

time('keeps microseconds', () => {
  assert.is(rfc3339(Date.UTC(2025, 0, 2, 3, 4, 5, 6) + 0.789), '2025-01-02T03:04:05.006789Z');
});

body.run();
time.run();
