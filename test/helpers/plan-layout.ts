/**
 * Writes a planned image (config, layers streamed from the generator, manifest)
 * into an OCI image layout directory that `skopeo copy oci:DIR:TAG …` reads.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobSource } from '../../src/oci/index.ts';

export interface PlannedImage {
  readonly config: BlobSource;
  readonly layers: readonly BlobSource[];
  readonly manifest: { readonly bytes: Uint8Array; readonly mediaType: string; readonly digest: string };
}

export async function writePlanLayout(dir: string, tag: string, image: PlannedImage): Promise<void> {
  const blobDir = join(dir, 'blobs', 'sha256');
  await mkdir(blobDir, { recursive: true });
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  for (const blob of [image.config, ...image.layers]) {
    await pipeline(Readable.from(blob.stream()), createWriteStream(join(blobDir, hex(blob.digest))));
  }
  await writeFile(join(blobDir, hex(image.manifest.digest)), image.manifest.bytes);
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: image.manifest.mediaType,
        digest: image.manifest.digest,
        size: image.manifest.bytes.byteLength,
        annotations: { 'org.opencontainers.image.ref.name': tag },
      },
    ],
  };
  await writeFile(join(dir, 'index.json'), JSON.stringify(index));
}

function hex(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}
