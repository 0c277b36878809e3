import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { sha256Digest, sha256DigestOfStream } from '../../src/workload/digest.ts';

const ABC = 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

async function* chunksOf(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield new TextEncoder().encode(p);
}

const bytes = suite('sha256Digest');
bytes('matches the FIPS 180-2 "abc" vector in OCI form', () => {
  assert.is(sha256Digest(new TextEncoder().encode('abc')), ABC);
});
bytes.run();

const stream = suite('sha256DigestOfStream');
stream('hashes chunks incrementally and counts bytes', async () => {
  assert.equal(await sha256DigestOfStream(chunksOf('a', '', 'bc'), { yieldEveryBytes: 1 }), { digest: ABC, sizeBytes: 3 });
});
stream('throws AbortedError when the signal has fired', async () => {
  const controller = new AbortController();
  controller.abort();
  try {
    await sha256DigestOfStream(chunksOf('abc'), { signal: controller.signal });
    assert.unreachable('should reject');
  } catch (err) {
    assert.instance(err, AbortedError);
  }
});
stream.run();
