// Maximal marginal relevance (Carbonell & Goldstein 1998): pick the next chunk by relevance minus its overlap
// with what is already picked, so the budget is not spent on near-duplicates.
import type { RankedChunk } from './pack';

const POOL = 80;

// Chunks are immutable and shared across questions: their word sets are computed once.
const wordCache = new WeakMap<object, Set<string>>();

function words(chunk: RankedChunk['chunk']): Set<string> {
  let set = wordCache.get(chunk);
  if (!set) {
    set = new Set(chunk.text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);
    wordCache.set(chunk, set);
  }
  return set;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const w of small) if (large.has(w)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Re-orders candidates (sorted by score, best first) by MMR; the tail beyond the pool keeps its order. */
export function selectDiverse(candidates: readonly RankedChunk[], lambda: number): RankedChunk[] {
  if (lambda >= 1 || candidates.length < 2) return [...candidates];
  const pool = candidates.slice(0, POOL);
  const rest = candidates.slice(POOL);
  const max = pool[0]!.score || 1;
  const sets = pool.map((c) => words(c.chunk));
  const maxSim = new Array<number>(pool.length).fill(0);
  const taken = new Array<boolean>(pool.length).fill(false);
  const out: RankedChunk[] = [];
  for (let step = 0; step < pool.length; step++) {
    let bestI = -1;
    let bestV = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      if (taken[i]) continue;
      const v = lambda * (pool[i]!.score / max) - (1 - lambda) * maxSim[i]!;
      if (v > bestV) {
        bestV = v;
        bestI = i;
      }
    }
    taken[bestI] = true;
    out.push(pool[bestI]!);
    for (let i = 0; i < pool.length; i++) {
      if (!taken[i]) maxSim[i] = Math.max(maxSim[i]!, jaccard(sets[i]!, sets[bestI]!));
    }
  }
  return out.concat(rest);
}
