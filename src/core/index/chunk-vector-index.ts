// The vector index an engine's state keeps over its chunks, whichever kind it is: an HNSW graph (hnswlib-node or
// hnswlib-wasm) for dense embedders, or the exact column scan (scan-index.ts) for embedders with sparse queries.
// Everything the engine does with it — sync, repair at open, related notes, the retriever — goes through this.
import type { VectorHit, VectorIndex } from '../types';

/** A VectorIndex that also lists its labels, hands back vectors and searches all but a set of labels. */
export interface ChunkVectorIndex extends VectorIndex {
  /** Live labels, ascending. */
  labels(): number[];
  /** The stored (unit-length) vector of `label`, or null when absent. */
  getVector(label: number): Float32Array | null;
  /**
   * The k nearest live vectors by cosine, best first, leaving out the labels in `exclude` (a note's own chunks,
   * for related notes). Exact for the scan; as good as the graph's beam for HNSW.
   */
  searchExcept(query: Float32Array, k: number, exclude: ReadonlySet<number>): VectorHit[];
}
