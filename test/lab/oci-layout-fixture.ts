/**
 * Test fixture: a tiny OCI image layout on disk (oci-layout, index.json,
 * blobs/sha256/…) holding one image with a gzipped tar layer, for skopeo.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { digestHex, digestOf } from '../../src/lab/registry-names.ts';

export interface LayoutImage {
  readonly manifestDigest: string;
  readonly configDigest: string;
  readonly layerDigest: string;
}

/** A one-file ustar archive (header, content padded to 512, two zero blocks). */
export function tarOf(name: string, content: Uint8Array): Uint8Array {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value.slice(0, length), offset, 'ascii');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0');
  field(0, 100, name);
  field(100, 8, octal(0o644, 8));
  field(108, 8, octal(0, 8));
  field(116, 8, octal(0, 8));
  field(124, 12, octal(content.byteLength, 12));
  field(136, 12, octal(0, 12));
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 6, 'ustar');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, `${octal(sum, 7)}\0`);
  const padded = Buffer.alloc(Math.ceil(content.byteLength / 512) * 512);
  padded.set(content);
  return Buffer.concat([header, padded, Buffer.alloc(1024)]);
}

function writeBlob(dir: string, bytes: Uint8Array): string {
  const digest = digestOf(bytes);
  writeFileSync(join(dir, 'blobs', 'sha256', digestHex(digest)), bytes);
  return digest;
}

/** Writes the layout into `dir` with one image tagged `tag`. */
export function writeOciLayout(dir: string, tag: string, text = 'hello from replbench\n'): LayoutImage {
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const tar = tarOf('hello.txt', new TextEncoder().encode(text));
  const layer = gzipSync(tar);
  const layerDigest = writeBlob(dir, layer);
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: {},
    rootfs: { type: 'layers', diff_ids: [digestOf(tar)] },
  }));
  const configDigest = writeBlob(dir, config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.byteLength },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.byteLength }],
  }));
  const manifestDigest = writeBlob(dir, manifest);
  writeFileSync(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: manifestDigest,
      size: manifest.byteLength,
      annotations: { 'org.opencontainers.image.ref.name': tag },
    }],
  }));
  return { manifestDigest, configDigest, layerDigest };
}
