import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RegistryError } from '../../src/oci/errors.ts';
import { startFakeRegistry, type FakeRegistry } from '../helpers/fake-registry.ts';
import { patternBytes, piecewiseBlobSource, sha256 } from '../helpers/fake-image.ts';
import { sendEmpty, sendJson, startServer } from '../helpers/fake-server.ts';
import { testClient } from '../helpers/test-client.ts';

const LAYER = 'application/vnd.oci.image.layer.v1.tar';
let reg: FakeRegistry;
const push = suite('pushBlob');
push.before.each(async () => {
  reg = await startFakeRegistry();
});
push.after.each(async () => {
  await reg.close();
});
const methods = (): string[] => reg.requests.map((r) => `${r.method} ${new URL(r.url, 'http://x').pathname.replace(/uploads\/[^/?]+/, 'uploads/ID')}`);

push('monolithic: HEAD, POST, one PUT ?digest= with Content-Length and the streamed body', async () => {
  const bytes = patternBytes(50_000, 'mono');
  const blob = piecewiseBlobSource(bytes, LAYER);
  const { client } = testClient(reg.origin);
  try {
    const r = await client.pushBlob('team/app', blob, { mode: 'monolithic' });
    assert.is(r.outcome, 'uploaded');
    assert.is(r.digest, sha256(bytes));
    assert.is(r.sizeBytes, 50_000);
    assert.is(r.requests, 3);
    assert.equal(methods(), ['HEAD /v2/team/app/blobs/' + r.digest, 'POST /v2/team/app/blobs/uploads/', 'PUT /v2/team/app/blobs/uploads/ID']);
    const put = reg.requests[2]!;
    assert.is(put.headers['content-length'], '50000');
    assert.is(put.headers['content-type'], 'application/octet-stream');
    assert.match(put.url, /\?_state=[^&]+&digest=sha256%3A[0-9a-f]{64}$/);
    assert.ok((await reg.blobBytes(r.digest))?.equals(bytes));
  } finally {
    await client.close();
  }
});

push('skips a blob that HEAD finds; skipExisting: false uploads anyway', async () => {
  const bytes = patternBytes(1000, 'skip');
  const { client } = testClient(reg.origin);
  try {
    await client.pushBlob('app', piecewiseBlobSource(bytes, LAYER), { mode: 'monolithic' });
    const again = await client.pushBlob('app', piecewiseBlobSource(bytes, LAYER), { mode: 'monolithic' });
    assert.is(again.outcome, 'skipped');
    assert.is(again.requests, 1);
    const forced = await client.pushBlob('app', piecewiseBlobSource(bytes, LAYER), { mode: 'monolithic', skipExisting: false });
    assert.is(forced.outcome, 'uploaded');
    assert.is(forced.requests, 2);
  } finally {
    await client.close();
  }
});

push('mounts from another repository (201), or falls back to the 202 session', async () => {
  const known = patternBytes(2000, 'mount');
  const unknown = patternBytes(2000, 'not-there');
  const { client } = testClient(reg.origin);
  try {
    await client.pushBlob('src', piecewiseBlobSource(known, LAYER), { mode: 'monolithic' });
    const mounted = await client.pushBlob('dst', piecewiseBlobSource(known, LAYER), { mode: 'monolithic', mountFrom: 'src' });
    assert.is(mounted.outcome, 'mounted');
    const post = reg.requests.filter((q) => q.method === 'POST').at(-1)!;
    assert.is(post.url, `/v2/dst/blobs/uploads/?mount=${encodeURIComponent(mounted.digest)}&from=src`);
    const fallback = await client.pushBlob('dst', piecewiseBlobSource(unknown, LAYER), { mode: 'chunked', mountFrom: 'src' });
    assert.is(fallback.outcome, 'uploaded');
    assert.ok(await reg.store.repoHasBlob('dst', sha256(unknown)));
  } finally {
    await client.close();
  }
});

push('an absolute Location without query is used as is and gets ?digest=', async () => {
  reg.intercept = (req, res) => {
    if (req.method === 'POST') {
      sendEmpty(res, 202, { location: `${reg.origin}/upload-elsewhere/abc` });
      return true;
    }
    if (req.method === 'PUT' && req.url.startsWith('/upload-elsewhere/abc?digest=')) {
      sendEmpty(res, 201);
      return true;
    }
    return false;
  };
  const { client } = testClient(reg.origin);
  try {
    const r = await client.pushBlob('app', piecewiseBlobSource(patternBytes(10, 'abs'), LAYER), { mode: 'monolithic' });
    assert.is(r.outcome, 'uploaded');
  } finally {
    await client.close();
  }
});

push('a rejected upload is a RegistryError and the session is cancelled', async () => {
  reg.intercept = (req, res) => {
    if (req.method !== 'PUT') return false;
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"code":"DIGEST_INVALID","message":"digest invalid"}]}');
    return true;
  };
  const { client } = testClient(reg.origin);
  try {
    await client.pushBlob('app', piecewiseBlobSource(patternBytes(10, 'bad'), LAYER), { mode: 'monolithic' });
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof RegistryError && e.ociCode === 'DIGEST_INVALID' && e.status === 400, String(e));
    assert.not.match((e as Error).message, /_state/);
    assert.is(reg.requests.at(-1)!.method, 'DELETE');
  } finally {
    await client.close();
  }
});

push('zero-byte blobs push in both modes', async () => {
  const { client } = testClient(reg.origin);
  try {
    const empty = piecewiseBlobSource(new Uint8Array(), LAYER);
    assert.is((await client.pushBlob('a', empty, { mode: 'chunked' })).outcome, 'uploaded');
    assert.is((await client.pushBlob('b', empty, { mode: 'monolithic' })).outcome, 'uploaded');
  } finally {
    await client.close();
  }
});
push('behind Bearer auth, one token covers push on the target and pull on the mount source', async () => {
  const tokens = await startServer((_req, res) => sendJson(res, 200, { token: 'T', expires_in: 300 }));
  reg.intercept = (req, res) => {
    if (req.headers.authorization === 'Bearer T') return false;
    sendEmpty(res, 401, { 'www-authenticate': `Bearer realm="${tokens.origin}/token",service="fake"` });
    return true;
  };
  const { client } = testClient(reg.origin);
  try {
    const bytes = patternBytes(500, 'auth-mount');
    await client.pushBlob('src', piecewiseBlobSource(bytes, LAYER), { mode: 'monolithic' });
    const r = await client.pushBlob('dst', piecewiseBlobSource(bytes, LAYER), { mode: 'monolithic', mountFrom: 'src' });
    assert.is(r.outcome, 'mounted');
    const scopes = tokens.requests.map((q) => new URL(q.url, 'http://x').searchParams.getAll('scope'));
    assert.equal(scopes, [['repository:src:pull,push'], ['repository:dst:pull,push', 'repository:src:pull']]);
    assert.is(client.tokenFetches, 2);
  } finally {
    await client.close();
    await tokens.close();
  }
});
push.run();
