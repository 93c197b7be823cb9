// The engine's vectors as a column-scan index's source: the scan index keeps only its int8 columns and reads the
// float vectors from the (packed) vector store by label, so they are in memory once.
import type { ChunkVectorIndex } from '../core/index/chunk-vector-index';
import { ScanIndex } from '../core/index/scan-index';
import type { VectorStore } from './vector-store';

/** Binds a ScanIndex with no source yet (empty, or restored from cached columns) to the vector store `vectors()`, finding a label's text key with `keyOf`. */
export function bindStoreSource(
  index: ChunkVectorIndex,
  keyOf: (label: number) => string | undefined,
  vectors: () => VectorStore,
): void {
  if (!(index instanceof ScanIndex) || !index.bindable) return;
  index.bindSource({
    vector: (label) => {
      const key = keyOf(label);
      return key === undefined ? undefined : vectors().get(key);
    },
    unitDot: (label, q, nz, n) => {
      const key = keyOf(label);
      return key === undefined ? undefined : vectors().unitDot(key, q, nz, n);
    },
  });
}

/** Puts the stored vector of `key` into `index` under `label` (a bound scan index reads it when needed). */
export function indexStoredVector(index: ChunkVectorIndex, label: number, key: string, vectors: VectorStore): void {
  if (index instanceof ScanIndex && index.sourced) index.track(label);
  else index.upsert(label, vectors.get(key)!);
}
