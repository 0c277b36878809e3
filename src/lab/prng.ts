/**
 * A small seeded pseudo-random generator for the lab (lag samples, fault
 * dice, event ids), so a lab run with the same seed makes the same choices.
 * sfc32 seeded through splitmix32: fast, 32-bit state words, good enough for
 * simulation (not for anything secret).
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1) (Box–Muller). */
  normal(): number;
  /** An independent generator derived from this one's seed and a label; does not consume this stream. */
  fork(label: string): Prng;
  /** 32 random hex digits, formatted like a UUID (not RFC 4122 random bits, just unique per stream). */
  uuid(): string;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a of a label, to mix names into seeds. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function createPrng(seed: number): Prng {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextU32();
  let spareNormal: number | undefined;
  const prng: Prng = {
    next: () => nextU32() / 4294967296,
    normal: () => {
      if (spareNormal !== undefined) {
        const z = spareNormal;
        spareNormal = undefined;
        return z;
      }
      let u = 0;
      while (u === 0) u = prng.next();
      const v = prng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork: (label: string) => createPrng((Math.imul(seed >>> 0, 0x9e3779b1) ^ hashLabel(label)) >>> 0),
    uuid: () => {
      const hex = Array.from({ length: 4 }, () => nextU32().toString(16).padStart(8, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    },
  };
  return prng;
}
