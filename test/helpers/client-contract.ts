/**
 * The client contract: one uvu suite that proves RegistryClient against any
 * real OCI registry (docker-registry, the lab, a cloud registry). Content is
 * generated from a per-run nonce, so repeated runs against a registry that
 * keeps its data still upload rather than skip. Needs delete enabled.
 *
 *   clientContract('docker-registry', () => ({ url: reg.url, insecure: true }), { after: () => reg.stop() });
 *
 * The endpoint is read lazily (in `before`), so the caller may start the
 * registry in its own hook. Credentials come from the usual places
 * (REPLBENCH_* or Docker's config.json).
 */
import { randomBytes } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RegistryClient } from '../../src/oci/client.ts';
import { fakeImage, patternBytes, piecewiseBlobSource, type FakeImage } from './fake-image.ts';

const LAYER = 'application/vnd.oci.image.layer.v1.tar';

export interface ClientContractOptions {
  /** Runs after the suite closed its client (stop the registry here). */
  readonly after?: () => void | Promise<void>;
}

export function clientContract(name: string, endpoint: () => { url: string; insecure: boolean }, options: ClientContractOptions = {}): void {
  const test = suite(`client contract: ${name}`);
  const run = randomBytes(4).toString('hex');
  const repo = (label: string): string => `replbench-contract/${run}/${label}`;
  const image = (label: string, layerSizes?: number[]): FakeImage => fakeImage(`${run}/${label}`, layerSizes);
  let client: RegistryClient | undefined;
  const c = (): RegistryClient => {
    if (!client) throw new Error('client contract: the client was not created');
    return client;
  };

  test.before(() => {
    const { url, insecure } = endpoint();
    client = new RegistryClient({ endpoint: url, insecure, timeoutMs: 30_000 });
  });
  test.after(async () => {
    await client?.close();
    await options.after?.();
  });

  test('ping answers 200 (or 401 behind auth)', async () => {
    const r = await c().ping();
    assert.ok(r.ok, `GET /v2/ answered ${r.status}`);
    assert.ok(r.latencyMs >= 0);
  });

  test('push an image monolithic, then pull it by tag and by digest, verified', async () => {
    const img = image('mono');
    const r = await c().pushImage(repo('mono'), 'v1', img, { mode: 'monolithic', concurrency: 3 });
    assert.ok(r.blobs.every((b) => b.outcome === 'uploaded' && b.mode === 'monolithic'), JSON.stringify(r.blobs));
    assert.is(r.manifest.digest, img.manifest.digest);
    assert.is(r.manifest.status, 201);
    assert.ok(Number.isFinite(r.manifest.committedAtMs));
    const byTag = await c().pullImage(repo('mono'), 'v1', { concurrency: 3 });
    assert.is(byTag.manifest.digest, img.manifest.digest);
    assert.equal(byTag.blobs.map((b) => b.digest), [img.config.digest, ...img.layers.map((l) => l.digest)]);
    const byDigest = await c().pullManifest(repo('mono'), img.manifest.digest);
    assert.ok(Buffer.from(byDigest.bytes).equals(img.manifest.bytes));
    const layer = img.layers[1];
    if (!layer) throw new Error('fixture has two layers');
    const blob = await c().pullBlob(repo('mono'), { digest: layer.digest, size: layer.sizeBytes });
    assert.is(blob.sizeBytes, layer.sizeBytes);
    assert.is(blob.hops.at(-1)?.status, 200);
  });

  test('push an image chunked (several PATCHes per layer)', async () => {
    const img = image('chunked', [5_000, 300_000]);
    const r = await c().pushImage(repo('chunked'), 'v1', img, { mode: 'chunked', chunkSizeBytes: 64 * 1024, concurrency: 2 });
    assert.ok(r.blobs.every((b) => b.outcome === 'uploaded' && b.mode === 'chunked'));
    assert.ok((r.blobs.find((b) => b.sizeBytes === 300_000)?.chunks ?? 0) >= 5);
    const pulled = await c().pullImage(repo('chunked'), 'v1', { concurrency: 2 });
    assert.is(pulled.manifest.digest, img.manifest.digest);
  });

  test('probes: absent before, present after, for manifest and blob', async () => {
    const img = image('probe');
    const layer = img.layers[0];
    if (!layer) throw new Error('fixture has layers');
    const before = [await c().probeManifest(repo('probe'), img.manifest.digest), await c().probeManifest(repo('probe'), 'v1'), await c().probeBlob(repo('probe'), layer.digest)];
    assert.equal(before.map((p) => [p.kind, p.status]), [['absent', 404], ['absent', 404], ['absent', 404]]);
    await c().pushImage(repo('probe'), 'v1', img, { mode: 'monolithic', concurrency: 2 });
    const manifest = await c().probeManifest(repo('probe'), 'v1');
    assert.ok(manifest.kind === 'present', JSON.stringify(manifest));
    assert.is(manifest.kind === 'present' ? manifest.digest : undefined, img.manifest.digest);
    const blob = await c().probeBlob(repo('probe'), layer.digest);
    assert.ok(blob.kind === 'present', JSON.stringify(blob));
    if (blob.kind === 'present' && blob.status === 200) assert.is(blob.sizeBytes, layer.sizeBytes);
  });

  test('mount across repositories; skip a blob that exists', async () => {
    const bytes = patternBytes(40_000, `${run}/mount`);
    await c().pushBlob(repo('mount-src'), piecewiseBlobSource(bytes, LAYER), { mode: 'monolithic' });
    const mounted = await c().pushBlob(repo('mount-dst'), piecewiseBlobSource(bytes, LAYER), { mode: 'monolithic', mountFrom: repo('mount-src') });
    assert.is(mounted.outcome, 'mounted');
    assert.is((await c().probeBlob(repo('mount-dst'), mounted.digest)).kind, 'present');
    const skipped = await c().pushBlob(repo('mount-dst'), piecewiseBlobSource(bytes, LAYER), { mode: 'chunked' });
    assert.is(skipped.outcome, 'skipped');
    assert.is(skipped.requests, 1);
  });

  test('tag list paginates with n=2', async () => {
    const img = image('tags');
    const tags = ['a1', 'a2', 'a3', 'a4', 'a5'];
    await c().pushImage(repo('tags'), 'a0', img, { mode: 'monolithic', concurrency: 2 });
    for (const tag of tags) await c().pushManifest(repo('tags'), tag, img.manifest);
    const listed = await c().listTags(repo('tags'), { pageSize: 2 });
    assert.equal([...listed.tags].sort(), ['a0', ...tags]);
    assert.is(listed.truncated, false);
    // distribution 2.8 ignores n= on tags/list (pagination came in v3): one page holding every tag.
    const paginated = listed.pages >= 3;
    const ignoresN = listed.pages === 1 && listed.tags.length > 2;
    assert.ok(paginated || ignoresN, `${listed.pages} pages for ${listed.tags.length} tags at n=2`);
  });

  test('delete a manifest by digest, then it probes absent', async () => {
    const img = image('delete');
    await c().pushImage(repo('delete'), 'v1', img, { mode: 'monolithic', concurrency: 2 });
    const r = await c().deleteManifest(repo('delete'), img.manifest.digest);
    assert.is(r.status, 202);
    const after = await c().probeManifest(repo('delete'), img.manifest.digest);
    assert.is(after.kind, 'absent');
  });

  test.run();
}
