import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodePath, describeRequest, parseRoute } from '../../src/lab/registry-routes.ts';

const D = `sha256:${'a'.repeat(64)}`;

const parse = suite('parseRoute');

parse('every endpoint, with nested repository names', () => {
  assert.equal(parseRoute('/v2/'), { kind: 'ping' });
  assert.equal(parseRoute('/v2/_catalog'), { kind: 'catalog' });
  assert.equal(parseRoute('/v2/a/b/c/tags/list'), { kind: 'tags', repo: 'a/b/c' });
  assert.equal(parseRoute('/v2/a/b/manifests/latest'), { kind: 'manifest', repo: 'a/b', reference: 'latest' });
  assert.equal(parseRoute(`/v2/a/b/blobs/${D}`), { kind: 'blob', repo: 'a/b', digest: D });
  assert.equal(parseRoute('/v2/a/b/blobs/uploads/'), { kind: 'upload-start', repo: 'a/b' });
  assert.equal(parseRoute('/v2/a/b/blobs/uploads'), { kind: 'upload-start', repo: 'a/b' });
  assert.equal(parseRoute('/v2/a/b/blobs/uploads/u-1'), { kind: 'upload', repo: 'a/b', id: 'u-1' });
});

parse('repository components named like endpoints', () => {
  assert.equal(parseRoute('/v2/x/manifests/y/manifests/v1'), { kind: 'manifest', repo: 'x/manifests/y', reference: 'v1' });
  assert.equal(parseRoute(`/v2/blobs/blobs/${D}`), { kind: 'blob', repo: 'blobs', digest: D });
  assert.equal(parseRoute('/v2/tags/list/tags/list'), { kind: 'tags', repo: 'tags/list' });
});

parse('anything else', () => {
  for (const path of ['/', '/v1/', '/v2/a', '/v2/a/manifests/', '/v2/a/blobs/']) {
    assert.equal(parseRoute(path), { kind: 'other' }, path);
  }
});

parse.run();

const decode = suite('decodePath');

decode('strips the query and percent-decodes', () => {
  assert.is(decodePath('/v2/a/manifests/sha256%3Aab?x=1'), '/v2/a/manifests/sha256:ab');
  assert.is(decodePath('/v2/%E0%A4%A'), undefined);
});

decode.run();

const describe = suite('describeRequest');

describe('kind, repository, reference and write flag', () => {
  const ctx = { clientRegion: 'eu' };
  assert.equal(describeRequest('PATCH', '/p', { kind: 'upload', repo: 'r', id: 'u' }, ctx), {
    method: 'PATCH', path: '/p', clientRegion: 'eu', isWrite: true, kind: 'upload', repo: 'r', reference: 'u',
  });
  assert.equal(describeRequest('GET', '/p', { kind: 'blob', repo: 'r', digest: D }, ctx).reference, D);
  assert.equal(describeRequest('POST', '/p', { kind: 'upload-start', repo: 'r' }, ctx).kind, 'upload');
  assert.is(describeRequest('GET', '/v2/', { kind: 'ping' }, ctx).isWrite, false);
});

describe.run();
