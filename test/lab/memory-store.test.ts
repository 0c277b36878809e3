import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createMemoryStore } from '../../src/lab/memory-store.ts';
import { digestOf } from '../../src/lab/registry-names.ts';
import { bytesOf, runStoreContract } from './store-contract.ts';

runStoreContract('createMemoryStore', async () => ({ store: createMemoryStore(), dispose: async () => {} }));

const own = suite('createMemoryStore: copies');

own('a stored blob does not change when the caller reuses its buffer', async () => {
  const store = createMemoryStore();
  const bytes = bytesOf('abc');
  const digest = digestOf(bytes);
  await store.blobPut(digest, bytes);
  bytes[0] = 0x7a;
  const parts: Uint8Array[] = [];
  for await (const chunk of store.blobRead(digest)) parts.push(chunk);
  assert.is(Buffer.concat(parts).toString(), 'abc');
});

own('a blob copied from another memory store shares its buffer (replicas keep no copy of their own)', async () => {
  const origin = createMemoryStore();
  const replica = createMemoryStore();
  const bytes = Buffer.alloc(600 * 1024, 7); // several read slices
  const digest = digestOf(bytes);
  await origin.blobPut(digest, bytes);
  await replica.blobPut(digest, origin.blobRead(digest));
  const first = async (s: ReturnType<typeof createMemoryStore>): Promise<Uint8Array> => {
    for await (const chunk of s.blobRead(digest)) return chunk;
    throw new Error('empty');
  };
  assert.ok((await first(replica)).buffer === (await first(origin)).buffer);
  bytes[0] = 1; // the caller's buffer was copied once, at the origin
  assert.is((await first(replica))[0], 7);
});

own('a small blob gets a buffer of its own, never a slice of the shared pool a long run would keep alive', async () => {
  const origin = createMemoryStore();
  const replica = createMemoryStore();
  const bytes = Buffer.from('{"architecture":"amd64","os":"linux"}'); // a pool slice, as small configs are
  assert.ok(bytes.buffer.byteLength > bytes.byteLength);
  const digest = digestOf(bytes);
  await origin.blobPut(
    digest,
    (async function* () {
      yield bytes.subarray(0, 10);
      yield bytes.subarray(10);
    })(),
  );
  await replica.blobPut(digest, origin.blobRead(digest));
  for (const s of [origin, replica]) {
    for await (const chunk of s.blobRead(digest)) {
      assert.is(chunk.buffer.byteLength, bytes.byteLength);
      assert.equal(Buffer.from(chunk), bytes);
    }
  }
});

own.run();
