// A seeded PRNG: a made hash is the same for the same device every time (encode.ts), and a test hands
// one to the simulator so that its fault injection is reproducible (the same seed gives the same
// sequence of 429s, 503s and resets).

/** mulberry32: 32 bits of state, uniform in [0, 1), good enough for deciding faults. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
