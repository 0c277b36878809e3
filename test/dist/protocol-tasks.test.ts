import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { endpointSpecSchema, taskResultSchema, taskSchema } from '../../src/dist/protocol-tasks.ts';

const tasks = suite('taskSchema');

tasks('every task kind; unknown kinds and bad fields fail', () => {
  assert.ok(taskSchema.safeParse({ kind: 'rtt', endpoint: 'a' }).success);
  assert.ok(taskSchema.safeParse({ kind: 'pull', task: { endpoint: 'a', image: 'i', repo: 'r', reference: 'v1' } }).success);
  assert.ok(taskSchema.safeParse({ kind: 'load', task: { endpoint: 'a', kind: 'token-get', target: { repo: 'r', manifestDigest: 'm', blobDigest: 'b' }, ratePerSec: 5, connections: 1, durationMs: 1 } }).success);
  assert.not.ok(taskSchema.safeParse({ kind: 'load', task: { endpoint: 'a', kind: 'post', target: { repo: 'r', manifestDigest: 'm', blobDigest: 'b' }, ratePerSec: 5, connections: 1, durationMs: 1 } }).success);
  assert.not.ok(taskSchema.safeParse({ kind: 'load', task: { endpoint: 'a', kind: 'blob-get', target: { repo: 'r', manifestDigest: 'm', blobDigest: 'b' }, ratePerSec: 5, connections: 0, durationMs: 1 } }).success);
  assert.not.ok(taskSchema.safeParse({ kind: 'exec', command: 'rm' }).success);
});

tasks.run();

const results = suite('taskResultSchema');

results('watch results keep their outcome union', () => {
  assert.ok(taskResultSchema.safeParse({ kind: 'watch', result: { outcome: 'inconsistent', reason: 'tag-mismatch', detail: 'd', waitedMs: 1, probes: 1, throttled: 0, failed: 0 } }).success);
  assert.not.ok(taskResultSchema.safeParse({ kind: 'watch', result: { outcome: 'inconsistent', reason: 'other', detail: 'd', waitedMs: 1, probes: 1, throttled: 0, failed: 0 } }).success);
  assert.not.ok(taskResultSchema.safeParse({ kind: 'rtt', rtt: { minMs: -1, medianMs: 1, samplesMs: [] } }).success);
});

results('a pull result carries its redirected blobs to the runner (pull_redirect)', () => {
  const pulled = { outcome: 'pulled', worker: 'a', endpoint: 'b', image: 'i', phase: 'cold', startedAtMs: 1, durationMs: 10, ttfbMs: 2, bytes: 100 };
  const redirects = [{ redirectMs: 1.5, storageMs: 3, redirects: 1, storageHost: '127.0.0.1:7001' }];
  const parsed = taskResultSchema.safeParse({ kind: 'pull', results: [{ ...pulled, redirects }] });
  assert.ok(parsed.success);
  assert.equal(parsed.success && parsed.data.kind === 'pull' && parsed.data.results[0]?.outcome === 'pulled' ? parsed.data.results[0].redirects : undefined, redirects);
  assert.not.ok(taskResultSchema.safeParse({ kind: 'pull', results: [{ ...pulled, redirects: [{ ...redirects[0], redirectMs: -1 }] }] }).success);
});

results.run();

const endpoints = suite('endpointSpecSchema');

endpoints('an endpoint names its auth by reference only', () => {
  assert.ok(endpointSpecSchema.safeParse({ url: 'https://r.example.test', host: 'r.example.test', insecure: false, auth: { kind: 'bearer', tokenEnv: 'TOKEN' } }).success);
  assert.ok(endpointSpecSchema.safeParse({ url: 'https://r.example.test', host: 'r.example.test', insecure: false, auth: { kind: 'azure', tenant: null, aadScope: null } }).success);
  assert.not.ok(endpointSpecSchema.safeParse({ url: 'not a url', host: 'h', insecure: false, auth: { kind: 'anonymous' } }).success);
});

endpoints.run();
