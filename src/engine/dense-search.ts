// The retriever's vector search over an engine's index. On the local embedder's hashed vectors HNSW loses recall
// on real question vectors (recall@10 0.59 at ef 128, 0.94 at ef 3000 and 28 ms, on 42k chunks:
// docs/benchmarks.md), but their question vectors are sparse, so such embedders keep no graph at all: their state
// holds a ScanIndex, an int8 column scan touching only the query's non-zero dimensions, exact after re-scoring and
// a few ms (column-scan.ts). Dense embedders (transformer models) keep HNSW, and over up to 20k chunks scan a lazily
// built column copy instead. Filtered searches are exact over the allowed labels' own vectors.
import type { VectorHit, VectorIndex } from '../core/types';
import { ColumnScan } from '../core/index/column-scan';
import { ScanIndex } from '../core/index/scan-index';
import type { IndexState } from './index-state';

/** Up to this many chunks any query is scanned; above it only queries with few non-zero dimensions are. */
export const SCAN_ALWAYS_MAX = 20_000;
/** Share of non-zero dimensions up to which a query counts as sparse. */
const SPARSE_SHARE = 0.25;

/** The retriever's vector index, which also tells whether a query is answered by an exact column scan. */
export interface DenseIndex extends VectorIndex {
  /** True when `query` is answered by the column scan (exact), false when by HNSW. */
  scans(query: Float32Array): boolean;
}

/** A VectorIndex over the state's vector index that scans columns when that is exact and cheap. */
export function denseIndex(state: IndexState): DenseIndex {
  const index = state.vectorIndex;
  const base = {
    dims: index.dims,
    size: () => index.size(),
    upsert: (label: number, vector: Float32Array) => index.upsert(label, vector),
    remove: (label: number) => index.remove(label),
    has: (label: number) => index.has(label),
  };
  if (index instanceof ScanIndex) {
    return {
      ...base,
      scans: () => true,
      search: (query, k, filter) => (filter ? exactScan(state, query, k, filter) : index.search(query, k)),
    };
  }
  return {
    ...base,
    scans: (query) => usesColumnScan(index.size(), query),
    search(query, k, filter) {
      if (filter) return exactScan(state, query, k, filter);
      if (!usesColumnScan(index.size(), query)) return index.search(query, k);
      return columns(state).search(query, k, { exact: (label) => vectorOfLabel(state, label) });
    },
  };
}

/** True when `vectors` (an engine view's) answers `query` by the exact column scan. */
export function scansQuery(vectors: VectorIndex, query: Float32Array): boolean {
  return (vectors as Partial<DenseIndex>).scans?.(query) ?? false;
}

/** True when a query over `size` vectors of an HNSW state is answered by the column scan rather than HNSW. */
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
 * The column copy of an HNSW state, brought up to date: every chunk added or removed passes through the lexical index, so
 * its version says when to compare; then only added and removed labels are written (labels are never reused
 * for other text), a pass over the labels but no re-quantising of unchanged vectors.
 */
function columns(state: IndexState): ColumnScan {
  const lexical = state.lexical;
  let c = cache.get(state);
  const size = state.vectorIndex.size();
  if (c && c.lexical === lexical && c.version === lexical.version && c.size === size) return c.scan;
  if (!c || c.scan.dims !== state.vectorIndex.dims) {
    c = { scan: new ColumnScan(state.vectorIndex.dims), lexical, version: -1, size: -1 };
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
  c.size = size;
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
