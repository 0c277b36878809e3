import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startAzurite } from '../../src/blob/azurite-process.ts';
import {
  blobError,
  blockIdOf,
  contentDigestOf,
  downloadBlob,
  orStatusByPolicy,
  orStatusOf,
  probeBlob,
  statusOf,
  uploadBlocks,
} from '../../src/blob/blob-ops.ts';
import { AbortedError, DigestMismatchError, UnreachableError } from '../../src/errors.ts';
import { RegistryError } from '../../src/oci/errors.ts';
import { bytesBlobSource } from '../../src/oci-spec/blob-source.ts';
import { startFakeStorage } from './fake-storage.ts';

const now = (): number => performance.now();
const part = (text: string) => bytesBlobSource(Buffer.from(text), 'sha256:unused', 'application/octet-stream');

const pure = suite('blockIdOf, contentDigestOf, statusOf, blobError');
pure('block IDs share one length; the content digest hashes the parts in order', async () => {
  assert.is(blockIdOf(0).length, blockIdOf(123_456).length);
  assert.is.not(blockIdOf(1), blockIdOf(2));
  const d = await contentDigestOf([part('hello '), part('world')]);
  assert.equal(d, { digest: 'sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9', sizeBytes: 11 });
});
pure('SDK failures become errors with stable codes, never a URL query', () => {
  assert.is(statusOf({ statusCode: 409 }), 409);
  assert.is(statusOf(new Error('x')), 0);
  const e = blobError({ statusCode: 403, code: 'AuthorizationFailure' }, 'HEAD', 'run/a/v1');
  assert.instance(e, RegistryError);
  assert.is(e.message, 'HEAD /run/a/v1 → 403: storage answered 403 AuthorizationFailure');
  assert.instance(blobError({ code: 'ECONNREFUSED' }, 'GET', 'x'), UnreachableError);
  const ac = new AbortController();
  ac.abort();
  assert.instance(blobError(new Error('x'), 'GET', 'x', ac.signal), AbortedError);
});
pure.run();

const status = suite('orStatusByPolicy');
status('a policy is complete when every rule is, failed when any is, else pending', () => {
  const s = orStatusByPolicy([
    { policyId: 'p1', rules: [{ ruleId: 'r1', replicationStatus: 'complete' }, { ruleId: 'r2', replicationStatus: 'complete' }] },
    { policyId: 'p2', rules: [{ ruleId: 'r1', replicationStatus: 'complete' }, { ruleId: 'r2', replicationStatus: 'failed' }] },
    { policyId: 'p3', rules: [] },
  ]);
  assert.equal([...s], [['p1', 'complete'], ['p2', 'failed'], ['p3', 'pending']]);
  assert.equal([...orStatusByPolicy(undefined)], []);
});
status.run();

const orOf = suite('orStatusOf');
orOf('reads the x-ms-or-POLICY_RULE headers of the source blob', async () => {
  const fake = await startFakeStorage(() => ({ status: 200, headers: { 'x-ms-or-pol1_rule1': 'complete', 'x-ms-or-pol2_rule1': 'failed' } }));
  try {
    assert.equal([...(await orStatusOf(fake.container, 'run/a/v1'))], [['pol1', 'complete'], ['pol2', 'failed']]);
    assert.equal(fake.requests, ['HEAD /acct/cont/run/a/v1']);
  } finally {
    await fake.close();
  }
});
orOf.run();

const live = suite('uploadBlocks, probeBlob, downloadBlob (azurite)');
live('upload commits the parts as one blob; probes say absent, then present; the download verifies', async () => {
  const az = await startAzurite();
  try {
    const container: ContainerClient = BlobServiceClient.fromConnectionString(az.connectionStringOf('devstoreaccount1')).getContainerClient('ops');
    await container.createIfNotExists();
    const absent = await probeBlob(container, 'run/a/v1', { now });
    assert.is(absent.kind, 'absent');
    assert.ok(absent.atMs >= absent.sentAtMs);
    const parts = [part('a'.repeat(1000)), part('b'.repeat(2000))];
    const r = await uploadBlocks(container, 'run/a/v1', parts, { now, concurrency: 2, metadata: { replbenchsha256: 'x' } });
    assert.ok(r.startedAtMs <= r.sentAtMs && r.sentAtMs <= r.committedAtMs);
    const present = await probeBlob(container, 'run/a/v1', { now });
    assert.equal([present.kind, present.kind === 'present' ? present.sizeBytes : -1], ['present', 3000]);
    assert.equal((await container.getBlobClient('run/a/v1').getProperties()).metadata, { replbenchsha256: 'x' });
    const digest = (await contentDigestOf(parts)).digest;
    const d = await downloadBlob(container, 'run/a/v1', { now, contentDigest: digest });
    assert.is(d.bytes, 3000);
    assert.ok(d.ttfbMs <= d.durationMs);
    try {
      await downloadBlob(container, 'run/a/v1', { now, contentDigest: 'sha256:00' });
      assert.unreachable('a wrong digest must fail');
    } catch (err: unknown) {
      assert.instance(err, DigestMismatchError);
    }
  } finally {
    await az.stop();
  }
});
live('a probe that gets no answer is an error with status 0; 503 is throttling', async () => {
  let n = 0;
  const fake = await startFakeStorage(() => ({ status: n++ === 0 ? 503 : 500 }));
  try {
    assert.is((await probeBlob(fake.container, 'x', { now })).kind, 'throttled');
    const e = await probeBlob(fake.container, 'x', { now });
    assert.equal([e.kind, e.status], ['error', 500]);
  } finally {
    await fake.close();
  }
  const gone = await probeBlob(fake.container, 'x', { now });
  assert.equal([gone.kind, gone.status], ['error', 0]);
});
live.run();
