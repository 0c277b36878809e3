import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pushScopes, uploadedBytes, withDigest } from '../../src/oci/upload.ts';

const D = `sha256:${'a'.repeat(64)}`;
const digest = suite('withDigest');
digest('appends digest= and keeps the existing query byte for byte', () => {
  const state = 'eyJOYW1lIjoiYXBwIn0%3D%2B%2F';
  assert.is(withDigest(new URL(`http://r/v2/app/blobs/uploads/1?_state=${state}`), D).href, `http://r/v2/app/blobs/uploads/1?_state=${state}&digest=sha256%3A${'a'.repeat(64)}`);
  assert.is(withDigest(new URL('https://r/up/1'), D).search, `?digest=sha256%3A${'a'.repeat(64)}`);
});
digest.run();

const range = suite('uploadedBytes');
range('Range 0-N (with or without bytes=) means N+1 bytes; 0-0 means a fresh session', () => {
  assert.is(uploadedBytes('0-9999'), 10_000);
  assert.is(uploadedBytes('bytes=0-4'), 5);
  assert.is(uploadedBytes('0-0'), 0);
  assert.is(uploadedBytes(undefined), undefined);
  assert.is(uploadedBytes('5-9'), undefined);
  assert.is(uploadedBytes('junk'), undefined);
});
range.run();

const scopes = suite('pushScopes');
scopes('pull,push on the target; pull on the mount source', () => {
  assert.equal(pushScopes('a'), ['repository:a:pull,push']);
  assert.equal(pushScopes('a', 'b'), ['repository:a:pull,push', 'repository:b:pull']);
  assert.equal(pushScopes('a', 'a'), ['repository:a:pull,push']);
});
scopes.run();
