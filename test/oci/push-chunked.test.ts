import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startFakeRegistry, type FakeRegistry } from '../helpers/fake-registry.ts';
import { patternBytes, piecewiseBlobSource } from '../helpers/fake-image.ts';
import { sendEmpty } from '../helpers/fake-server.ts';
import { testClient } from '../helpers/test-client.ts';

const LAYER = 'application/vnd.oci.image.layer.v1.tar';
let reg: FakeRegistry;
const push = suite('uploadChunked (through pushBlob)');
push.before.each(async () => {
  reg = await startFakeRegistry();
});
push.after.each(async () => {
  await reg.close();
});

push('chunked: PATCHes with inclusive Content-Range, newest Location each time, empty final PUT', async () => {
  const bytes = patternBytes(25_000, 'chunks');
  const blob = piecewiseBlobSource(bytes, LAYER, 777);
  const { client } = testClient(reg.origin);
  try {
    const r = await client.pushBlob('app', blob, { mode: 'chunked', chunkSizeBytes: 10_000 });
    assert.is(r.outcome, 'uploaded');
    assert.is(r.chunks, 3);
    const patches = reg.requests.filter((q) => q.method === 'PATCH');
    assert.equal(patches.map((p) => p.headers['content-range']), ['0-9999', '10000-19999', '20000-24999']);
    assert.equal(patches.map((p) => p.headers['content-length']), ['10000', '10000', '5000']);
    assert.ok(patches.every((p) => p.headers['content-type'] === 'application/octet-stream'));
    const put = reg.requests.at(-1)!;
    assert.is(put.method, 'PUT');
    assert.is(put.body.length, 0);
    assert.is(put.headers['content-length'], '0');
    assert.ok((await reg.blobBytes(r.digest))?.equals(bytes));
    assert.equal(blob.opens, [0], 'one stream for the whole upload');
  } finally {
    await client.close();
  }
});

push('chunked: a 416 is recovered from the session status, resuming at N+1 from a reopened stream', async () => {
  const bytes = patternBytes(30_000, 'resume');
  const blob = piecewiseBlobSource(bytes, LAYER, 4096);
  let patches = 0;
  reg.intercept = (req, res) => {
    if (req.method !== 'PATCH' || ++patches !== 2) return false;
    sendEmpty(res, 416, { range: '0-4999' }); // refuse the second chunk; the session GET is what counts
    return true;
  };
  const { client } = testClient(reg.origin);
  try {
    const r = await client.pushBlob('app', blob, { mode: 'chunked', chunkSizeBytes: 10_000 });
    assert.is(r.rangeRecoveries, 1);
    const status = reg.requests.find((q) => q.method === 'GET');
    assert.ok(status, 'asked the session for its Range');
    const ranges = reg.requests.filter((q) => q.method === 'PATCH').map((p) => p.headers['content-range']);
    assert.equal(ranges, ['0-9999', '10000-19999', '10000-19999', '20000-29999']);
    assert.equal(blob.opens, [0, 10_000]);
    assert.ok((await reg.blobBytes(r.digest))?.equals(bytes));
  } finally {
    await client.close();
  }
});

push('chunked: OCI-Chunk-Min-Length raises the chunk size', async () => {
  reg.intercept = async (req, res) => {
    if (req.method !== 'POST') return false;
    reg.intercept = undefined;
    const upstream = await fetch(`${reg.origin}${req.url}`, { method: 'POST' });
    sendEmpty(res, 202, { location: upstream.headers.get('location') ?? '', 'oci-chunk-min-length': '20000' });
    return true;
  };
  const bytes = patternBytes(30_000, 'min');
  const { client } = testClient(reg.origin);
  try {
    await client.pushBlob('app', piecewiseBlobSource(bytes, LAYER), { mode: 'chunked', chunkSizeBytes: 1000 });
    const ranges = reg.requests.filter((q) => q.method === 'PATCH').map((p) => p.headers['content-range']);
    assert.equal(ranges, ['0-19999', '20000-29999']);
  } finally {
    await client.close();
  }
});

push('chunked: a refused chunk cancels the session at its newest Location', async () => {
  let patches = 0;
  reg.intercept = (req, res) => {
    if (req.method !== 'PATCH' || ++patches !== 2) return false;
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"code":"BLOB_UPLOAD_INVALID","message":"nope"}]}');
    return true;
  };
  const { client } = testClient(reg.origin);
  try {
    await client.pushBlob('app', piecewiseBlobSource(patternBytes(30_000, 'cancel'), LAYER), { mode: 'chunked', chunkSizeBytes: 10_000 });
    assert.unreachable();
  } catch (e) {
    assert.is((e as { ociCode?: string }).ociCode, 'BLOB_UPLOAD_INVALID');
    const del = reg.requests.at(-1)!;
    assert.is(del.method, 'DELETE');
    assert.is(del.url, reg.requests.filter((q) => q.method === 'PATCH').at(-1)!.url, 'same URL as the newest PATCH');
  } finally {
    await client.close();
  }
});
push.run();
