import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { asChunks, assertDigest, assertRepo, assertTag, byCodeUnit, checkRange, isStoreError } from '../../src/lab/store.ts';

const range = suite('checkRange');
range('whole blob, clamped ends, refusals', () => {
  assert.equal(checkRange(undefined, 10), { start: 0, end: 9 });
  assert.equal(checkRange({ start: 2, end: 50 }, 10), { start: 2, end: 9 });
  assert.throws(() => checkRange({ start: 10, end: 12 }, 10), /outside/);
  assert.throws(() => checkRange({ start: 5, end: 4 }, 10), /outside/);
  assert.throws(() => checkRange({ start: -1, end: 4 }, 10), /outside/);
});
range.run();

const chunks = suite('asChunks');
chunks('bytes become one chunk; streams pass through', async () => {
  const seen: number[] = [];
  for await (const chunk of asChunks(new Uint8Array(3))) seen.push(chunk.byteLength);
  async function* two() {
    yield new Uint8Array(1);
    yield new Uint8Array(2);
  }
  for await (const chunk of asChunks(two())) seen.push(chunk.byteLength);
  assert.equal(seen, [3, 1, 2]);
});
chunks.run();

const asserts = suite('assertRepo / assertTag / assertDigest');
asserts('throw StoreErrors with a reason', () => {
  assert.throws(() => assertRepo('../x'), (e: unknown) => isStoreError(e, 'name-invalid'));
  assert.throws(() => assertTag('a/b'), (e: unknown) => isStoreError(e, 'name-invalid'));
  assert.throws(() => assertDigest('sha256:zz'), (e: unknown) => isStoreError(e, 'digest-invalid'));
  assertRepo('a/b');
  assertTag('v1');
  assertDigest(`sha256:${'0'.repeat(64)}`);
});
asserts.run();

const order = suite('byCodeUnit');
order('uppercase before lowercase, prefixes first', () => {
  assert.equal(['b', 'a/b', 'a', 'B'].sort(byCodeUnit), ['B', 'a', 'a/b', 'b']);
});
order.run();
