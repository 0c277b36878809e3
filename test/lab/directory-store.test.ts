import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDirectoryStore } from '../../src/lab/directory-store.ts';
import { digestHex, digestOf } from '../../src/lab/registry-names.ts';
import { bytesOf, collect, runStoreContract } from './store-contract.ts';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'replbench-dirstore-'));
}

runStoreContract('createDirectoryStore', async () => {
  const dir = tempDir();
  return { store: createDirectoryStore(dir), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
});

const disk = suite('createDirectoryStore: on disk');

disk('blobs land as files and no temporary file is left', async () => {
  const dir = tempDir();
  try {
    const store = createDirectoryStore(dir);
    const bytes = bytesOf('layer bytes');
    const digest = digestOf(bytes);
    await store.blobPut(digest, bytes);
    assert.ok(existsSync(join(dir, 'blobs', 'sha256', digestHex(digest))));
    assert.equal(readdirSync(join(dir, 'tmp')), []);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

disk('concurrent writers of one blob and a mismatching writer are all safe', async () => {
  const dir = tempDir();
  try {
    const store = createDirectoryStore(dir);
    const chunk = new Uint8Array(64 * 1024).fill(7);
    const chunkCount = 16;
    const all = Buffer.concat(Array.from({ length: chunkCount }, () => chunk));
    const digest = digestOf(all);
    async function* slowly(): AsyncIterable<Uint8Array> {
      for (let i = 0; i < chunkCount; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        yield chunk;
      }
    }
    const results = await Promise.allSettled([
      store.blobPut(digest, slowly()),
      store.blobPut(digest, slowly()),
      store.blobPut(digest, slowly()),
      store.blobPut(digest, bytesOf('not it')),
    ]);
    assert.equal(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    assert.equal(await store.blobStat(digest), { sizeBytes: all.byteLength });
    assert.is(digestOf(Buffer.from(await collect(store.blobRead(digest)), 'utf8')), digest);
    assert.equal(readdirSync(join(dir, 'tmp')), []);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

disk('reopening keeps blobs, manifests and tags and drops upload sessions', async () => {
  const dir = tempDir();
  try {
    const first = createDirectoryStore(dir);
    const manifest = bytesOf('{"schemaVersion":2}');
    const digest = digestOf(manifest);
    await first.manifestPut('x/y', digest, 'application/vnd.oci.image.manifest.v1+json', manifest);
    await first.tagSet('x/y', 'latest', digest);
    const upload = await first.uploadCreate('x/y');
    const second = createDirectoryStore(dir);
    assert.is(await second.tagGet('x/y', 'latest'), digest);
    assert.is((await second.manifestGet('x/y', digest))?.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    assert.is(await second.uploadSize(upload), undefined);
    assert.equal(readdirSync(join(dir, 'uploads')), []);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

disk.run();
