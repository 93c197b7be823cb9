// The link graph as evidence: the neighbours of the best-scoring notes get a bounded boost, and a neighbour
// that several top notes point to (or the top note links to strongly) is pulled in even without a text match —
// this is what answers multi-hop questions whose second note shares no words with the question.
import type { LinkGraph } from '../graph/link-graph';

/** Boosts per note and notes pulled in (with the top note that pulled each). */
export interface GraphEvidence {
  boosts: Map<string, { boost: number; via: string[] }>;
  pulledIn: Map<string, string>;
}

const MAX_PULLED = 3;

/** Spreads `weight` × score of each of the `top` notes over its links, damped by the note's degree. */
export function graphEvidence(
  noteScore: ReadonlyMap<string, number>,
  graph: LinkGraph,
  top: number,
  weight: number,
): GraphEvidence {
  const ranked = [...noteScore.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  const best = ranked[0]?.[1] ?? 0;
  const boosts = new Map<string, { boost: number; via: string[] }>();
  for (const [a, score] of ranked) {
    if (!graph.hasNote(a)) continue;
    const neighbours = graph.neighbours(a);
    // A hub (an index page linking hundreds of notes) says little about each of them.
    const damp = 1 / Math.sqrt(1 + neighbours.length / 10);
    for (const b of neighbours) {
      const strength = Math.min(3, graph.linkCount(a, b) + graph.linkCount(b, a));
      const add = weight * score * damp * (1 + 0.25 * (strength - 1));
      const g = boosts.get(b);
      if (g) {
        g.boost += add;
        g.via.push(a);
      } else boosts.set(b, { boost: add, via: [a] });
    }
  }
  // Bounded: no note gains more than twice the weight share of the best note's score.
  for (const g of boosts.values()) g.boost = Math.min(g.boost, 2 * weight * best);
  const pulledIn = new Map<string, string>();
  const outsiders = [...boosts.entries()]
    .filter(([note, g]) => !noteScore.has(note) && (g.via.length >= 2 || g.boost >= weight * best * 0.8))
    .sort((a, b) => b[1].boost - a[1].boost)
    .slice(0, MAX_PULLED);
  for (const [note, g] of outsiders) pulledIn.set(note, g.via[0]!);
  return { boosts, pulledIn };
}
