import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseByteRange } from '../../src/lab/registry-blobs.ts';
import { createMemoryStore } from '../../src/lab/memory-store.ts';
import { digestOf } from '../../src/lab/registry-names.ts';
import { StoreError, type RegionStore } from '../../src/lab/store.ts';
import { bytes, errorCode, pushBlob, withRegistry } from './registry-test-server.ts';

/** A memory store whose blob reads fail as if the blob was deleted after its stat. */
function vanishingStore(): RegionStore {
  const base = createMemoryStore();
  return new Proxy(base, {
    get(target, key) {
      if (key === 'blobRead') {
        return async function* (): AsyncIterable<Uint8Array> {
          throw new StoreError('blob-unknown', 'gone');
        };
      }
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const range = suite('parseByteRange');

range('single ranges, open ends and suffixes', () => {
  assert.equal(parseByteRange('bytes=0-4', 10), { kind: 'partial', start: 0, end: 4 });
  assert.equal(parseByteRange('bytes=5-', 10), { kind: 'partial', start: 5, end: 9 });
  assert.equal(parseByteRange('bytes=5-100', 10), { kind: 'partial', start: 5, end: 9 });
  assert.equal(parseByteRange('bytes=-3', 10), { kind: 'partial', start: 7, end: 9 });
  assert.equal(parseByteRange('bytes=-30', 10), { kind: 'partial', start: 0, end: 9 });
});

range('absent, malformed and multi-range headers serve the whole blob', () => {
  for (const value of [undefined, 'items=0-1', 'bytes=0-1,4-5', 'bytes=5-2', 'bytes=-']) {
    assert.equal(parseByteRange(value, 10), { kind: 'whole' }, String(value));
  }
});

range('ranges past the end are unsatisfiable', () => {
  assert.equal(parseByteRange('bytes=10-', 10), { kind: 'unsatisfiable' });
  assert.equal(parseByteRange('bytes=-0', 10), { kind: 'unsatisfiable' });
  assert.equal(parseByteRange('bytes=0-0', 0), { kind: 'unsatisfiable' });
});

range.run();

const blob = suite('handleBlob');
const content = bytes('0123456789');
const digest = digestOf(content);

blob('HEAD and GET answer the digest, length and octet-stream type', withRegistry(async ({ url }) => {
  await pushBlob(url, 'a/b', content);
  for (const method of ['HEAD', 'GET']) {
    const res = await fetch(`${url}/v2/a/b/blobs/${digest}`, { method });
    assert.is(res.status, 200);
    assert.is(res.headers.get('docker-content-digest'), digest);
    assert.is(res.headers.get('content-length'), '10');
    assert.is(res.headers.get('content-type'), 'application/octet-stream');
    assert.is(res.headers.get('accept-ranges'), 'bytes');
    assert.is(await res.text(), method === 'GET' ? '0123456789' : '');
  }
}));

blob('Range reads answer 206 with Content-Range; past the end 416', withRegistry(async ({ url }) => {
  await pushBlob(url, 'a', content);
  const part = await fetch(`${url}/v2/a/blobs/${digest}`, { headers: { Range: 'bytes=2-5' } });
  assert.is(part.status, 206);
  assert.is(part.headers.get('content-range'), 'bytes 2-5/10');
  assert.is(part.headers.get('content-length'), '4');
  assert.is(await part.text(), '2345');
  const tail = await fetch(`${url}/v2/a/blobs/${digest}`, { headers: { Range: 'bytes=-3' } });
  assert.is(await tail.text(), '789');
  const head = await fetch(`${url}/v2/a/blobs/${digest}`, { method: 'HEAD', headers: { Range: 'bytes=8-' } });
  assert.is(head.status, 206);
  assert.is(head.headers.get('content-range'), 'bytes 8-9/10');
  const beyond = await fetch(`${url}/v2/a/blobs/${digest}`, { headers: { Range: 'bytes=10-' } });
  assert.is(beyond.status, 416);
  assert.is(beyond.headers.get('content-range'), 'bytes */10');
}));

blob('blobs of another repository, unknown and malformed digests', withRegistry(async ({ url }) => {
  await pushBlob(url, 'a', content);
  const other = await fetch(`${url}/v2/b/blobs/${digest}`);
  assert.is(other.status, 404);
  assert.is(await errorCode(other), 'BLOB_UNKNOWN');
  assert.is((await fetch(`${url}/v2/a/blobs/${digestOf(bytes('zz'))}`, { method: 'HEAD' })).status, 404);
  const malformed = await fetch(`${url}/v2/a/blobs/sha256:xyz`);
  assert.is(malformed.status, 400);
  assert.is(await errorCode(malformed), 'DIGEST_INVALID');
}));

blob('DELETE unlinks the blob from one repository only', withRegistry(async ({ url }) => {
  await pushBlob(url, 'a', content);
  await pushBlob(url, 'b', content);
  const deleted = await fetch(`${url}/v2/a/blobs/${digest}`, { method: 'DELETE' });
  assert.is(deleted.status, 202);
  assert.is((await fetch(`${url}/v2/a/blobs/${digest}`, { method: 'HEAD' })).status, 404);
  assert.is((await fetch(`${url}/v2/b/blobs/${digest}`, { method: 'HEAD' })).status, 200);
  const again = await fetch(`${url}/v2/a/blobs/${digest}`, { method: 'DELETE' });
  assert.is(again.status, 404);
  assert.is(await errorCode(again), 'BLOB_UNKNOWN');
}));

blob('an empty blob is served with length 0', withRegistry(async ({ url }) => {
  const empty = await pushBlob(url, 'a', new Uint8Array(0));
  const res = await fetch(`${url}/v2/a/blobs/${empty}`);
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-length'), '0');
  assert.is(await res.text(), '');
}));

blob('a blob deleted between its stat and its read is 404 BLOB_UNKNOWN', withRegistry(async ({ url }) => {
  await pushBlob(url, 'a', content);
  const res = await fetch(`${url}/v2/a/blobs/${digest}`);
  assert.is(res.status, 404);
  assert.is(await errorCode(res), 'BLOB_UNKNOWN');
}, { store: vanishingStore() }));

blob.run();
