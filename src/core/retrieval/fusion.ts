// Reciprocal rank fusion (Cormack, Clarke & Büttcher 2009, "Reciprocal Rank Fusion outperforms Condorcet and
// individual Rank Learning Methods"): score = Σ weight / (k0 + rank). Robust to the scale of each signal.

/** One ranked list of ids with a weight. */
export interface RankedList {
  ids: readonly string[];
  weight: number;
}

/** The usual constant from the RRF paper. */
export const RRF_K0 = 60;

/** Fused score per id, over all lists (rank is 1-based). */
export function reciprocalRankFusion(lists: readonly RankedList[], k0 = RRF_K0): Map<string, number> {
  const out = new Map<string, number>();
  for (const { ids, weight } of lists) {
    ids.forEach((id, i) => out.set(id, (out.get(id) ?? 0) + weight / (k0 + i + 1)));
  }
  return out;
}
