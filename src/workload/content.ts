/**
 * Deterministic layer content. The bytes of layer (seed, imageIndex,
 * layerIndex) are the AES-256-CTR keystream under a key and IV derived from
 * that triple:
 *
 *   ref = JSON.stringify([seedText(seed), imageIndex, layerIndex])
 *   key = sha256("replbench/layer/v1/key\0" + ref)          (32 bytes)
 *   iv  = sha256("replbench/layer/v1/iv\0"  + ref)[0..16)   (16 bytes, a 128-bit big-endian counter)
 *
 * AES and SHA-256 are fixed standards, so the same seed yields the same bytes
 * on every machine and every Node.js release; the keystream is incompressible,
 * so no registry or link can shrink it. `layerStream` can start anywhere: it
 * starts the counter at block floor(offset / 16) and drops offset % 16 bytes,
 * which is what a resumed chunked upload needs. Output comes in chunks of at
 * most CONTENT_CHUNK_BYTES; the cipher's input is one shared zero buffer, and
 * no layer is ever held in memory whole.
 *
 * Changing anything here changes every digest: bump the "v1" in the domain
 * strings, and the golden digest in test/workload/content.test.ts.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { seedText } from './prng.ts';
import type { Seed } from './prng.ts';

/** Which generated layer: image `BASE_IMAGE_INDEX` holds the base layers every image of a seed shares. */
export interface LayerId {
  readonly seed: Seed;
  readonly imageIndex: number;
  readonly layerIndex: number;
}

/** The reserved image index of shared base layers (see image-plan.ts). Planned images use 0, 1, 2, … */
export const BASE_IMAGE_INDEX = -1;

/** Largest chunk layerStream yields. */
export const CONTENT_CHUNK_BYTES = 1024 * 1024;

const AES_BLOCK_BYTES = 16;
/** The cipher's only input: keystream XOR 0 = keystream. Read-only, shared by every stream. */
const ZEROS = new Uint8Array(CONTENT_CHUNK_BYTES);

/** Throws RangeError unless the ids are integers (image ≥ BASE_IMAGE_INDEX, layer ≥ 0). */
export function checkLayerId(id: LayerId): void {
  seedText(id.seed);
  if (!Number.isSafeInteger(id.imageIndex) || id.imageIndex < BASE_IMAGE_INDEX) {
    throw new RangeError(`layer imageIndex must be an integer ≥ ${BASE_IMAGE_INDEX}, got ${id.imageIndex}`);
  }
  if (!Number.isSafeInteger(id.layerIndex) || id.layerIndex < 0) {
    throw new RangeError(`layer layerIndex must be an integer ≥ 0, got ${id.layerIndex}`);
  }
}

/** The canonical, unambiguous text of a layer id (also the memo key prefix in layer.ts). */
export function layerRef(id: LayerId): string {
  return JSON.stringify([seedText(id.seed), id.imageIndex, id.layerIndex]);
}

/** The AES-256 key and initial counter block of a layer. */
export function layerKey(id: LayerId): { key: Buffer; iv: Buffer } {
  checkLayerId(id);
  const ref = layerRef(id);
  const key = createHash('sha256').update('replbench/layer/v1/key\0').update(ref, 'utf8').digest();
  const iv = createHash('sha256').update('replbench/layer/v1/iv\0').update(ref, 'utf8').digest().subarray(0, 16);
  return { key, iv: Buffer.from(iv) };
}

/**
 * Adds `blocks` to a 16-byte big-endian counter, wrapping at 2^128 as OpenSSL's
 * CTR mode does. Returns a new buffer.
 */
export function addToCounter(counter: Uint8Array, blocks: number): Buffer {
  if (counter.byteLength !== AES_BLOCK_BYTES) throw new RangeError('a CTR counter is 16 bytes');
  if (!Number.isSafeInteger(blocks) || blocks < 0) throw new RangeError(`block count must be an integer ≥ 0, got ${blocks}`);
  const out = Buffer.from(counter);
  let carry = blocks;
  for (let i = AES_BLOCK_BYTES - 1; i >= 0 && carry > 0; i--) {
    const sum = (out[i] as number) + (carry % 256);
    out[i] = sum & 0xff;
    carry = Math.floor(carry / 256) + (sum >> 8);
  }
  return out;
}

/**
 * Streams bytes [offsetBytes, sizeBytes) of a layer. An offset at or past the
 * end yields nothing. Each yielded chunk is a fresh buffer the caller may keep.
 */
export async function* layerStream(id: LayerId, sizeBytes: number, offsetBytes = 0): AsyncGenerator<Uint8Array, void, undefined> {
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 0) throw new RangeError(`layer size must be an integer ≥ 0, got ${sizeBytes}`);
  if (!Number.isSafeInteger(offsetBytes) || offsetBytes < 0) throw new RangeError(`stream offset must be an integer ≥ 0, got ${offsetBytes}`);
  const { key, iv } = layerKey(id);
  if (offsetBytes >= sizeBytes) return;
  const firstBlock = Math.floor(offsetBytes / AES_BLOCK_BYTES);
  const cipher = createCipheriv('aes-256-ctr', key, addToCounter(iv, firstBlock));
  let skip = offsetBytes - firstBlock * AES_BLOCK_BYTES;
  let remaining = sizeBytes - offsetBytes;
  while (remaining > 0) {
    const take = Math.min(CONTENT_CHUNK_BYTES - skip, remaining);
    const out = cipher.update(ZEROS.subarray(0, take + skip));
    yield skip === 0 ? out : out.subarray(skip);
    remaining -= take;
    skip = 0;
  }
}
