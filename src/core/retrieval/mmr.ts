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

/**
 * Re-orders candidates (sorted by score, best first) by MMR; the tail beyond the pool keeps its order. Lazily: a
 * candidate's overlap with the picks is brought up to date only when it leads on its (stale, so optimistic) MMR
 * value; overlaps only grow, so a leader that is up to date is the pick an eager update would make (ties go to
 * the earlier candidate either way). Most of the pool never leads, so most overlaps are never counted.
 */
export function selectDiverse(candidates: readonly RankedChunk[], lambda: number): RankedChunk[] {
  if (lambda >= 1 || candidates.length < 2) return [...candidates];
  const pool = candidates.slice(0, POOL);
  const rest = candidates.slice(POOL);
  const max = pool[0]!.score || 1;
  const sets = pool.map((c) => words(c.chunk));
  const maxSim = new Array<number>(pool.length).fill(0);
  // How many of the picks each candidate's maxSim has seen.
  const seen = new Array<number>(pool.length).fill(0);
  const taken = new Array<boolean>(pool.length).fill(false);
  const picks: number[] = [];
  const out: RankedChunk[] = [];
  while (out.length < pool.length) {
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
    if (seen[bestI]! < picks.length) {
      catchUp(bestI, sets, picks, seen, maxSim);
      continue;
    }
    taken[bestI] = true;
    picks.push(bestI);
    out.push(pool[bestI]!);
  }
  return out.concat(rest);
}

/** Brings candidate i's maxSim up to date with the picks it has not seen, in the order they were made. */
function catchUp(
  i: number,
  sets: readonly Int32Array[],
  picks: readonly number[],
  seen: number[],
  maxSim: number[],
): void {
  const own = sets[i]!;
  let marked = false;
  for (let p = seen[i]!; p < picks.length; p++) {
    const picked = sets[picks[p]!]!;
    // The overlap is at most the smaller set over the larger: when that cannot raise maxSim, skip the count.
    const a = own.length;
    const ceiling = a < picked.length ? a / picked.length : picked.length / a;
    if (ceiling <= maxSim[i]!) continue;
    if (!marked) {
      markSet(own);
      marked = true;
    }
    maxSim[i] = Math.max(maxSim[i]!, jaccardWithMarked(picked, a));
  }
  seen[i] = picks.length;
}
