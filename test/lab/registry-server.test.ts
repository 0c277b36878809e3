import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { LabRequestInfo } from '../../src/lab/registry-server.ts';
import { bytes, errorCode, pushBlob, pushImage, withRegistry } from './registry-test-server.ts';

const handler = suite('createRegistryHandler: routing');

handler('GET /v2/ answers 200 with the API version header', withRegistry(async ({ url }) => {
  for (const path of ['/v2/', '/v2']) {
    const res = await fetch(url + path);
    assert.is(res.status, 200);
    assert.is(res.headers.get('docker-distribution-api-version'), 'registry/2.0');
    assert.equal(await res.json(), {});
  }
}));

handler('repositories with slashes route to manifests, blobs and tags', withRegistry(async ({ url }) => {
  const image = await pushImage(url, 'a/b/c', 'v1');
  const manifest = await fetch(`${url}/v2/a/b/c/manifests/v1`);
  assert.is(manifest.status, 200);
  assert.is(manifest.headers.get('docker-content-digest'), image.manifestDigest);
  assert.is((await fetch(`${url}/v2/a/b/c/blobs/${image.layerDigest}`, { method: 'HEAD' })).status, 200);
  assert.is((await fetch(`${url}/v2/a/b/blobs/${image.layerDigest}`, { method: 'HEAD' })).status, 404);
  assert.equal(await (await fetch(`${url}/v2/a/b/c/tags/list`)).json(), { name: 'a/b/c', tags: ['v1'] });
}));

handler('unknown paths are 404, wrong methods 405 UNSUPPORTED with Allow', withRegistry(async ({ url }) => {
  const unknown = await fetch(`${url}/elsewhere`);
  assert.is(unknown.status, 404);
  assert.is(await errorCode(unknown), 'NOT_FOUND');
  const wrong = await fetch(`${url}/v2/a/tags/list`, { method: 'POST' });
  assert.is(wrong.status, 405);
  assert.is(wrong.headers.get('allow'), 'GET');
  assert.is(await errorCode(wrong), 'UNSUPPORTED');
}));

handler('invalid repository names are 400 NAME_INVALID', withRegistry(async ({ url }) => {
  for (const name of ['Upper/case', 'a//b', '-a', 'a/_b']) {
    const res = await fetch(`${url}/v2/${name}/tags/list`);
    assert.is(res.status, 400, name);
    assert.is(await errorCode(res), 'NAME_INVALID');
  }
}));

handler('error bodies follow the spec shape', withRegistry(async ({ url }) => {
  const res = await fetch(`${url}/v2/a/manifests/missing`);
  assert.is(res.status, 404);
  assert.is(res.headers.get('content-type'), 'application/json');
  const body = (await res.json()) as { errors: { code: string; message: string; detail: unknown }[] };
  assert.is(body.errors.length, 1);
  assert.is(body.errors[0]?.code, 'MANIFEST_UNKNOWN');
  assert.type(body.errors[0]?.message, 'string');
  assert.equal(body.errors[0]?.detail, { tag: 'missing' });
}));

handler.run();

const hooks = suite('createRegistryHandler: hooks');

hooks('intercept sees the request described and can answer 429 with Retry-After', async () => {
  const seen: LabRequestInfo[] = [];
  await withRegistry(async ({ url }) => {
    const res = await fetch(`${url}/v2/a/b/manifests/latest`, { method: 'HEAD' });
    assert.is(res.status, 429);
    assert.is(res.headers.get('retry-after'), '2');
    const get = await fetch(`${url}/v2/a/b/manifests/latest`);
    assert.is(await errorCode(get), 'TOOMANYREQUESTS');
  }, {
    hooks: {
      intercept(info) {
        seen.push(info);
        return { kind: 'respond', status: 429, headers: { 'Retry-After': '2' }, ociCode: 'TOOMANYREQUESTS', message: 'slow down' };
      },
    },
  })();
  assert.equal(seen[0], {
    method: 'HEAD',
    path: '/v2/a/b/manifests/latest',
    clientRegion: 'test',
    isWrite: false,
    kind: 'manifest',
    repo: 'a/b',
    reference: 'latest',
  });
});

hooks('intercept can answer 503 without a body, and pass other requests through', withRegistry(async ({ url }) => {
  const failed = await fetch(`${url}/v2/a/blobs/uploads/`, { method: 'POST' });
  assert.is(failed.status, 503);
  assert.is(await failed.text(), '');
  assert.is((await fetch(`${url}/v2/`)).status, 200);
}, {
  hooks: { intercept: (info) => (info.kind === 'upload' ? { kind: 'respond', status: 503 } : undefined) },
}));

hooks('intercept destroy drops the connection', withRegistry(async ({ url }) => {
  try {
    await fetch(`${url}/v2/`);
    assert.unreachable('expected the connection to drop');
  } catch (err) {
    assert.instance(err, TypeError);
  }
}, { hooks: { intercept: () => ({ kind: 'destroy' }) } }));

hooks('canWrite false refuses every write with 403 DENIED and allows reads', withRegistry(async ({ url, store }) => {
  const writes: [string, string][] = [
    ['POST', '/v2/ro/blobs/uploads/'],
    ['PUT', '/v2/ro/manifests/latest'],
    ['DELETE', '/v2/ro/manifests/latest'],
    ['PATCH', '/v2/ro/blobs/uploads/some-id'],
  ];
  for (const [method, path] of writes) {
    const res = await fetch(url + path, { method, body: method === 'DELETE' ? null : bytes('{}') });
    assert.is(res.status, 403, `${method} ${path}`);
    assert.is(await errorCode(res), 'DENIED');
  }
  assert.equal(await store.repositories(), []);
  assert.is((await fetch(`${url}/v2/ro/manifests/latest`)).status, 404);
  assert.is((await fetch(`${url}/v2/rw/blobs/uploads/`, { method: 'POST' })).status, 202);
}, { hooks: { canWrite: (repo) => repo !== 'ro' } }));

hooks('onWrite hears each committed write once, after the store holds it', withRegistry(async ({ url, events }) => {
  const image = await pushImage(url, 'app', 'v1');
  assert.equal(events.map((e) => e.kind), ['blob', 'blob', 'manifest']);
  assert.equal(events[2], {
    kind: 'manifest',
    repo: 'app',
    digest: image.manifestDigest,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    sizeBytes: image.manifest.byteLength,
    tag: 'v1',
  });
  await fetch(`${url}/v2/app/manifests/v1`, { method: 'DELETE' });
  await fetch(`${url}/v2/app/manifests/${image.manifestDigest}`, { method: 'DELETE' });
  assert.equal(events.slice(3), [
    { kind: 'delete-tag', repo: 'app', tag: 'v1' },
    { kind: 'delete-manifest', repo: 'app', digest: image.manifestDigest },
  ]);
  await pushBlob(url, 'app', bytes('again'));
  assert.is(events.length, 6);
}));

hooks.run();
