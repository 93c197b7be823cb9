// Maximal marginal relevance (Carbonell & Goldstein 1998): pick the next chunk by relevance minus its overlap
// with what is already picked, so the budget is not spent on near-duplicates.
import type { RankedChunk } from './pack';

const POOL = 80;

// Chunks are immutable and shared across questions: their word sets are computed once, as sorted ids of words
// interned in one dictionary, so an overlap is a merge of two integer arrays instead of hash lookups.
const wordCache = new WeakMap<object, Int32Array>();
const wordIds = new Map<string, number>();

function words(chunk: RankedChunk['chunk']): Int32Array {
  let set = wordCache.get(chunk);
  if (!set) {
    const ids = new Set<number>();
    for (const w of chunk.text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []) {
      let id = wordIds.get(w);
      if (id === undefined) wordIds.set(w, (id = wordIds.size));
      ids.add(id);
    }
    set = Int32Array.from(ids).sort();
    wordCache.set(chunk, set);
  }
  return set;
}

/** Jaccard similarity of two sorted id sets. */
function jaccard(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let inter = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (a.length + b.length - inter);
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
