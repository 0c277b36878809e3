import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCipheriv, createHash } from 'node:crypto';
import {
  addToCounter,
  BASE_IMAGE_INDEX,
  checkLayerId,
  CONTENT_CHUNK_BYTES,
  layerKey,
  layerRef,
  layerStream,
} from '../../src/workload/content.ts';
import type { LayerId } from '../../src/workload/content.ts';

const CHUNK = CONTENT_CHUNK_BYTES;
const id: LayerId = { seed: 'content', imageIndex: 3, layerIndex: 1 };

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; sizes: number[] }> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return { bytes: Buffer.concat(parts), sizes: parts.map((p) => p.byteLength) };
}

const stream = suite('layerStream');
stream('golden: 1 MiB of seed "golden", image 0, layer 0 has a pinned digest', async () => {
  // Recorded once; cross-checked with `openssl enc -aes-256-ctr` using the documented key/IV derivation.
  // A change here means every generated layer changed: bump the "v1" domain strings.
  const { bytes } = await collect(layerStream({ seed: 'golden', imageIndex: 0, layerIndex: 0 }, 1024 * 1024));
  const digest = createHash('sha256').update(bytes).digest('hex');
  assert.is(digest, '49ec8b6a80e03f8e2284af57188492a0e764e9e8e8d4544aae87f3d99328094e');
});
stream('same id → same bytes; 42 and "42" are the same seed', async () => {
  const a = await collect(layerStream(id, 70_000));
  const b = await collect(layerStream({ ...id }, 70_000));
  assert.ok(a.bytes.equals(b.bytes));
  const n = await collect(layerStream({ seed: 42, imageIndex: 0, layerIndex: 0 }, 1000));
  const s = await collect(layerStream({ seed: '42', imageIndex: 0, layerIndex: 0 }, 1000));
  assert.ok(n.bytes.equals(s.bytes));
});
stream('different seed, image or layer → different bytes', async () => {
  const base = (await collect(layerStream(id, 4096))).bytes;
  const variants: LayerId[] = [
    { ...id, seed: 'content2' },
    { ...id, imageIndex: 4 },
    { ...id, layerIndex: 2 },
    { ...id, imageIndex: BASE_IMAGE_INDEX },
    { seed: 'content', imageIndex: 31, layerIndex: 1 }, // no concatenation ambiguity with (3, 11)
  ];
  const seen = new Set([base.toString('hex')]);
  for (const v of variants) seen.add((await collect(layerStream(v, 4096))).bytes.toString('hex'));
  seen.add((await collect(layerStream({ seed: 'content', imageIndex: 3, layerIndex: 11 }, 4096))).bytes.toString('hex'));
  assert.is(seen.size, variants.length + 2);
});
stream('yields exactly sizeBytes in chunks of at most CONTENT_CHUNK_BYTES', async () => {
  const size = 2 * CHUNK + 12345;
  const { bytes, sizes } = await collect(layerStream(id, size));
  assert.is(bytes.byteLength, size);
  assert.equal(sizes, [CHUNK, CHUNK, 12345]);
});
stream('a shorter layer is a prefix of a longer one with the same id', async () => {
  const long = (await collect(layerStream(id, 50_000))).bytes;
  const short = (await collect(layerStream(id, 777))).bytes;
  assert.ok(long.subarray(0, 777).equals(short));
});
stream('stream(offset) equals the tail of stream(0) inside and across blocks and chunks', async () => {
  const size = 3 * CHUNK + 37;
  const full = (await collect(layerStream(id, size))).bytes;
  const offsets = [0, 1, 7, 15, 16, 17, 31, 32, 4095, 65_537, CHUNK - 16, CHUNK - 1, CHUNK, CHUNK + 1, CHUNK + 15, 2 * CHUNK + 7, size - 17, size - 1];
  for (const offset of offsets) {
    const { bytes, sizes } = await collect(layerStream(id, size, offset));
    assert.is(bytes.byteLength, size - offset, `length at offset ${offset}`);
    assert.ok(bytes.equals(full.subarray(offset)), `bytes at offset ${offset}`);
    for (const s of sizes) assert.ok(s > 0 && s <= CHUNK);
  }
});
stream('an offset at or past the end yields nothing; bad arguments reject', async () => {
  assert.is((await collect(layerStream(id, 100, 100))).bytes.byteLength, 0);
  assert.is((await collect(layerStream(id, 100, 500))).bytes.byteLength, 0);
  assert.is((await collect(layerStream(id, 0))).bytes.byteLength, 0);
  for (const [size, offset] of [
    [100, -1],
    [100, 1.5],
    [-1, 0],
  ] as const) {
    try {
      await collect(layerStream(id, size, offset));
      assert.unreachable('should reject');
    } catch (err) {
      assert.instance(err, RangeError);
    }
  }
});
stream.run();

const counter = suite('addToCounter');
counter('adds big-endian with carry and wraps at 2^128', () => {
  const hex = (s: string) => Buffer.from(s, 'hex');
  assert.is(addToCounter(hex('000000000000000000000000000000ff'), 1).toString('hex'), '00000000000000000000000000000100');
  assert.is(addToCounter(hex('00000000000000000000000000000000'), 2 ** 40 + 3).toString('hex'), '00000000000000000000010000000003');
  assert.is(addToCounter(hex('ffffffffffffffffffffffffffffffff'), 2).toString('hex'), '00000000000000000000000000000001');
  assert.is(addToCounter(hex('00000000000000ffffffffffffffffff'), 1).toString('hex'), '00000000000001000000000000000000');
});
counter("agrees with OpenSSL's AES-CTR counter, including the carry past 64 bits", () => {
  const key = Buffer.alloc(32, 9);
  for (const ivHex of ['00000000000000ffffffffffffffffff', 'ffffffffffffffffffffffffffffffff']) {
    const iv = Buffer.from(ivHex, 'hex');
    const three = createCipheriv('aes-256-ctr', key, iv).update(Buffer.alloc(48));
    const third = createCipheriv('aes-256-ctr', key, addToCounter(iv, 2)).update(Buffer.alloc(16));
    assert.ok(three.subarray(32).equals(third), ivHex);
  }
});
counter('does not modify its input', () => {
  const iv = Buffer.alloc(16);
  addToCounter(iv, 5);
  assert.ok(iv.equals(Buffer.alloc(16)));
});
counter.run();

const keys = suite('layerKey');
keys('derives a 32-byte key and 16-byte IV, stable and distinct per layer', () => {
  const a = layerKey(id);
  const b = layerKey({ ...id });
  const c = layerKey({ ...id, layerIndex: 9 });
  assert.is(a.key.byteLength, 32);
  assert.is(a.iv.byteLength, 16);
  assert.ok(a.key.equals(b.key) && a.iv.equals(b.iv));
  assert.not.ok(a.key.equals(c.key));
  assert.not.ok(a.iv.equals(c.iv));
});
keys.run();

const ref = suite('layerRef');
ref('is unambiguous JSON of (seed text, image, layer)', () => {
  assert.is(layerRef({ seed: 42, imageIndex: -1, layerIndex: 2 }), '["42",-1,2]');
});
ref.run();

const check = suite('checkLayerId');
check('accepts the base image index and rejects negatives or fractions', () => {
  checkLayerId({ seed: 's', imageIndex: BASE_IMAGE_INDEX, layerIndex: 0 });
  assert.throws(() => checkLayerId({ seed: 's', imageIndex: -2, layerIndex: 0 }), /imageIndex/);
  assert.throws(() => checkLayerId({ seed: 's', imageIndex: 0, layerIndex: 0.5 }), /layerIndex/);
});
check.run();
