/**
 * Test helper: a lab registry handler behind a plain http.createServer on
 * 127.0.0.1:0, plus small client calls for the setup steps of tests.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryStore } from '../../src/lab/memory-store.ts';
import { createRegistryHandler, type RegistryHooks, type WriteEvent } from '../../src/lab/registry-server.ts';
import { digestOf } from '../../src/lab/registry-names.ts';
import type { RegionStore } from '../../src/lab/store.ts';

export interface TestRegistry {
  readonly url: string;
  readonly store: RegionStore;
  readonly events: WriteEvent[];
  close(): Promise<void>;
}

export async function startRegistry(
  options: { hooks?: Omit<RegistryHooks, 'onWrite'>; store?: RegionStore } = {},
): Promise<TestRegistry> {
  const store = options.store ?? createMemoryStore();
  const events: WriteEvent[] = [];
  const handler = createRegistryHandler({
    region: 'test',
    store,
    hooks: { ...options.hooks, onWrite: (event) => events.push(event) },
  });
  const server = createServer((req, res) => handler(req, res, { clientRegion: 'test' }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    events,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

/** Starts a registry, runs the body, always closes it. */
export function withRegistry(
  body: (registry: TestRegistry) => Promise<void>,
  options: { hooks?: Omit<RegistryHooks, 'onWrite'>; store?: RegionStore } = {},
): () => Promise<void> {
  return async () => {
    const registry = await startRegistry(options);
    try {
      await body(registry);
    } finally {
      await registry.close();
    }
  };
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Monolithic upload; returns the digest. */
export async function pushBlob(url: string, repo: string, content: Uint8Array): Promise<string> {
  const digest = digestOf(content);
  const res = await fetch(`${url}/v2/${repo}/blobs/uploads/?digest=${digest}`, { method: 'POST', body: content });
  if (res.status !== 201) throw new Error(`blob push answered ${res.status}: ${await res.text()}`);
  return digest;
}

export interface PushedImage {
  readonly configDigest: string;
  readonly layerDigest: string;
  readonly manifest: Uint8Array;
  readonly manifestDigest: string;
}

/** An OCI image manifest for a config and one layer (not pushed). */
export function imageManifest(configDigest: string, configSize: number, layerDigest: string, layerSize: number) {
  return bytes(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: configSize },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layerSize }],
    }),
  );
}

/** Pushes a config, a layer and the manifest under `tag`. */
export async function pushImage(url: string, repo: string, tag: string, seed = 'x'): Promise<PushedImage> {
  const config = bytes(`{"seed":"${seed}"}`);
  const layer = bytes(`layer ${seed}`);
  const configDigest = await pushBlob(url, repo, config);
  const layerDigest = await pushBlob(url, repo, layer);
  const manifest = imageManifest(configDigest, config.byteLength, layerDigest, layer.byteLength);
  const res = await fetch(`${url}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
    body: manifest,
  });
  if (res.status !== 201) throw new Error(`manifest push answered ${res.status}: ${await res.text()}`);
  return { configDigest, layerDigest, manifest, manifestDigest: digestOf(manifest) };
}

/** The first error code of a spec error body. */
export async function errorCode(res: Response): Promise<string | undefined> {
  const body = (await res.json()) as { errors?: { code?: string }[] };
  return body.errors?.[0]?.code;
}
