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
      return filter ? exactScan(state, query, k, filter) : packedScan(packed(state), query, k);
    },
  };
}

/** Every chunk vector in one contiguous array (what makes the scan fast), rebuilt after the index changes. */
interface Packed {
  lexical: object;
  version: number;
  size: number;
  labels: Int32Array;
  matrix: Float32Array;
  dims: number;
}

const packCache = new WeakMap<IndexState, Packed>();

function packed(state: IndexState): Packed {
  const lexical = state.lexical;
  const hit = packCache.get(state);
  // Every chunk added or removed passes through the lexical index, so its version tells when to rebuild.
  if (hit && hit.lexical === lexical && hit.version === lexical.version && hit.size === state.hnsw.size()) return hit;
  const dims = state.hnsw.dims;
  const labels = new Int32Array(state.chunks.size);
  const matrix = new Float32Array(state.chunks.size * dims);
  let n = 0;
  for (const c of state.chunks.values()) {
    const v = state.vectors.get(c.key);
    if (!v || v.length !== dims) continue;
    labels[n] = c.label;
    matrix.set(v, n * dims);
    n++;
  }
  const p: Packed = { lexical, version: lexical.version, size: state.hnsw.size(), labels: labels.subarray(0, n), matrix, dims };
  packCache.set(state, p);
  return p;
}

function packedScan(p: Packed, query: Float32Array, k: number): VectorHit[] {
  const { labels, matrix, dims } = p;
  const top = new TopK(k);
  for (let r = 0; r < labels.length; r++) {
    const off = r * dims;
    let s = 0;
    for (let i = 0; i < dims; i++) s += query[i]! * matrix[off + i]!;
    top.offer(labels[r]!, s);
  }
  return top.hits;
}

/** The k best (score desc, label asc) of a stream, by insertion into a short sorted list. */
class TopK {
  readonly hits: VectorHit[] = [];
  private floor = -Infinity;

  constructor(private readonly k: number) {}

  offer(label: number, s: number): void {
    const top = this.hits;
    const k = this.k;
    if (k <= 0) return;
    if (top.length === k && !(s > this.floor || (s === this.floor && label < top[k - 1]!.label))) return;
    let i = top.length < k ? top.length : k - 1;
    if (top.length < k) top.push({ label, score: s });
    while (i > 0 && (top[i - 1]!.score < s || (top[i - 1]!.score === s && top[i - 1]!.label > label))) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = { label, score: s };
    if (top.length === k) this.floor = top[k - 1]!.score;
  }
}

/** The k chunks whose stored vectors are closest to `query` (cosine = dot product of unit vectors), best first. */
export function exactScan(state: IndexState, query: Float32Array, k: number, filter?: (label: number) => boolean): VectorHit[] {
  const top = new TopK(k);
  const dims = query.length;
  for (const c of state.chunks.values()) {
    if (filter && !filter(c.label)) continue;
    const v = state.vectors.get(c.key);
    if (!v || v.length !== dims) continue;
    let s = 0;
    for (let i = 0; i < dims; i++) s += query[i]! * v[i]!;
    top.offer(c.label, s);
  }
  return top.hits;
}
