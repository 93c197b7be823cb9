// Seeded random vectors for index tests: low-rank data (a few latent directions projected up, plus noise) is
// closer to real sentence embeddings than isotropic noise, and harder for HNSW.
import { normalSource, seededRandom } from '../../../src/core/util/prng';
import { lowRankUnitVectors } from '../../../src/bench/low-rank';

/** The project's seeded PRNG and normal draws, so every run sees the same data. */
export const rng = seededRandom;
export const gaussian = normalSource;

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
  return lowRankUnitVectors({ n, dims, latent, noise, seed });
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
