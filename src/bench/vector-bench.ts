// Section 2: how much of the exact top-10 HNSW finds at each search width, and what each costs, on the same
// vectors and queries. Recall comes from recallAtK (src/core/index/recall.ts); latency is timed separately.
import type { VectorHit, VectorIndex } from '../core/types';
import { ExactIndex } from '../core/index/exact-index';
import { DEFAULT_HNSW, HnswIndex } from '../core/index/hnsw-index';
import { recallAtK } from '../core/index/recall';
import type { RetrievalView } from '../engine/engine';
import { fitQueryWeights } from '../engine/ask';
import type { EfPoint, VectorSearchResult } from './report';
import { roundSummary, summarize } from './stats';
import { sampleIndices } from './low-rank';

/** Search widths measured. */
export const EF_VALUES: readonly number[] = [32, 64, 128, 256];
/** The k of recall@k and of every timed search. */
export const RECALL_K = 10;

/** Vectors to index and queries to search, with a note on how the queries were made. */
export interface VectorSet {
  source: string;
  data: readonly Float32Array[];
  queries: readonly Float32Array[];
  queryNote: string;
}

/**
 * Wraps an index and remembers each (query, k) result, so recallAtK can be called once per ef while the
 * ground truth is computed only once per query (queries are recognised by identity).
 */
export class MemoSearch implements VectorIndex {
  private readonly memo = new WeakMap<Float32Array, Map<number, VectorHit[]>>();

  constructor(private readonly inner: VectorIndex) {}

  get dims(): number {
    return this.inner.dims;
  }
  size(): number {
    return this.inner.size();
  }
  upsert(): void {
    throw new Error('vector-bench: MemoSearch is read-only');
  }
  remove(): void {
    throw new Error('vector-bench: MemoSearch is read-only');
  }
  has(label: number): boolean {
    return this.inner.has(label);
  }
  search(query: Float32Array, k: number, filter?: (label: number) => boolean): VectorHit[] {
    if (filter) return this.inner.search(query, k, filter);
    let byK = this.memo.get(query);
    if (!byK) this.memo.set(query, (byK = new Map()));
    let hits = byK.get(k);
    if (!hits) byK.set(k, (hits = this.inner.search(query, k)));
    return hits;
  }
}

/** Median-friendly per-search latencies (ms) of `reps` passes over the queries. */
function searchLatencies(index: VectorIndex, queries: readonly Float32Array[], reps: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < reps; r++) {
    for (const q of queries) {
      const t = performance.now();
      index.search(q, RECALL_K);
      out.push(performance.now() - t);
    }
  }
  return out;
}

/** Options of benchVectorSearch. */
export interface VectorBenchOptions {
  /** Passes over the queries for each latency figure. */
  reps: number;
  efs?: readonly number[];
  /** Presize the HNSW index (a pure build measurement; the engine grows by doubling). */
  presize?: boolean;
  log?: (msg: string) => void;
}

/** Builds HNSW (engine defaults) and the exact index over `set.data`, then measures recall@10 and latency per ef. */
export function benchVectorSearch(set: VectorSet, opts: VectorBenchOptions): VectorSearchResult {
  const first = set.data[0];
  if (!first) throw new Error('vector-bench: no vectors');
  if (set.queries.length === 0) throw new Error('vector-bench: no queries');
  const dims = first.length;
  const log = opts.log ?? (() => undefined);

  log(`building HNSW over ${set.data.length} × ${dims}-d vectors (${set.source})`);
  let t = performance.now();
  const hnsw = new HnswIndex(dims, opts.presize ? { initialCapacity: set.data.length } : {});
  set.data.forEach((v, label) => hnsw.upsert(label, v));
  const buildMs = performance.now() - t;

  t = performance.now();
  const exact = new ExactIndex(dims);
  set.data.forEach((v, label) => exact.upsert(label, v));
  const exactBuildMs = performance.now() - t;

  log(`timing the exact scan (${set.queries.length} queries × ${opts.reps})`);
  const exactLatency = summarize(searchLatencies(exact, set.queries, opts.reps));
  const truth = new MemoSearch(exact);
  const points: EfPoint[] = [];
  for (const ef of opts.efs ?? EF_VALUES) {
    hnsw.setEfSearch(ef);
    const recall = recallAtK(hnsw, truth, [...set.queries], RECALL_K);
    const latency = summarize(searchLatencies(hnsw, set.queries, opts.reps));
    log(`ef ${ef}: recall@${RECALL_K} ${recall.toFixed(4)}, median ${latency.median.toFixed(3)} ms`);
    points.push({ ef, recallAt10: Math.round(recall * 10_000) / 10_000, latencyMs: roundSummary(latency, 4) });
  }
  return {
    source: set.source,
    vectors: set.data.length,
    dims,
    queries: set.queries.length,
    queryNote: set.queryNote,
    hnswParams: { m: DEFAULT_HNSW.m, efConstruction: DEFAULT_HNSW.efConstruction },
    buildMs: Math.round(buildMs),
    exact: { buildMs: Math.round(exactBuildMs), latencyMs: roundSummary(exactLatency, 4) },
    hnsw: points,
  };
}

/** A stored vector by label, as HnswIndex and ExactIndex offer (not part of VectorIndex). */
interface VectorReader {
  getVector(label: number): Float32Array | null;
}

function canRead(index: unknown): index is VectorReader {
  return typeof (index as Partial<VectorReader>).getVector === 'function';
}

/**
 * The indexed chunk vectors of a vault (one per distinct chunk text: duplicates would make exact ties that
 * count as misses) and the queries: the questions embedded as queries plus `sampled` random chunk vectors.
 */
export async function vaultVectorSet(
  view: RetrievalView,
  name: string,
  questions: readonly string[],
  sampled: number,
  seed: number,
): Promise<VectorSet> {
  const seen = new Set<string>();
  const texts: string[] = [];
  const labels: number[] = [];
  for (const c of view.chunks.values()) {
    if (seen.has(c.text)) continue;
    const label = view.labelOf(c.id);
    if (label === undefined) continue;
    seen.add(c.text);
    texts.push(c.text);
    labels.push(label);
  }
  const index = view.vectors;
  let data: Float32Array[];
  if (canRead(index)) {
    data = labels.map((l, i) => {
      const v = index.getVector(l);
      if (!v) throw new Error(`vector-bench: chunk ${i} (label ${l}) has no stored vector`);
      return v;
    });
  } else {
    // Another index kind: the same embedder gives the same passage vectors.
    data = await view.embedder.embed(texts, 'passage');
  }
  fitQueryWeights(view);
  const asked = await view.embedder.embed([...questions], 'query');
  const picks = sampleIndices(data.length, sampled, seed).map((i) => data[i]!);
  return {
    source: `${name}: ${view.embedder.fingerprint.model} chunk vectors`,
    data,
    queries: [...asked, ...picks],
    queryNote: `${asked.length} questions embedded as queries + ${picks.length} random chunk vectors`,
  };
}
