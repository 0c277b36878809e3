/**
 * The one seeded generator core every random choice in replbench draws from:
 * sfc32 (a "small fast chaotic" generator: 128 bits of state, 32-bit output,
 * only 32-bit additions, xors and shifts, which JavaScript defines exactly, so
 * a stream is bit-identical on every machine), its first 12 outputs discarded.
 *
 * How the state is seeded is each user's business: the lab and compare's
 * bootstrap seed through splitmix32 from a 32-bit number (seededUint32), the
 * workload hashes its seed text with SHA-256 (src/workload/prng.ts). Names are
 * mixed into seeds with FNV-1a. Not for anything secret.
 * A leaf: imports nothing of replbench.
 */

/** A stream of uniform 32-bit unsigned integers. */
export type Uint32Stream = () => number;

/** sfc32 from four 32-bit state words (any integers; taken modulo 2^32), warmed up by 12 discarded outputs. */
export function sfc32(a0: number, b0: number, c0: number, d0: number): Uint32Stream {
  let a = a0 >>> 0;
  let b = b0 >>> 0;
  let c = c0 >>> 0;
  let d = d0 >>> 0;
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** splitmix32: a stream that spreads a 32-bit seed over state words. */
export function splitmix32(seed: number): Uint32Stream {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** sfc32 seeded through splitmix32 from a 32-bit seed. */
export function seededUint32(seed: number): Uint32Stream {
  const init = splitmix32(seed);
  const a = init();
  const b = init();
  const c = init();
  const d = init();
  return sfc32(a, b, c, d);
}

/** FNV-1a over the UTF-16 code units of `text`, from `basis` (FNV's offset basis unless given): a 32-bit unsigned integer. */
export function fnv1a(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
