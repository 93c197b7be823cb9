// The link graph as evidence. The best-scoring notes spread support along their links (outlinks and backlinks),
// damped by the degree of both ends, since a hub (an index page linking hundreds of notes) says little about
// each of them. Support only re-ranks notes that have evidence of their own, within a bound: a note's score grows
// by at most `weight` × its own score, so a neighbour never overtakes a clearly better text match. A note that
// several top notes link to, or that the top note links to strongly (both ways or repeatedly), is pulled into
// the context even without a text match: this is what answers multi-hop questions whose second note shares no
// words with the question.
import type { LinkGraph } from '../graph/link-graph';

/** Graph support per note (boost as a share of its own score, and the top notes it came from). */
export interface GraphEvidence {
  boosts: Map<string, { boost: number; via: string[] }>;
  /** Notes to pull into the context, each with the top note that pulled it (strongest link first). */
  pulledIn: Map<string, string>;
}

/** Most notes pulled in per question. */
const MAX_PULLED = 2;
/** Links counted between two notes at most (repeated links are a strong tie, but not unboundedly so). */
const MAX_STRENGTH = 3;
/** Support needed to be pulled in without a text match (two top notes, or a strong tie to the first). */
const PULL_SUPPORT = 1.2;

function damp(degree: number): number {
  return 1 / Math.sqrt(1 + degree / 10);
}

/** Spreads the support of the `top` notes over their links; see the file comment for the rules. */
export function graphEvidence(
  noteScore: ReadonlyMap<string, number>,
  graph: LinkGraph,
  top: number,
  weight: number,
): GraphEvidence {
  const ranked = [...noteScore.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  const best = ranked[0]?.[1] ?? 0;
  const support = new Map<string, { s: number; via: { note: string; tie: number }[] }>();
  if (best <= 0) return { boosts: new Map(), pulledIn: new Map() };
  const degree = (n: string): number => graph.neighbours(n).length;
  for (const [a, score] of ranked) {
    if (!graph.hasNote(a)) continue;
    const da = damp(degree(a));
    for (const b of graph.neighbours(a)) {
      const strength = Math.min(MAX_STRENGTH, graph.linkCount(a, b) + graph.linkCount(b, a));
      const tie = (score / best) * strength * da * damp(degree(b));
      const e = support.get(b) ?? { s: 0, via: [] };
      e.s += tie;
      e.via.push({ note: a, tie });
      support.set(b, e);
    }
  }
  const boosts = new Map<string, { boost: number; via: string[] }>();
  const topNotes = new Set(ranked.map(([n]) => n));
  const pullable: [string, number, string][] = [];
  for (const [note, { s, via }] of support) {
    via.sort((x, y) => y.tie - x.tie);
    // Saturating: the first strong tie counts most, further ones add less; never more than `weight`.
    boosts.set(note, { boost: weight * (1 - Math.exp(-s)), via: via.map((v) => v.note) });
    const strong = via.length >= 2 || s >= PULL_SUPPORT;
    if (!topNotes.has(note) && strong && s >= PULL_SUPPORT / 2) pullable.push([note, s, via[0]!.note]);
  }
  pullable.sort((x, y) => y[1] - x[1]);
  const pulledIn = new Map(pullable.slice(0, MAX_PULLED).map(([note, , via]) => [note, via] as const));
  return { boosts, pulledIn };
}
