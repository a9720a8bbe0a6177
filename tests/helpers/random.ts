/** Seeded randomness for simulated test data (the same numbers on every run). */

/** mulberry32: a small seeded PRNG; uniform on (0, 1), never exactly 0 or 1. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), with the U^{1/k} boost for shape < 1. */
export function gammaSampler(u: () => number): (shape: number) => number {
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const draw = (k: number): number => {
    if (k < 1) return draw(k + 1) * Math.pow(u(), 1 / k);
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = normal();
      const v0 = 1 + c * z;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      if (Math.log(u()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return draw;
}
