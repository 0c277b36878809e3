import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDirectoryStore } from '../../src/lab/directory-store.ts';
import { digestOf } from '../../src/lab/registry-names.ts';
import { bytes, errorCode, pushBlob, startRegistry, withRegistry } from './registry-test-server.ts';

const hello = bytes('hello world');
const helloDigest = digestOf(hello);

async function startSession(url: string, repo: string): Promise<string> {
  const res = await fetch(`${url}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  assert.is(res.status, 202);
  const location = res.headers.get('location');
  assert.ok(location !== null);
  return new URL(location, url).toString();
}

const start = suite('handleUploadStart');

start('POST opens a session: 202, Location, Docker-Upload-UUID, Range 0-0', withRegistry(async ({ url }) => {
  const res = await fetch(`${url}/v2/lib/app/blobs/uploads/`, { method: 'POST' });
  assert.is(res.status, 202);
  const id = res.headers.get('docker-upload-uuid');
  assert.ok(id);
  assert.is(res.headers.get('location'), `/v2/lib/app/blobs/uploads/${id}`);
  assert.is(res.headers.get('range'), '0-0');
  assert.is(res.headers.get('content-length'), '0');
}));

start('POST ?digest= uploads in one request: 201, Location, digest; then the blob is served', withRegistry(async ({ url }) => {
  const res = await fetch(`${url}/v2/lib/app/blobs/uploads/?digest=${helloDigest}`, { method: 'POST', body: hello });
  assert.is(res.status, 201);
  assert.is(res.headers.get('location'), `/v2/lib/app/blobs/${helloDigest}`);
  assert.is(res.headers.get('docker-content-digest'), helloDigest);
  assert.is(await (await fetch(`${url}/v2/lib/app/blobs/${helloDigest}`)).text(), 'hello world');
}));

start('POST ?digest= with other bytes is 400 DIGEST_INVALID and stores nothing', withRegistry(async ({ url, store }) => {
  const res = await fetch(`${url}/v2/a/blobs/uploads/?digest=${helloDigest}`, { method: 'POST', body: bytes('nope') });
  assert.is(res.status, 400);
  assert.is(await errorCode(res), 'DIGEST_INVALID');
  assert.is(await store.blobStat(helloDigest), undefined);
  const malformed = await fetch(`${url}/v2/a/blobs/uploads/?digest=md5:abc`, { method: 'POST', body: hello });
  assert.is(malformed.status, 400);
}));

start('mount from a repository holding the blob is 201; otherwise 202 with a session', withRegistry(async ({ url, events }) => {
  await pushBlob(url, 'src/repo', hello);
  const mounted = await fetch(`${url}/v2/dst/blobs/uploads/?mount=${helloDigest}&from=src/repo`, { method: 'POST' });
  assert.is(mounted.status, 201);
  assert.is(mounted.headers.get('location'), `/v2/dst/blobs/${helloDigest}`);
  assert.is(mounted.headers.get('docker-content-digest'), helloDigest);
  assert.is((await fetch(`${url}/v2/dst/blobs/${helloDigest}`, { method: 'HEAD' })).status, 200);
  assert.equal(events.at(-1), { kind: 'blob', repo: 'dst', digest: helloDigest, sizeBytes: 11 });
  const other = digestOf(bytes('absent'));
  for (const query of [`mount=${other}&from=src/repo`, `mount=${helloDigest}&from=elsewhere`, `mount=${helloDigest}`]) {
    const res = await fetch(`${url}/v2/dst2/blobs/uploads/?${query}`, { method: 'POST' });
    assert.is(res.status, 202, query);
    assert.ok(res.headers.get('docker-upload-uuid'));
  }
}));

start.run();

const upload = suite('handleUpload');

upload('chunked PATCH with Content-Range, status GET, PUT ?digest= completes', withRegistry(async ({ url, store }) => {
  const location = await startSession(url, 'lib/app');
  const first = await fetch(location, { method: 'PATCH', headers: { 'Content-Range': '0-4' }, body: bytes('hello') });
  assert.is(first.status, 202);
  assert.is(first.headers.get('range'), '0-4');
  assert.is(first.headers.get('location'), new URL(location).pathname);
  const second = await fetch(location, { method: 'PATCH', headers: { 'Content-Range': '5-10' }, body: bytes(' world') });
  assert.is(second.headers.get('range'), '0-10');
  const status = await fetch(location);
  assert.is(status.status, 204);
  assert.is(status.headers.get('range'), '0-10');
  assert.ok(status.headers.get('docker-upload-uuid'));
  const done = await fetch(`${location}?digest=${helloDigest}`, { method: 'PUT' });
  assert.is(done.status, 201);
  assert.is(done.headers.get('location'), `/v2/lib/app/blobs/${helloDigest}`);
  assert.is(done.headers.get('docker-content-digest'), helloDigest);
  assert.is(await store.repoHasBlob('lib/app', helloDigest), true);
  assert.is((await fetch(location)).status, 404);
}));

upload('a chunk that does not start at the current size is 416 with the current Range', withRegistry(async ({ url }) => {
  const location = await startSession(url, 'a');
  await fetch(location, { method: 'PATCH', headers: { 'Content-Range': '0-4' }, body: bytes('hello') });
  const gap = await fetch(location, { method: 'PATCH', headers: { 'Content-Range': '7-8' }, body: bytes('xx') });
  assert.is(gap.status, 416);
  assert.is(gap.headers.get('range'), '0-4');
  assert.ok(gap.headers.get('location'));
  assert.is(await errorCode(gap), 'BLOB_UPLOAD_INVALID');
  const overlap = await fetch(location, { method: 'PATCH', headers: { 'Content-Range': '0-1' }, body: bytes('he') });
  assert.is(overlap.status, 416);
  const status = await fetch(location);
  assert.is(status.headers.get('range'), '0-4');
}));

upload('malformed or disagreeing Content-Range is 400 BLOB_UPLOAD_INVALID', withRegistry(async ({ url }) => {
  const location = await startSession(url, 'a');
  const malformed = await fetch(location, { method: 'PATCH', headers: { 'Content-Range': 'junk' }, body: bytes('x') });
  assert.is(malformed.status, 400);
  assert.is(await errorCode(malformed), 'BLOB_UPLOAD_INVALID');
  const disagree = await fetch(location, { method: 'PATCH', headers: { 'Content-Range': '0-9' }, body: bytes('x') });
  assert.is(disagree.status, 400);
}));

upload('streamed PATCH without Content-Range, final bytes in the PUT body', withRegistry(async ({ url }) => {
  const location = await startSession(url, 'a');
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes('hel'));
      controller.enqueue(bytes('lo'));
      controller.close();
    },
  });
  const patched = await fetch(location, { method: 'PATCH', body: stream, duplex: 'half' } as RequestInit);
  assert.is(patched.status, 202);
  assert.is(patched.headers.get('range'), '0-4');
  const done = await fetch(`${location}?digest=${helloDigest}`, { method: 'PUT', body: bytes(' world') });
  assert.is(done.status, 201);
  assert.is(await (await fetch(`${url}/v2/a/blobs/${helloDigest}`)).text(), 'hello world');
}));

upload('PUT with a wrong or missing digest is 400 DIGEST_INVALID', withRegistry(async ({ url }) => {
  const location = await startSession(url, 'a');
  await fetch(location, { method: 'PATCH', body: bytes('hello') });
  const missing = await fetch(location, { method: 'PUT' });
  assert.is(missing.status, 400);
  assert.is(await errorCode(missing), 'DIGEST_INVALID');
  const wrong = await fetch(`${location}?digest=${helloDigest}`, { method: 'PUT' });
  assert.is(wrong.status, 400);
  assert.is(await errorCode(wrong), 'DIGEST_INVALID');
}));

upload('DELETE cancels; unknown sessions and sessions of another repository are 404', withRegistry(async ({ url }) => {
  const location = await startSession(url, 'a');
  const id = location.split('/').at(-1);
  const elsewhere = await fetch(`${url}/v2/b/blobs/uploads/${id}`);
  assert.is(elsewhere.status, 404);
  assert.is(await errorCode(elsewhere), 'BLOB_UPLOAD_UNKNOWN');
  assert.is((await fetch(location, { method: 'DELETE' })).status, 204);
  const gone = await fetch(location, { method: 'PATCH', body: bytes('x') });
  assert.is(gone.status, 404);
  assert.is(await errorCode(gone), 'BLOB_UPLOAD_UNKNOWN');
  assert.is((await fetch(location, { method: 'DELETE' })).status, 404);
}));

upload('a client that drops mid-PATCH leaves the session usable', withRegistry(async ({ url, store }) => {
  const location = await startSession(url, 'a');
  const id = location.split('/').at(-1) ?? '';
  let sent = 0;
  const failing = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < 4) controller.enqueue(new Uint8Array(16 * 1024));
      else controller.error(new Error('client gave up'));
    },
  });
  try {
    await fetch(location, { method: 'PATCH', body: failing, duplex: 'half' } as RequestInit);
  } catch {
    // expected: the body stream failed
  }
  // Once the server has seen the drop, the session takes the next chunk at its current size.
  let resumed: Response | undefined;
  for (let attempt = 0; attempt < 100 && resumed?.status !== 202; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const sizeBytes = (await store.uploadSize(id)) ?? -1;
    const next = `${sizeBytes}-${sizeBytes}`;
    resumed = await fetch(location, { method: 'PATCH', headers: { 'Content-Range': next }, body: bytes('z') });
  }
  assert.is(resumed?.status, 202);
  assert.is((await fetch(location)).status, 204);
}));

upload.run();

const large = suite('handleUpload: large blobs');

large('16 MiB streams through PATCH into the directory store and back out', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'replbench-large-'));
  const registry = await startRegistry({ store: createDirectoryStore(dir) });
  try {
    const chunkBytes = 256 * 1024;
    const chunkCount = 64;
    const hash = createHash('sha256');
    let index = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (index === chunkCount) return controller.close();
        const chunk = new Uint8Array(chunkBytes).fill(index++ % 251);
        hash.update(chunk);
        controller.enqueue(chunk);
      },
    });
    const location = await startSession(registry.url, 'big');
    const patched = await fetch(location, { method: 'PATCH', body, duplex: 'half' } as RequestInit);
    assert.is(patched.headers.get('range'), `0-${chunkBytes * chunkCount - 1}`);
    const digest = `sha256:${hash.digest('hex')}`;
    assert.is((await fetch(`${location}?digest=${digest}`, { method: 'PUT' })).status, 201);
    const res = await fetch(`${registry.url}/v2/big/blobs/${digest}`);
    assert.is(res.headers.get('content-length'), String(chunkBytes * chunkCount));
    const back = createHash('sha256');
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) back.update(chunk);
    assert.is(`sha256:${back.digest('hex')}`, digest);
  } finally {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

large.run();
