import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fakeImage } from '../helpers/fake-image.ts';
import { startFakeRegistry, type FakeRegistry } from '../helpers/fake-registry.ts';
import { startHostileReplica, type ReplicaMode } from '../helpers/hostile-replica.ts';
import { sendEmpty } from '../helpers/fake-server.ts';
import { testClient } from '../helpers/test-client.ts';
import type { ConfirmResult } from '../../src/oci/confirm.ts';

const image = fakeImage('confirm');
const blobs = [image.config, ...image.layers];

async function withPushed<T>(fn: (reg: FakeRegistry) => Promise<T>): Promise<T> {
  const reg = await startFakeRegistry();
  const { client } = testClient(reg.origin);
  try {
    await client.pushImage('app', 'v1', image, { mode: 'monolithic', concurrency: 1 });
    return await fn(reg);
  } finally {
    await client.close();
    await reg.close();
  }
}

async function confirmAt(origin: string, opts: { headSizes?: ReadonlyMap<string, number>; manifestOnly?: boolean } = {}): Promise<ConfirmResult> {
  const { client } = testClient(origin, { maxRetries: 0 });
  try {
    return await client.confirmArtifact('app', image.manifest.digest, opts);
  } finally {
    await client.close();
  }
}

async function viaReplica(mode: ReplicaMode, opts: { headSizes?: ReadonlyMap<string, number> } = {}): Promise<ConfirmResult> {
  return withPushed(async (reg) => {
    const replica = await startHostileReplica(reg, mode);
    try {
      return await confirmAt(replica.origin, opts);
    } finally {
      await replica.close();
    }
  });
}

const confirm = suite('confirmArtifact');

confirm('content there: confirmed for 1 manifest GET + 1 Range GET per blob (206, or 200 when the range is ignored)', async () => {
  const ranged = await viaReplica('honest');
  assert.equal([ranged.kind, ranged.requests], ['confirmed', 1 + blobs.length]);
  if (ranged.kind === 'confirmed') assert.is(ranged.blobs, blobs.length);
  const ignored = await withPushed(async (reg) => {
    const replica = await startHostileReplica(reg, 'honest');
    replica.rules = [{ kind: 'blob', range: true, fault: { kind: 'no-ranges' } }];
    try {
      return await confirmAt(replica.origin);
    } finally {
      await replica.close();
    }
  });
  assert.equal([ignored.kind, ignored.requests], ['confirmed', 1 + blobs.length]);
});

confirm('every blob GET is a one-byte Range request', async () => {
  await withPushed(async (reg) => {
    const replica = await startHostileReplica(reg, 'honest');
    try {
      await confirmAt(replica.origin);
      const gets = replica.requests.filter((r) => r.method === 'GET' && r.url.includes('/blobs/'));
      assert.is(gets.length, blobs.length);
      assert.ok(gets.every((r) => r.headers.range === 'bytes=0-0'));
    } finally {
      await replica.close();
    }
  });
});

confirm('HEAD said present, GET answers 404: head-lies', async () => {
  const r = await viaReplica('head-lies');
  assert.is(r.kind, 'inconsistent');
  if (r.kind === 'inconsistent') {
    assert.is(r.reason, 'head-lies');
    assert.match(r.detail, /manifest sha256:[0-9a-f]{64}: HEAD answered present, GET answered 404/);
  }
  const blob404 = await withPushed(async (reg) => {
    reg.intercept = (req, res) => (req.method === 'GET' && req.url.includes(image.layers[1]?.digest ?? '?') ? (sendEmpty(res, 404), true) : false);
    return confirmAt(reg.origin);
  });
  assert.ok(blob404.kind === 'inconsistent' && blob404.reason === 'head-lies' && blob404.detail.startsWith(`blob ${image.layers[1]?.digest}`), JSON.stringify(blob404));
});

confirm('sizes that are not the descriptors: size-mismatch (HEAD sizes, a 206 total, a 200 length)', async () => {
  const head = await viaReplica('honest', { headSizes: new Map([[image.layers[0]?.digest ?? '', 1234]]) });
  assert.ok(head.kind === 'inconsistent' && head.reason === 'size-mismatch' && /HEAD said 1234 bytes, the manifest's descriptor 3000/.test(head.detail), JSON.stringify(head));
  const manifestHead = await viaReplica('honest', { headSizes: new Map([[image.manifest.digest, 1]]) });
  assert.ok(manifestHead.kind === 'inconsistent' && manifestHead.reason === 'size-mismatch', JSON.stringify(manifestHead));
  const total = await withPushed(async (reg) => {
    reg.intercept = (req, res) => (req.method === 'GET' && req.url.includes(image.layers[1]?.digest ?? '?') ? (res.writeHead(206, { 'content-range': 'bytes 0-0/1234', 'content-length': '1' }).end('x'), true) : false);
    return confirmAt(reg.origin);
  });
  assert.ok(total.kind === 'inconsistent' && total.reason === 'size-mismatch' && /serves 1234 bytes, the manifest's descriptor says 70000/.test(total.detail), JSON.stringify(total));
  const length = await withPushed(async (reg) => {
    reg.intercept = (req, res) => (req.method === 'GET' && req.url.includes(image.config.digest) ? (res.writeHead(200, { 'content-length': '3' }).end('abc'), true) : false);
    return confirmAt(reg.origin);
  });
  assert.ok(length.kind === 'inconsistent' && length.reason === 'size-mismatch', JSON.stringify(length));
});

confirm('a redirect loop, manifest bytes that are not the digest: blob-unreadable', async () => {
  const loop = await viaReplica('redirect-loop');
  assert.ok(loop.kind === 'inconsistent' && loop.reason === 'blob-unreadable' && /more than 5 redirects/.test(loop.detail), JSON.stringify(loop));
  const wrong = await withPushed(async (reg) => {
    reg.intercept = (req, res) => (req.method === 'GET' && req.url.includes('/manifests/') ? (res.writeHead(200, { 'content-type': image.manifest.mediaType }).end(fakeImage('other').manifest.bytes), true) : false);
    return confirmAt(reg.origin);
  });
  assert.ok(wrong.kind === 'inconsistent' && wrong.reason === 'blob-unreadable' && /expected sha256/.test(wrong.detail), JSON.stringify(wrong));
});

confirm('429, 5xx and no answer say nothing about the content: inconclusive, with Retry-After', async () => {
  const throttled = await withPushed(async (reg) => {
    reg.intercept = (req, res) => (req.method === 'GET' && req.url.includes('/blobs/') ? (sendEmpty(res, 429, { 'retry-after': '2' }), true) : false);
    return confirmAt(reg.origin);
  });
  assert.ok(throttled.kind === 'inconclusive' && throttled.status === 429 && throttled.retryAfterMs === 2000, JSON.stringify(throttled));
  const down = await withPushed(async (reg) => {
    reg.intercept = (req, res) => (req.method === 'GET' ? (sendEmpty(res, 503), true) : false);
    return confirmAt(reg.origin);
  });
  assert.ok(down.kind === 'inconclusive' && down.status === 503, JSON.stringify(down));
});

confirm('blobs named by the caller go out with the manifest GET: same requests, one round trip; a verdict still counts them', async () => {
  const named = await withPushed(async (reg) => {
    const replica = await startHostileReplica(reg, 'honest');
    try {
      const { client } = testClient(replica.origin, { maxRetries: 0 });
      try {
        const r = await client.confirmArtifact('app', image.manifest.digest, { blobs: blobs.map((b) => b.digest) });
        const blobGets = replica.requests.filter((q) => q.method === 'GET' && q.url.includes('/blobs/')).length;
        return { r, blobGets };
      } finally {
        await client.close();
      }
    } finally {
      await replica.close();
    }
  });
  assert.equal([named.r.kind, named.r.requests, named.blobGets], ['confirmed', 1 + blobs.length, blobs.length]);
  const lie = await withPushed(async (reg) => {
    const replica = await startHostileReplica(reg, 'head-lies');
    const { client } = testClient(replica.origin, { maxRetries: 0 });
    try {
      return await client.confirmArtifact('app', image.manifest.digest, { blobs: blobs.map((b) => b.digest) });
    } finally {
      await client.close();
      await replica.close();
    }
  });
  assert.equal([lie.kind, lie.requests], ['inconsistent', 1 + blobs.length]);
});

confirm('manifest only: one request, no blob checked', async () => {
  const r = await withPushed((reg) => confirmAt(reg.origin, { manifestOnly: true }));
  assert.equal([r.kind, r.requests], ['confirmed', 1]);
});

confirm.run();
