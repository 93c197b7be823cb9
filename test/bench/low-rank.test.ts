import { describe, expect, it } from 'vitest';
import { lowRankUnitVectors, sampleIndices, seededRandom } from '../../src/bench/low-rank';

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('low-rank synthetic vectors', () => {
  it('gives unit vectors of the asked size, the same for the same seed', () => {
    const spec = { n: 50, dims: 32, latent: 4, noise: 0.3, seed: 7 };
    const a = lowRankUnitVectors(spec);
    const b = lowRankUnitVectors(spec);
    expect(a).toHaveLength(50);
    for (const v of a) {
      expect(v).toHaveLength(32);
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    }
    expect(a).toEqual(b);
    expect(lowRankUnitVectors({ ...spec, seed: 8 })[0]).not.toEqual(a[0]);
  });

  it('concentrates the vectors in a few directions (far from isotropic noise)', () => {
    // With 2 latent directions and little noise, typical |cosine| is large; isotropic 64-d vectors give ~0.1.
    const vs = lowRankUnitVectors({ n: 40, dims: 64, latent: 2, noise: 0.05, seed: 3 });
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < vs.length; i++)
      for (let j = i + 1; j < vs.length; j++, pairs++) sum += Math.abs(dot(vs[i]!, vs[j]!));
    expect(sum / pairs).toBeGreaterThan(0.4);
  });

  it('rejects a bad shape', () => {
    expect(() => lowRankUnitVectors({ n: 0, dims: 4, latent: 1, noise: 0, seed: 1 })).toThrow(/low-rank: n must be/);
    expect(() => lowRankUnitVectors({ n: 1, dims: 4, latent: 1, noise: -1, seed: 1 })).toThrow(/noise/);
  });

  it('samples distinct indices in range, all of them when asked for more', () => {
    const s = sampleIndices(100, 20, 5);
    expect(new Set(s).size).toBe(20);
    for (const i of s) expect(i >= 0 && i < 100).toBe(true);
    expect(sampleIndices(100, 20, 5)).toEqual(s);
    expect([...sampleIndices(5, 9, 1)].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(sampleIndices(0, 3, 1)).toEqual([]);
  });

  it('draws uniform floats in [0, 1)', () => {
    const r = seededRandom(1);
    for (let i = 0; i < 1000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});
