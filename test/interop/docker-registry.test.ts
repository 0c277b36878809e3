/**
 * The client against the real CNCF distribution registry (Debian docker-registry)
 * and the real skopeo: the contract suite, skopeo inspecting and copying what
 * replbench pushed, replbench pulling what skopeo pushed, and a second
 * docker-registry running as a pull-through proxy of the first.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RegistryClient } from '../../src/oci/index.ts';
import { planImage, resolveSizeDistribution, type ImagePlan } from '../../src/workload/index.ts';
import { clientContract } from '../helpers/client-contract.ts';
import { startDockerRegistry, type RunningRegistry } from '../helpers/docker-registry.ts';
import { writePlanLayout } from '../helpers/plan-layout.ts';
import { dockerRef, skopeo } from '../helpers/skopeo.ts';

let upstream: RunningRegistry | undefined;
let proxy: RunningRegistry | undefined;
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not set up`);
  return value;
}
const reg = (): RunningRegistry => must(upstream, 'docker-registry');

const setup = suite('docker-registry');
setup('starts on loopback and a second one as its pull-through proxy', async () => {
  upstream = await startDockerRegistry();
  proxy = await startDockerRegistry({ proxyOf: upstream.url });
  assert.match(upstream.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(proxy.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});
setup.run();

clientContract('docker-registry', () => ({ url: reg().url, insecure: true }));

const plan = (seed: string, repository: string): Promise<ImagePlan> =>
  planImage({ seed, imageIndex: 0, layerCount: 3, baseLayerCount: 1, sizes: resolveSizeDistribution('300KiB'), repository, tag: 'v1' });

const withSkopeo = suite('skopeo interop');
let client: RegistryClient | undefined;
withSkopeo.before(() => {
  client = new RegistryClient({ endpoint: reg().url, insecure: true });
});
withSkopeo.after(async () => {
  await client?.close();
});
const c = (): RegistryClient => must(client, 'the client');

withSkopeo('skopeo inspects what replbench pushed: same manifest, config and layer digests', async () => {
  const image = await plan('interop-a', 'interop/pushed');
  await c().pushImage(image.repository, image.tag, image, { mode: 'chunked', chunkSizeBytes: 100 * 1024, concurrency: 2 });
  const ref = dockerRef(reg().url, `${image.repository}:${image.tag}`);
  const inspect = JSON.parse(await skopeo(['inspect', '--tls-verify=false', ref])) as { Digest: string; Layers: string[] };
  assert.is(inspect.Digest, image.manifest.digest);
  assert.equal(inspect.Layers, image.layers.map((l) => l.digest));
  const raw = await skopeo(['inspect', '--tls-verify=false', '--raw', ref]);
  assert.is(raw, Buffer.from(image.manifest.bytes).toString('utf8'));
  const config = JSON.parse(await skopeo(['inspect', '--tls-verify=false', '--config', '--raw', ref])) as { rootfs: { diff_ids: string[] } };
  assert.equal(config.rootfs.diff_ids, image.layers.map((l) => l.digest));
});

withSkopeo('skopeo copies what replbench pushed; replbench pulls the copy, verified, same digests', async () => {
  const image = await plan('interop-a', 'interop/pushed');
  const from = dockerRef(reg().url, `${image.repository}:${image.tag}`);
  const to = dockerRef(reg().url, 'interop/copied:v1');
  await skopeo(['copy', '--src-tls-verify=false', '--dest-tls-verify=false', '--preserve-digests', from, to]);
  const pulled = await c().pullImage('interop/copied', 'v1', { concurrency: 2 });
  assert.is(pulled.manifest.digest, image.manifest.digest);
  assert.equal(pulled.blobs.map((b) => b.digest), [image.config.digest, ...image.layers.map((l) => l.digest)]);
});

withSkopeo('replbench pulls what skopeo pushed from an OCI layout', async () => {
  const image = await plan('interop-b', 'interop/from-skopeo');
  const dir = await mkdtemp(join(tmpdir(), 'replbench-layout-'));
  try {
    await writePlanLayout(dir, 'v1', image);
    await skopeo(['copy', '--dest-tls-verify=false', '--preserve-digests', `oci:${dir}:v1`, dockerRef(reg().url, 'interop/from-skopeo:v1')]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const probe = await c().probeManifest('interop/from-skopeo', 'v1');
  assert.is(probe.kind, 'present');
  const pulled = await c().pullImage('interop/from-skopeo', image.manifest.digest, { concurrency: 3 });
  assert.is(pulled.manifest.digest, image.manifest.digest);
  assert.is(pulled.totalBytes, image.totalBytes);
});
withSkopeo.run();

const throughProxy = suite('pull-through proxy (docker-registry proxy.remoteurl)');
throughProxy('an image pushed upstream is pulled, probed and verified through the proxy', async () => {
  const image = await plan('interop-proxy', 'interop/proxied');
  const up = new RegistryClient({ endpoint: reg().url, insecure: true });
  const via = new RegistryClient({ endpoint: must(proxy, 'the proxy').url, insecure: true });
  try {
    await up.pushImage(image.repository, image.tag, image, { mode: 'monolithic', concurrency: 2 });
    const before = await via.probeManifest(image.repository, image.manifest.digest);
    assert.is(before.kind, 'present');
    const byTag = await via.pullImage(image.repository, image.tag, { concurrency: 2 });
    assert.is(byTag.manifest.digest, image.manifest.digest);
    assert.is(byTag.totalBytes, image.totalBytes);
    for (const layer of image.layers) assert.is((await via.probeBlob(image.repository, layer.digest)).kind, 'present');
    const absent = await via.probeManifest(image.repository, 'no-such-tag');
    assert.is(absent.kind, 'absent');
  } finally {
    await Promise.all([up.close(), via.close()]);
  }
});
throughProxy.after(async () => {
  await Promise.all([proxy?.stop(), upstream?.stop()]);
});
throughProxy.run();
