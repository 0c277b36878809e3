import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { accepts, parseReference } from '../../src/lab/registry-manifests.ts';
import { digestOf } from '../../src/lab/registry-names.ts';
import { bytes, errorCode, imageManifest, pushBlob, pushImage, withRegistry } from './registry-test-server.ts';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

function put(url: string, repo: string, reference: string, body: Uint8Array, contentType = OCI_MANIFEST) {
  return fetch(`${url}/v2/${repo}/manifests/${reference}`, {
    method: 'PUT',
    headers: { 'Content-Type': contentType },
    body,
  });
}

const acceptsSuite = suite('accepts');

acceptsSuite('lists, wildcards, parameters and absence', () => {
  assert.ok(accepts(undefined, OCI_MANIFEST));
  assert.ok(accepts('', OCI_MANIFEST));
  assert.ok(accepts(`${OCI_INDEX}, ${OCI_MANIFEST};q=0.5`, OCI_MANIFEST));
  assert.ok(accepts('*/*', OCI_MANIFEST));
  assert.ok(accepts('application/*', OCI_MANIFEST));
  assert.not.ok(accepts('application/vnd.docker.distribution.manifest.v2+json', OCI_MANIFEST));
});

acceptsSuite.run();

const reference = suite('parseReference');

reference('tags, digests and neither', () => {
  assert.equal(parseReference('v1.0'), { kind: 'tag', tag: 'v1.0' });
  const digest = digestOf(bytes('x'));
  assert.equal(parseReference(digest), { kind: 'digest', digest });
  assert.throws(() => parseReference('md5:abcd'), (e: { ociCode?: string }) => e.ociCode === 'DIGEST_INVALID');
  assert.throws(() => parseReference('.bad'), (e: { ociCode?: string }) => e.ociCode === 'MANIFEST_INVALID');
});

reference.run();

const manifest = suite('handleManifest');

manifest('PUT by tag: 201, Location, digest; GET and HEAD by tag and digest', withRegistry(async ({ url }) => {
  const config = bytes('{}');
  const layer = bytes('layer');
  const configDigest = await pushBlob(url, 'app', config);
  const layerDigest = await pushBlob(url, 'app', layer);
  const body = imageManifest(configDigest, 2, layerDigest, 5);
  const digest = digestOf(body);
  const res = await put(url, 'app', 'v1', body);
  assert.is(res.status, 201);
  assert.is(res.headers.get('location'), `/v2/app/manifests/${digest}`);
  assert.is(res.headers.get('docker-content-digest'), digest);
  for (const ref of ['v1', digest]) {
    for (const method of ['GET', 'HEAD']) {
      const got = await fetch(`${url}/v2/app/manifests/${ref}`, { method, headers: { Accept: OCI_MANIFEST } });
      assert.is(got.status, 200, `${method} ${ref}`);
      assert.is(got.headers.get('content-type'), OCI_MANIFEST);
      assert.is(got.headers.get('docker-content-digest'), digest);
      assert.is(got.headers.get('content-length'), String(body.byteLength));
      if (method === 'GET') assert.equal(new Uint8Array(await got.arrayBuffer()), body);
    }
  }
}));

manifest('PUT by digest must match the body', withRegistry(async ({ url }) => {
  const image = await pushImage(url, 'app', 'v1');
  assert.is((await put(url, 'app', image.manifestDigest, image.manifest)).status, 201);
  const wrong = await put(url, 'app', digestOf(bytes('other')), image.manifest);
  assert.is(wrong.status, 400);
  assert.is(await errorCode(wrong), 'DIGEST_INVALID');
}));

manifest('PUT referencing a blob the repository lacks is 400 MANIFEST_BLOB_UNKNOWN', withRegistry(async ({ url, store }) => {
  const configDigest = await pushBlob(url, 'app', bytes('{}'));
  await pushBlob(url, 'other', bytes('layer'));
  const body = imageManifest(configDigest, 2, digestOf(bytes('layer')), 5);
  const res = await put(url, 'app', 'v1', body);
  assert.is(res.status, 400);
  const errors = ((await res.json()) as { errors: { code: string; detail: unknown }[] }).errors;
  assert.is(errors[0]?.code, 'MANIFEST_BLOB_UNKNOWN');
  assert.equal(errors[0]?.detail, { digest: digestOf(bytes('layer')) });
  assert.is(await store.tagGet('app', 'v1'), undefined);
}));

manifest('an index needs its manifests in the repository', withRegistry(async ({ url }) => {
  const image = await pushImage(url, 'app', 'v1');
  const index = (digest: string) =>
    bytes(JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [{ mediaType: OCI_MANIFEST, digest, size: 10, platform: { os: 'linux', architecture: 'amd64' } }],
    }));
  const missing = await put(url, 'app', 'multi', index(digestOf(bytes('nope'))), OCI_INDEX);
  assert.is(missing.status, 400);
  assert.is(await errorCode(missing), 'MANIFEST_BLOB_UNKNOWN');
  const ok = await put(url, 'app', 'multi', index(image.manifestDigest), OCI_INDEX);
  assert.is(ok.status, 201);
  const got = await fetch(`${url}/v2/app/manifests/multi`);
  assert.is(got.headers.get('content-type'), OCI_INDEX);
}));

manifest('invalid manifests are 400 MANIFEST_INVALID', withRegistry(async ({ url }) => {
  const cases: [Uint8Array, string][] = [
    [bytes('not json'), OCI_MANIFEST],
    [bytes('{"schemaVersion":1}'), OCI_MANIFEST],
    [bytes(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] })), OCI_MANIFEST],
    [bytes(JSON.stringify({ schemaVersion: 2, config: { digest: 'x' }, layers: [] })), OCI_MANIFEST],
  ];
  for (const [body, type] of cases) {
    const res = await put(url, 'app', 'bad', body, type);
    assert.is(res.status, 400);
    assert.is(await errorCode(res), 'MANIFEST_INVALID');
  }
}));

manifest('GET by tag honours Accept; by digest always answers', withRegistry(async ({ url }) => {
  const image = await pushImage(url, 'app', 'v1');
  const docker = 'application/vnd.docker.distribution.manifest.v2+json';
  const byTag = await fetch(`${url}/v2/app/manifests/v1`, { headers: { Accept: docker } });
  assert.is(byTag.status, 404);
  assert.is(await errorCode(byTag), 'MANIFEST_UNKNOWN');
  const byDigest = await fetch(`${url}/v2/app/manifests/${image.manifestDigest}`, { headers: { Accept: docker } });
  assert.is(byDigest.status, 200);
  const both = await fetch(`${url}/v2/app/manifests/v1`, { headers: { Accept: `${docker}, ${OCI_MANIFEST}` } });
  assert.is(both.status, 200);
}));

manifest('DELETE by tag untags; by digest removes the manifest and its tags', withRegistry(async ({ url }) => {
  const image = await pushImage(url, 'app', 'v1');
  await put(url, 'app', 'v2', image.manifest);
  assert.is((await fetch(`${url}/v2/app/manifests/v1`, { method: 'DELETE' })).status, 202);
  assert.is((await fetch(`${url}/v2/app/manifests/v1`)).status, 404);
  assert.is((await fetch(`${url}/v2/app/manifests/v2`)).status, 200);
  assert.is((await fetch(`${url}/v2/app/manifests/${image.manifestDigest}`, { method: 'DELETE' })).status, 202);
  const gone = await fetch(`${url}/v2/app/manifests/${image.manifestDigest}`);
  assert.is(gone.status, 404);
  assert.is(await errorCode(gone), 'MANIFEST_UNKNOWN');
  assert.is((await fetch(`${url}/v2/app/manifests/v2`)).status, 404);
  assert.is((await fetch(`${url}/v2/app/manifests/v1`, { method: 'DELETE' })).status, 404);
}));

manifest('oversized manifests are refused with 413', withRegistry(async ({ url }) => {
  const big = new Uint8Array(4 * 1024 * 1024 + 1).fill(0x20);
  const res = await put(url, 'app', 'huge', big);
  assert.is(res.status, 413);
  assert.is(await errorCode(res), 'SIZE_INVALID');
}));

manifest.run();
