import { describe, expect, it } from 'vitest';
import { recallAtK } from '../../../src/core/index/recall';
import { ExactIndex } from '../../../src/core/index/exact-index';
import type { VectorHit, VectorIndex } from '../../../src/core/types';

/** A hand-written approximate index that returns fixed answers, to check the arithmetic. */
class FixedIndex implements VectorIndex {
  constructor(
    readonly dims: number,
    private readonly answers: VectorHit[][],
  ) {}
  private call = 0;
  size(): number {
    return 0;
  }
  upsert(): void {}
  remove(): void {}
  has(): boolean {
    return false;
  }
  search(_q: Float32Array, k: number): VectorHit[] {
    return (this.answers[this.call++] ?? []).slice(0, k);
  }
}

describe('recallAtK', () => {
  const exact = new ExactIndex(2);
  exact.upsert(1, Float32Array.of(1, 0));
  exact.upsert(2, Float32Array.of(0.9, 0.1));
  exact.upsert(3, Float32Array.of(0, 1));
  const q = Float32Array.of(1, 0);

  it('averages the share of the exact top-k found per query', () => {
    const hit = (label: number): VectorHit => ({ label, score: 0 });
    // Query 1 finds both true neighbours (1, 2); query 2 finds one of them; query 3 none.
    const approx = new FixedIndex(2, [[hit(2), hit(1)], [hit(1), hit(3)], [hit(3)]]);
    expect(recallAtK(approx, exact, [q, q, q], 2)).toBeCloseTo((1 + 0.5 + 0) / 3, 10);
  });

  it('is 1 for an index compared with itself, and rejects bad arguments', () => {
    expect(recallAtK(exact, exact, [q, Float32Array.of(0, 1)], 3)).toBe(1);
    expect(() => recallAtK(exact, exact, [q], 0)).toThrow(/^recall: k/);
    expect(() => recallAtK(new ExactIndex(3), exact, [q], 1)).toThrow(/^recall: dims differ/);
    expect(() => recallAtK(exact, exact, [], 1)).toThrow(/^recall: no query/);
  });
});
