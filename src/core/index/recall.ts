// Recall@k of an approximate index against an exact one: how much of the true top-k the approximate search finds.
import type { VectorIndex } from '../types';

/**
 * Mean over `queries` of |approx top-k ∩ exact top-k| / |exact top-k| (queries whose exact result is empty are
 * skipped). Both indexes must hold the same vectors under the same labels.
 */
export function recallAtK(approx: VectorIndex, exact: VectorIndex, queries: Float32Array[], k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new Error(`recall: k must be a positive integer, got ${k}`);
  if (approx.dims !== exact.dims) throw new Error(`recall: dims differ (${approx.dims} vs ${exact.dims})`);
  let sum = 0;
  let counted = 0;
  for (const q of queries) {
    const truth = exact.search(q, k);
    if (truth.length === 0) continue;
    const found = new Set(approx.search(q, k).map((h) => h.label));
    let hits = 0;
    for (const h of truth) if (found.has(h.label)) hits++;
    sum += hits / truth.length;
    counted++;
  }
  if (counted === 0) throw new Error('recall: no query had an exact result (empty index or no queries)');
  return sum / counted;
}
