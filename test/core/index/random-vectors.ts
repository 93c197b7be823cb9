// Seeded random vectors for index tests: low-rank data (a few latent directions projected up, plus noise) is
// closer to real sentence embeddings than isotropic noise, and harder for HNSW.
import { seededRandom } from '../../../src/core/util/prng';

/** The project's seeded PRNG, so every run sees the same data. */
export const rng = seededRandom;

/** Standard normal draws (Box–Muller). */
export function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Scales `v` to unit length in place and returns it. */
export function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * inv;
  return v;
}

/** `n` unit vectors of `dims` dims from `latent` latent dims through a fixed random projection, plus noise. */
export function lowRankVectors(n: number, dims: number, latent: number, noise: number, seed: number): Float32Array[] {
  const g = gaussian(rng(seed));
  const proj = Array.from({ length: latent }, () => Float32Array.from({ length: dims }, g));
  const out: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const v = new Float32Array(dims);
    for (let l = 0; l < latent; l++) {
      const z = g();
      const p = proj[l]!;
      for (let d = 0; d < dims; d++) v[d] = v[d]! + z * p[d]!;
    }
    const scale = Math.sqrt(latent) * noise;
    for (let d = 0; d < dims; d++) v[d] = v[d]! + g() * scale;
    out.push(unit(v));
  }
  return out;
}

/** Cosine of two vectors. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
