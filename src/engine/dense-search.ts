// The retriever's vector search over an engine's index. On the local embedder's hashed vectors HNSW loses recall
// on real question vectors (recall@10 0.59 at ef 128, 0.94 at ef 3000 and 28 ms, on 42k chunks:
// docs/benchmarks.md), but their question vectors are sparse, so an int8 column scan touching only the query's
// non-zero dimensions is exact after re-scoring and a few ms (column-scan.ts). Dense queries (transformer models)
// over large indexes keep HNSW. Filtered searches are exact over the allowed labels' own vectors.
import type { VectorHit, VectorIndex } from '../core/types';
import { ColumnScan } from '../core/index/column-scan';
import type { IndexState } from './index-state';

/** Up to this many chunks any query is scanned; above it only queries with few non-zero dimensions are. */
export const SCAN_ALWAYS_MAX = 20_000;
/** Share of non-zero dimensions up to which a query counts as sparse. */
const SPARSE_SHARE = 0.25;

/** A VectorIndex over the state's HNSW index that scans columns when that is exact and cheap. */
export function denseIndex(state: IndexState): VectorIndex {
  const hnsw = state.hnsw;
  return {
    dims: hnsw.dims,
    size: () => hnsw.size(),
    upsert: (label, vector) => hnsw.upsert(label, vector),
    remove: (label) => hnsw.remove(label),
    has: (label) => hnsw.has(label),
    search(query, k, filter) {
      if (filter) return exactScan(state, query, k, filter);
      if (!usesColumnScan(hnsw.size(), query)) return hnsw.search(query, k);
      return columns(state).search(query, k, (label) => vectorOfLabel(state, label));
    },
  };
}

/** True when a query over `size` vectors is answered by the column scan rather than HNSW. */
export function usesColumnScan(size: number, query: Float32Array): boolean {
  return size <= SCAN_ALWAYS_MAX || nonZero(query) <= SPARSE_SHARE * query.length;
}

function nonZero(v: Float32Array): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) n++;
  return n;
}

function vectorOfLabel(state: IndexState, label: number): Float32Array | undefined {
  const id = state.idOf(label);
  const c = id === undefined ? undefined : state.chunks.get(id);
  return c ? state.vectors.get(c.key) : undefined;
}

interface Columns {
  scan: ColumnScan;
  lexical: object;
  version: number;
  size: number;
}

const cache = new WeakMap<IndexState, Columns>();

/**
 * The state's column copy, brought up to date: every chunk added or removed passes through the lexical index, so
 * its version says when to compare; then only added and removed labels are written (labels are never reused
 * for other text), a pass over the labels but no re-quantising of unchanged vectors.
 */
function columns(state: IndexState): ColumnScan {
  const lexical = state.lexical;
  let c = cache.get(state);
  if (c && c.lexical === lexical && c.version === lexical.version && c.size === state.hnsw.size()) return c.scan;
  if (!c || c.scan.dims !== state.hnsw.dims) {
    c = { scan: new ColumnScan(state.hnsw.dims), lexical, version: -1, size: -1 };
    cache.set(state, c);
  }
  const scan = c.scan;
  if (scan.size() > 0) for (const label of [...scan.labels()]) if (state.idOf(label) === undefined) scan.remove(label);
  const labels: number[] = [];
  const vectors: Float32Array[] = [];
  for (const ch of state.chunks.values()) {
    if (scan.has(ch.label)) continue;
    const v = state.vectors.get(ch.key);
    if (v && v.length === scan.dims) {
      labels.push(ch.label);
      vectors.push(v);
    }
  }
  scan.addMany(labels, vectors);
  c.lexical = lexical;
  c.version = lexical.version;
  c.size = state.hnsw.size();
  return scan;
}

/** The k chunks whose stored vectors are closest to `query` among those `filter` allows, best first. */
export function exactScan(
  state: IndexState,
  query: Float32Array,
  k: number,
  filter?: (label: number) => boolean,
): VectorHit[] {
  const hits: VectorHit[] = [];
  const dims = query.length;
  for (const c of state.chunks.values()) {
    if (filter && !filter(c.label)) continue;
    const v = state.vectors.get(c.key);
    if (!v || v.length !== dims) continue;
    let s = 0;
    for (let i = 0; i < dims; i++) s += query[i]! * v[i]!;
    hits.push({ label: c.label, score: s });
  }
  hits.sort((a, b) => b.score - a.score || a.label - b.label);
  return hits.slice(0, Math.max(0, k));
}
