// Maximal marginal relevance (Carbonell & Goldstein 1998): pick the next chunk by relevance minus its overlap
// with what is already picked, so the budget is not spent on near-duplicates.
import type { RankedChunk } from './pack';
import { wordIdLimit, wordIds } from './word-ids';

const POOL = 80;

// Chunks are immutable and shared across questions: their word sets are computed once, as ids of words interned
// in one dictionary (word-ids.ts). An overlap is counted by marking one set's ids and looking the other's up.
const wordCache = new WeakMap<object, Int32Array>();

function words(chunk: RankedChunk['chunk']): Int32Array {
  let set = wordCache.get(chunk);
  if (!set) {
    set = wordIds(chunk.text);
    wordCache.set(chunk, set);
  }
  return set;
}

/** Per word id, the stamp of the set last marked (the pick whose overlaps are being counted). */
let marks = new Uint32Array(0);
let stamp = 0;

/** Marks the ids of `set`, so that `jaccardWithMarked` counts overlaps with it. */
function markSet(set: Int32Array): void {
  if (marks.length < wordIdLimit()) {
    marks = new Uint32Array(Math.max(wordIdLimit(), marks.length * 2));
    stamp = 0;
  }
  stamp++;
  if (stamp === 0xffffffff) {
    marks.fill(0);
    stamp = 1;
  }
  for (let i = 0; i < set.length; i++) marks[set[i]!] = stamp;
}

/** Jaccard similarity of `a` and the marked set of `size` ids. */
function jaccardWithMarked(a: Int32Array, size: number): number {
  if (a.length === 0 || size === 0) return 0;
  let inter = 0;
  for (let i = 0; i < a.length; i++) if (marks[a[i]!] === stamp) inter++;
  return inter / (a.length + size - inter);
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
    const picked = sets[bestI]!;
    markSet(picked);
    for (let i = 0; i < pool.length; i++) {
      if (taken[i]) continue;
      // The overlap is at most the smaller set over the larger: when that cannot raise maxSim, skip the count.
      const a = sets[i]!.length;
      const ceiling = a < picked.length ? a / picked.length : picked.length / a;
      if (ceiling <= maxSim[i]!) continue;
      maxSim[i] = Math.max(maxSim[i]!, jaccardWithMarked(sets[i]!, picked.length));
    }
  }
  return out.concat(rest);
}
