// The retriever's vector search over an engine's index. On the local embedder's hashed vectors HNSW loses recall
// on real question vectors (recall@10 0.78 at ef 128 on 4.3k chunks, docs/benchmarks.md), so up to
// EXACT_SCAN_MAX chunks the search is an exact scan over the vector store the engine already holds (a few ms);
// above it, HNSW with a wider beam. Filtered searches are exact over the allowed labels' own vectors.
import type { VectorHit, VectorIndex } from '../core/types';
import type { IndexState } from './index-state';

/** Largest index searched exactly (chunks); ~0.6 µs per 512-d chunk on one core, so ≤ ~8 ms. */
export const EXACT_SCAN_MAX = 12_000;

/** A VectorIndex over the state's HNSW index that searches exactly when that is cheap enough. */
export function denseIndex(state: IndexState): VectorIndex {
  const hnsw = state.hnsw;
  return {
    dims: hnsw.dims,
    size: () => hnsw.size(),
    upsert: (label, vector) => hnsw.upsert(label, vector),
    remove: (label) => hnsw.remove(label),
    has: (label) => hnsw.has(label),
    search(query, k, filter) {
      if (hnsw.size() > EXACT_SCAN_MAX) return hnsw.search(query, k, filter);
      return exactScan(state, query, k, filter);
    },
  };
}

/** The k chunks whose stored vectors are closest to `query` (cosine = dot product of unit vectors), best first. */
export function exactScan(state: IndexState, query: Float32Array, k: number, filter?: (label: number) => boolean): VectorHit[] {
  if (k <= 0) return [];
  const top: VectorHit[] = [];
  let floor = -Infinity;
  const dims = query.length;
  for (const c of state.chunks.values()) {
    if (filter && !filter(c.label)) continue;
    const v = state.vectors.get(c.key);
    if (!v || v.length !== dims) continue;
    let s = 0;
    for (let i = 0; i < dims; i++) s += query[i]! * v[i]!;
    if (top.length === k && !(s > floor || (s === floor && c.label < top[k - 1]!.label))) continue;
    // Insertion into a short sorted list: k is at most a few hundred and most chunks never get here.
    let i = top.length < k ? top.length : k - 1;
    if (top.length < k) top.push({ label: c.label, score: s });
    while (i > 0 && (top[i - 1]!.score < s || (top[i - 1]!.score === s && top[i - 1]!.label > c.label))) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = { label: c.label, score: s };
    if (top.length === k) floor = top[k - 1]!.score;
  }
  return top;
}
