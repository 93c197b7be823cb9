// IndexState.reconcile's vector half: the vector index and the vector store made to agree with the chunks after a
// load (a crash between writes, a cached HNSW graph older or newer than the records).
import type { IndexState } from './index-state';
import type { StoredChunk } from './records';

/** The parts of the index state reconcileVectors reads and fixes. */
export type ReconcileParts = Pick<IndexState, 'vectorIndex' | 'chunks' | 'vectors' | 'stale' | 'dirtyVectors'>;

/**
 * Stray labels (not in `byLabel`) leave the index, a chunk missing from it is re-added from the vector store
 * (`indexVector`), a vector missing from the store is recovered from the index. Returns the chunks whose vector is
 * nowhere (they must be embedded again).
 */
export function reconcileVectors(
  p: ReconcileParts,
  byLabel: ReadonlyMap<number, string>,
  indexVector: (label: number, key: string) => void,
): StoredChunk[] {
  const index = p.vectorIndex;
  for (const label of index.labels()) {
    if (!byLabel.has(label)) {
      index.remove(label);
      p.stale.hnsw++;
    }
  }
  const missing: StoredChunk[] = [];
  for (const c of p.chunks.values()) {
    const vec = p.vectors.has(c.key);
    if (!index.has(c.label)) {
      if (vec) {
        indexVector(c.label, c.key);
        p.stale.hnsw++;
      } else missing.push(c);
    } else if (!vec) {
      const recovered = index.getVector(c.label);
      if (recovered) {
        p.vectors.set(c.key, recovered);
        p.dirtyVectors.add(c.note);
      } else missing.push(c);
    }
  }
  return missing;
}
