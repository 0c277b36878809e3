/**
 * Test helpers for the lab's network side: push an image through raw HTTP
 * (monolithic blob uploads + manifest PUT), probe what a region serves, and
 * a few numeric helpers. Loopback only.
 */
import { createHash } from 'node:crypto';
import { request } from 'undici';
import { MediaType } from '../../src/oci-spec/media-types.ts';

export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export interface PushedImage {
  readonly digest: string;
  readonly manifest: Uint8Array;
  readonly blobs: readonly string[];
}

/** Builds an image manifest over a config and the given layers (bytes). */
export function imageOf(layers: readonly Uint8Array[], label = 'x'): { manifest: Uint8Array; blobs: Uint8Array[] } {
  const config = new TextEncoder().encode(JSON.stringify({ architecture: 'amd64', os: 'linux', label }));
  const desc = (b: Uint8Array, mediaType: string) => ({ mediaType, digest: sha256(b), size: b.byteLength });
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: desc(config, MediaType.ociConfig),
    layers: layers.map((l) => desc(l, MediaType.ociLayer)),
  };
  return { manifest: new TextEncoder().encode(JSON.stringify(manifest)), blobs: [config, ...layers] };
}

export async function pushBlob(baseUrl: string, repo: string, bytes: Uint8Array): Promise<number> {
  const res = await request(`${baseUrl}/v2/${repo}/blobs/uploads/?digest=${sha256(bytes)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) },
    body: bytes,
  });
  await res.body.dump();
  return res.statusCode;
}

export async function putManifest(baseUrl: string, repo: string, ref: string, manifest: Uint8Array): Promise<number> {
  const res = await request(`${baseUrl}/v2/${repo}/manifests/${ref}`, {
    method: 'PUT',
    headers: { 'content-type': MediaType.ociManifest },
    body: manifest,
  });
  await res.body.dump();
  return res.statusCode;
}

/** Pushes blobs then the manifest (by tag when given, else by digest); throws unless every step succeeds. */
export async function pushImage(baseUrl: string, repo: string, opts: { tag?: string; layers?: Uint8Array[]; label?: string } = {}): Promise<PushedImage> {
  const { manifest, blobs } = imageOf(opts.layers ?? [new TextEncoder().encode(`layer ${opts.label ?? 'x'}`)], opts.label);
  for (const b of blobs) {
    const status = await pushBlob(baseUrl, repo, b);
    if (status !== 201) throw new Error(`blob push answered ${status}`);
  }
  const digest = sha256(manifest);
  const status = await putManifest(baseUrl, repo, opts.tag ?? digest, manifest);
  if (status !== 201) throw new Error(`manifest push answered ${status}`);
  return { digest, manifest, blobs: blobs.map(sha256) };
}

export async function status(baseUrl: string, method: 'GET' | 'HEAD' | 'DELETE', path: string): Promise<number> {
  const res = await request(`${baseUrl}${path}`, {
    method,
    headers: { accept: [MediaType.ociManifest, MediaType.ociIndex].join(', ') },
  });
  await res.body.dump();
  return res.statusCode;
}

export async function getText(url: string): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  const res = await request(url);
  return { status: res.statusCode, text: await res.body.text(), headers: res.headers };
}

export function quantile(sorted: readonly number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i] as number;
}
