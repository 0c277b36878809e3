import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bareMediaType, checkManifest } from '../../src/lab/registry-manifest-check.ts';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const OCI = 'application/vnd.oci.image.manifest.v1+json';
const INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER = 'application/vnd.docker.distribution.manifest.v2+json';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const desc = (digest: string, extra: Record<string, unknown> = {}) => ({ mediaType: 'x/y', digest, size: 3, ...extra });

const check = suite('checkManifest');

check('an image manifest lists its config and layers', () => {
  const result = checkManifest(json({ schemaVersion: 2, mediaType: OCI, config: desc(D1), layers: [desc(D2)] }), OCI);
  assert.equal(result, { ok: true, mediaType: OCI, blobDigests: [D1, D2], manifestDigests: [] });
});

check('the media type comes from Content-Type, else the body, else the shape', () => {
  const image = { schemaVersion: 2, config: desc(D1), layers: [] };
  assert.is((checkManifest(json(image), DOCKER) as { mediaType: string }).mediaType, DOCKER);
  assert.is((checkManifest(json({ ...image, mediaType: DOCKER }), 'application/json') as { mediaType: string }).mediaType, DOCKER);
  assert.is((checkManifest(json(image), undefined) as { mediaType: string }).mediaType, OCI);
  const index = { schemaVersion: 2, manifests: [desc(D1)] };
  assert.equal(checkManifest(json(index), undefined), { ok: true, mediaType: INDEX, blobDigests: [], manifestDigests: [D1] });
});

check('foreign layers with urls are not required', () => {
  const body = { schemaVersion: 2, config: desc(D1), layers: [desc(D2, { urls: ['https://example.invalid/l'] })] };
  assert.equal((checkManifest(json(body), OCI) as { blobDigests: readonly string[] }).blobDigests, [D1]);
});

check('refusals', () => {
  const bad = [
    [new TextEncoder().encode('{'), OCI],
    [json([]), OCI],
    [json({ schemaVersion: 1 }), OCI],
    [json({ schemaVersion: 2, mediaType: DOCKER, config: desc(D1), layers: [] }), OCI],
    [json({ schemaVersion: 2, config: desc('sha256:short'), layers: [] }), OCI],
    [json({ schemaVersion: 2, config: { ...desc(D1), size: -1 }, layers: [] }), OCI],
    [json({ schemaVersion: 2, config: desc(D1), layers: {} }), OCI],
    [json({ schemaVersion: 2, manifests: 'no' }), INDEX],
    [json({ schemaVersion: 2, layers: [] }), OCI],
  ] as const;
  for (const [body, type] of bad) assert.is(checkManifest(body, type).ok, false, new TextDecoder().decode(body));
});

check.run();

const bare = suite('bareMediaType');
bare('drops parameters and generic types', () => {
  assert.is(bareMediaType(`${OCI}; charset=utf-8`), OCI);
  assert.is(bareMediaType('Application/JSON'), undefined);
  assert.is(bareMediaType(undefined), undefined);
});
bare.run();
