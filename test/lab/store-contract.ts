/**
 * The RegionStore contract, run against every store (memory-store.test.ts,
 * directory-store.test.ts). Each suite opens a fresh store per test.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DigestMismatchError } from '../../src/errors.ts';
import { digestOf } from '../../src/lab/registry-names.ts';
import { isStoreError, type RegionStore } from '../../src/lab/store.ts';

export interface OpenedStore {
  readonly store: RegionStore;
  dispose(): Promise<void>;
}

const enc = new TextEncoder();

export function bytesOf(text: string): Uint8Array {
  return enc.encode(text);
}

export async function collect(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
}

async function* chunksOf(...texts: string[]): AsyncIterable<Uint8Array> {
  for (const text of texts) yield bytesOf(text);
}

async function rejects(promise: Promise<unknown>, check: (err: unknown) => boolean): Promise<void> {
  try {
    await promise;
  } catch (err) {
    assert.ok(check(err), `unexpected error ${String(err)}`);
    return;
  }
  assert.unreachable('expected a rejection');
}

function withStore(open: () => Promise<OpenedStore>, body: (store: RegionStore) => Promise<void>) {
  return async () => {
    const opened = await open();
    try {
      await body(opened.store);
    } finally {
      await opened.store.close();
      await opened.dispose();
    }
  };
}

export function runStoreContract(label: string, open: () => Promise<OpenedStore>): void {
  const hello = bytesOf('hello world');
  const helloDigest = digestOf(hello);

  const blobs = suite(`${label}: blobs`);
  blobs('blobPut then blobStat and blobRead, whole and ranged', withStore(open, async (store) => {
    await store.blobPut(helloDigest, chunksOf('hello', ' ', 'world'));
    assert.equal(await store.blobStat(helloDigest), { sizeBytes: 11 });
    assert.is(await collect(store.blobRead(helloDigest)), 'hello world');
    assert.is(await collect(store.blobRead(helloDigest, { start: 6, end: 10 })), 'world');
    assert.is(await collect(store.blobRead(helloDigest, { start: 6, end: 99 })), 'world');
  }));
  blobs('blobPut rejects bytes that do not hash to the digest, and stores nothing', withStore(open, async (store) => {
    await rejects(store.blobPut(helloDigest, bytesOf('hello')), (e) => e instanceof DigestMismatchError);
    assert.is(await store.blobStat(helloDigest), undefined);
  }));
  blobs('blobPut is idempotent and accepts sha512', withStore(open, async (store) => {
    await store.blobPut(helloDigest, hello);
    await store.blobPut(helloDigest, hello);
    const d512 = digestOf(hello, 'sha512');
    await store.blobPut(d512, hello);
    assert.is(await collect(store.blobRead(d512)), 'hello world');
  }));
  blobs('empty blobs are stored and read', withStore(open, async (store) => {
    const empty = digestOf(new Uint8Array(0));
    await store.blobPut(empty, new Uint8Array(0));
    assert.equal(await store.blobStat(empty), { sizeBytes: 0 });
    assert.is(await collect(store.blobRead(empty)), '');
  }));
  blobs('blobDelete removes bytes and links; reading a missing blob fails', withStore(open, async (store) => {
    await store.blobPut(helloDigest, hello);
    await store.repoLinkBlob('a/b', helloDigest);
    await store.blobDelete(helloDigest);
    assert.is(await store.blobStat(helloDigest), undefined);
    assert.is(await store.repoHasBlob('a/b', helloDigest), false);
    await store.blobPut(helloDigest, hello);
    assert.is(await store.repoHasBlob('a/b', helloDigest), false);
    await rejects(collect(store.blobRead(digestOf(bytesOf('x')))), (e) => isStoreError(e, 'blob-unknown'));
  }));
  blobs('malformed digests are refused', withStore(open, async (store) => {
    await rejects(store.blobPut('sha256:nothex', hello), (e) => isStoreError(e, 'digest-invalid'));
  }));
  blobs.run();

  const links = suite(`${label}: repository links`);
  links('repoLinkBlob, repoHasBlob, repoUnlinkBlob', withStore(open, async (store) => {
    await store.blobPut(helloDigest, hello);
    assert.is(await store.repoHasBlob('lib/x', helloDigest), false);
    await store.repoLinkBlob('lib/x', helloDigest);
    await store.repoLinkBlob('lib/y', helloDigest);
    assert.is(await store.repoHasBlob('lib/x', helloDigest), true);
    assert.is(await store.repoUnlinkBlob('lib/x', helloDigest), true);
    assert.is(await store.repoUnlinkBlob('lib/x', helloDigest), false);
    assert.is(await store.repoHasBlob('lib/x', helloDigest), false);
    assert.is(await store.repoHasBlob('lib/y', helloDigest), true);
  }));
  links('a link without bytes is not membership', withStore(open, async (store) => {
    await store.repoLinkBlob('lib/x', helloDigest);
    assert.is(await store.repoHasBlob('lib/x', helloDigest), false);
  }));
  links('invalid repository names are refused', withStore(open, async (store) => {
    await rejects(store.repoLinkBlob('../etc', helloDigest), (e) => isStoreError(e, 'name-invalid'));
    await rejects(store.repoLinkBlob('Upper', helloDigest), (e) => isStoreError(e, 'name-invalid'));
  }));
  links.run();

  const manifests = suite(`${label}: manifests and tags`);
  const manifest = bytesOf('{"schemaVersion":2}');
  const manifestDigest = digestOf(manifest);
  manifests('manifestPut/Get keeps bytes and media type', withStore(open, async (store) => {
    await store.manifestPut('a', manifestDigest, 'application/vnd.oci.image.manifest.v1+json', manifest);
    const got = await store.manifestGet('a', manifestDigest);
    assert.is(got?.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    assert.equal(Buffer.from(got?.bytes ?? []), Buffer.from(manifest));
    assert.is(await store.manifestGet('b', manifestDigest), undefined);
  }));
  manifests('manifestPut verifies the digest', withStore(open, async (store) => {
    await rejects(store.manifestPut('a', helloDigest, 'x/y', manifest), (e) => e instanceof DigestMismatchError);
  }));
  manifests('tags: set, get, list sorted, delete', withStore(open, async (store) => {
    await store.manifestPut('a', manifestDigest, 'x/y', manifest);
    for (const tag of ['v2', 'latest', 'V1', 'v10']) await store.tagSet('a', tag, manifestDigest);
    assert.is(await store.tagGet('a', 'v2'), manifestDigest);
    assert.equal(await store.tagList('a'), ['V1', 'latest', 'v10', 'v2']);
    await store.tagDelete('a', 'v2');
    await store.tagDelete('a', 'missing');
    assert.is(await store.tagGet('a', 'v2'), undefined);
    assert.equal(await store.tagList('nothing/here'), []);
  }));
  manifests('manifestDelete removes the manifest and the tags pointing at it', withStore(open, async (store) => {
    const other = bytesOf('{"schemaVersion":2,"x":1}');
    await store.manifestPut('a', manifestDigest, 'x/y', manifest);
    await store.manifestPut('a', digestOf(other), 'x/y', other);
    await store.tagSet('a', 'one', manifestDigest);
    await store.tagSet('a', 'two', digestOf(other));
    assert.is(await store.manifestDelete('a', manifestDigest), true);
    assert.is(await store.manifestDelete('a', manifestDigest), false);
    assert.equal(await store.tagList('a'), ['two']);
  }));
  manifests('repositories lists every repository, nested names included', withStore(open, async (store) => {
    await store.blobPut(helloDigest, hello);
    await store.repoLinkBlob('b/c/d', helloDigest);
    await store.manifestPut('b', manifestDigest, 'x/y', manifest);
    await store.tagSet('a_1', 't', manifestDigest);
    assert.equal(await store.repositories(), ['a_1', 'b', 'b/c/d']);
  }));
  manifests.run();

  const uploads = suite(`${label}: upload sessions`);
  uploads('create, append in chunks, commit links the repository', withStore(open, async (store) => {
    const id = await store.uploadCreate('lib/app');
    assert.equal(await store.uploadStat(id), { repo: 'lib/app', sizeBytes: 0 });
    assert.is(await store.uploadAppend(id, chunksOf('hello', ' '), 0), 6);
    assert.is(await store.uploadAppend(id, chunksOf('world')), 11);
    assert.is(await store.uploadSize(id), 11);
    assert.equal(await store.uploadCommit(id, helloDigest), { sizeBytes: 11 });
    assert.is(await store.uploadSize(id), undefined);
    assert.is(await store.repoHasBlob('lib/app', helloDigest), true);
    assert.is(await collect(store.blobRead(helloDigest)), 'hello world');
  }));
  uploads('an append at the wrong offset fails with the current size', withStore(open, async (store) => {
    const id = await store.uploadCreate('a');
    await store.uploadAppend(id, chunksOf('hello'));
    await rejects(store.uploadAppend(id, chunksOf('xx'), 3), (e) => isStoreError(e, 'upload-range') && e.sizeBytes === 5);
    assert.is(await store.uploadSize(id), 5);
  }));
  uploads('a commit with the wrong digest fails and cancels the session', withStore(open, async (store) => {
    const id = await store.uploadCreate('a');
    await store.uploadAppend(id, chunksOf('hello'));
    await rejects(store.uploadCommit(id, helloDigest), (e) => e instanceof DigestMismatchError);
    assert.is(await store.uploadSize(id), undefined);
    assert.is(await store.blobStat(helloDigest), undefined);
  }));
  uploads('sha512 commits are verified', withStore(open, async (store) => {
    const id = await store.uploadCreate('a');
    await store.uploadAppend(id, chunksOf('hello world'));
    await store.uploadCommit(id, digestOf(hello, 'sha512'));
    assert.is(await store.repoHasBlob('a', digestOf(hello, 'sha512')), true);
  }));
  uploads('a second append while one runs is busy', withStore(open, async (store) => {
    const id = await store.uploadCreate('a');
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = store.uploadAppend(id, (async function* () {
      yield bytesOf('ab');
      await gate;
      yield bytesOf('cd');
    })());
    await rejects(store.uploadAppend(id, chunksOf('zz')), (e) => isStoreError(e, 'upload-busy'));
    release();
    assert.is(await slow, 4);
  }));
  uploads('unknown and cancelled sessions', withStore(open, async (store) => {
    await rejects(store.uploadAppend('nope', chunksOf('x')), (e) => isStoreError(e, 'upload-unknown'));
    const id = await store.uploadCreate('a');
    await store.uploadCancel(id);
    assert.is(await store.uploadStat(id), undefined);
    await rejects(store.uploadCommit(id, helloDigest), (e) => isStoreError(e, 'upload-unknown'));
  }));
  uploads.run();
}
