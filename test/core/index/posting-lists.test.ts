// PostingLists stores a frequency in two bytes: one over MAX_TF is kept as MAX_TF (never wrapped around), whether
// appended to a tail, built in bulk or frozen into the base.
import { describe, expect, it } from 'vitest';
import { bulkPostings } from '../../../src/core/index/bulk-postings';
import type { FieldTerms } from '../../../src/core/index/lexical-terms';
import { MAX_TF, storedTf } from '../../../src/core/index/posting-arrays';
import { PostingLists } from '../../../src/core/index/posting-lists';

describe('posting frequencies', () => {
  it('are capped at MAX_TF, not wrapped, in a tail and after a freeze', () => {
    const lists = new PostingLists();
    lists.addLists(0, 2);
    for (const [s, tf] of [
      [0, 3],
      [1, MAX_TF + 7],
      [2, MAX_TF],
    ] as const) {
      lists.markLive(s);
      lists.append(0, s, tf);
    }
    lists.markLive(3);
    lists.append(1, 3, 1);
    const seen = (): number[] => [0, 1, 2].map((s) => lists.tf(0, s));
    expect(seen()).toEqual([3, MAX_TF, MAX_TF]);
    lists.freeze(2);
    expect(seen()).toEqual([3, MAX_TF, MAX_TF]);
    expect(storedTf(MAX_TF + 1)).toBe(MAX_TF);
    expect(storedTf(12)).toBe(12);
  });

  it('are capped in a bulk build', () => {
    const field = (tf: number): FieldTerms => ({ length: tf, terms: ['w'], tfs: [tf] });
    const built = bulkPostings(
      (visit) => {
        visit('a', [field(2)]);
        visit('b', [field(MAX_TF + 100)]);
      },
      { forEachTermId: (f, fn) => fn(0, f.tfs[0]!), count: () => 1 },
      1,
      [],
    );
    expect(Array.from(built.tfs)).toEqual([2, MAX_TF]);
  });
});
