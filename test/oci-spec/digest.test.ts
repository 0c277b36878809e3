import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DigestMismatchError, ProtocolError, UsageError } from '../../src/errors.ts';
import { assertDigest, digestOf, DigestVerifier, isValidDigest, sha256Digest } from '../../src/oci-spec/digest.ts';

const EMPTY = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const ABC = 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

const hashing = suite('sha256Digest / digestOf');
hashing('known vectors', () => {
  assert.is(sha256Digest(new Uint8Array()), EMPTY);
  assert.is(sha256Digest(Buffer.from('abc')), ABC);
  assert.ok(digestOf(Buffer.from('abc'), 'sha512').startsWith('sha512:ddaf35a1'));
});
hashing.run();

const valid = suite('isValidDigest / assertDigest');
valid('accepts sha256/sha512 lowercase hex of the right length and other well-formed algorithms', () => {
  assert.ok(isValidDigest(ABC));
  assert.ok(isValidDigest(`sha512:${'0'.repeat(128)}`));
  assert.ok(isValidDigest('multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8'));
});
valid('rejects malformed digests', () => {
  for (const bad of ['', 'sha256', 'sha256:', `sha256:${'A'.repeat(64)}`, `sha256:${'a'.repeat(63)}`, `SHA256:${'a'.repeat(64)}`, 'sha256:xyz', `sha512:${'a'.repeat(64)}`]) {
    assert.not.ok(isValidDigest(bad), bad);
  }
  assert.throws(() => assertDigest('nope', 'layer digest'), (e: unknown) => e instanceof UsageError && /layer digest "nope"/.test(e.message));
});
valid.run();

const verifier = suite('DigestVerifier');
verifier('hashes chunks as they stream and verifies', () => {
  const v = new DigestVerifier(ABC);
  for (const ch of ['a', 'b', 'c']) v.update(Buffer.from(ch));
  assert.is(v.sizeBytes, 3);
  assert.is(v.verify('blob'), ABC);
  assert.is(v.digest(), ABC);
});
verifier('a mismatch is a DigestMismatchError naming what', () => {
  const v = new DigestVerifier(ABC);
  v.update(Buffer.from('abd'));
  assert.throws(() => v.verify('layer x'), (e: unknown) => e instanceof DigestMismatchError && e.expected === ABC && /layer x/.test(e.message));
});
verifier('unsupported algorithms cannot be verified', () => {
  assert.throws(() => new DigestVerifier('md5:abc'), (e: unknown) => e instanceof ProtocolError);
});
verifier.run();
