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

own.run();
