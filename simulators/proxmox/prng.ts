// Deterministic pseudo-random numbers for the simulated estate. Every entity gets its own
// stream derived from (seed, labels…) so that adding guests never reshuffles existing ones.

/** A seeded random stream with the handful of helpers the estate generator needs. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `bytes` random bytes as lower-case hex. */
  hex(bytes: number): string;
}

/** FNV-1a over the labels, mixed with the seed: a 32-bit stream id. */
function hashLabels(seed: number, labels: readonly (string | number)[]): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const label of labels) {
    const text = String(label);
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= 0x2f;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Creates a mulberry32 stream for `seed` and a path of labels, e.g. `rng(1, 'guest', 0, 104)`.
 * Same inputs, same sequence – the basis of the simulator's reproducibility.
 */
export function rng(seed: number, ...labels: (string | number)[]): Rng {
  let state = hashLabels(seed, labels);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    hex: (bytes) => {
      let out = '';
      for (let i = 0; i < bytes; i++)
        out += Math.floor(next() * 256)
          .toString(16)
          .padStart(2, '0');
      return out;
    },
  };
}

/** A uuid-shaped (version 4 layout) string from a stream, for token secrets, smbios and vmgenid. */
export function uuidFrom(r: Rng): string {
  const h = r.hex(16);
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
