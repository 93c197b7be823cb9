import { describe, expect, it } from 'vitest';
import { selectDiverse } from '../../../src/core/retrieval/mmr';
import type { RankedChunk } from '../../../src/core/retrieval/pack';
import { seededRandom } from '../../../src/core/util/prng';

/** MMR as first written: regex word sets, Jaccard by set lookups, every pair counted. */
function reference(candidates: readonly RankedChunk[], lambda: number): RankedChunk[] {
  if (lambda >= 1 || candidates.length < 2) return [...candidates];
  const pool = candidates.slice(0, 80);
  const sets = pool.map((c) => new Set(c.chunk.text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []));
  const jaccard = (a: Set<string>, b: Set<string>): number => {
    if (a.size === 0 || b.size === 0) return 0;
    let inter = 0;
    for (const w of a) if (b.has(w)) inter++;
    return inter / (a.size + b.size - inter);
  };
  const max = pool[0]!.score || 1;
  const maxSim = pool.map(() => 0);
  const taken = pool.map(() => false);
  const out: RankedChunk[] = [];
  for (let step = 0; step < pool.length; step++) {
    let bestI = -1;
    let bestV = -Infinity;
    pool.forEach((c, i) => {
      const v = lambda * (c.score / max) - (1 - lambda) * maxSim[i]!;
      if (!taken[i] && v > bestV) [bestV, bestI] = [v, i];
    });
    taken[bestI] = true;
    out.push(pool[bestI]!);
    pool.forEach((_, i) => {
      if (!taken[i]) maxSim[i] = Math.max(maxSim[i]!, jaccard(sets[i]!, sets[bestI]!));
    });
  }
  return out.concat(candidates.slice(80));
}

const WORDS = ['vault', 'note', 'link', 'graph', 'token', 'budget', 'ёлка', 'x', 'of', '2024', 'Index', 'chunk'];

describe('selectDiverse', () => {
  it('orders exactly as the plain MMR, on random pools of near-duplicates, empty texts and ties', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = seededRandom(seed * 977);
      const n = 1 + Math.floor(next() * 100);
      const list: RankedChunk[] = Array.from({ length: n }, (_, i) => {
        const len = Math.floor(next() * 12);
        const text = Array.from({ length: len }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
        const score = Math.round(next() * 8) / 8;
        const chunk = {
          id: `c${i}`,
          note: `N${i}.md`,
          title: `N${i}`,
          headingPath: [],
          text,
          tokens: 1,
          order: 0,
          startLine: 0,
          endLine: 0,
        };
        return { chunk, score, trace: { fused: score } };
      });
      list.sort((a, b) => b.score - a.score);
      for (const lambda of [0.5, 0.8, 1]) {
        const got = selectDiverse(list, lambda).map((r) => r.chunk.id);
        expect(got, `seed ${seed}, lambda ${lambda}`).toEqual(reference(list, lambda).map((r) => r.chunk.id));
      }
    }
  });
});
