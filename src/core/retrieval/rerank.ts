// A second-stage scorer without a model, over the top candidates of the fusion: how much of the question a chunk
// covers (distinct question words, weighted by how rare they are among the candidates), whether its title or
// headings name them, whether the question's word pairs appear as a phrase, and how close together they sit.
// Each feature is in [0, 1]; the chunk's fused score grows by `weight` × their weighted mean.
import { contentTerms } from '../answer/terms';
import type { RankedChunk } from './pack';

/** Tuning of the local re-ranker. */
export interface LocalRerankOptions {
  /** Candidates re-scored (the rest keep their score). */
  top: number;
  /** Largest share by which a chunk's score can grow (0 = off). */
  weight: number;
}

/** Words apart that still count as "close" for the proximity feature. */
const WINDOW = 12;

/** Feature weights: coverage matters most; the others refine it. */
const MIX = { coverage: 0.4, title: 0.2, phrase: 0.2, proximity: 0.2 };

/** The four features of one chunk for the question terms `q` (distinct, with idf weights). */
export function rerankFeatures(
  q: readonly string[],
  idf: (t: string) => number,
  chunk: RankedChunk['chunk'],
): { coverage: number; title: number; phrase: number; proximity: number } {
  const total = q.reduce((s, t) => s + idf(t), 0);
  if (q.length === 0 || total <= 0) return { coverage: 0, title: 0, phrase: 0, proximity: 0 };
  const seq = contentTerms(chunk.text);
  const have = new Set(seq);
  const named = new Set(contentTerms(`${chunk.title} ${chunk.headingPath.join(' ')}`));
  let covered = 0;
  let titled = 0;
  for (const t of q) {
    if (have.has(t)) covered += idf(t);
    if (named.has(t)) titled += idf(t);
  }
  // Question word pairs (in question order) that follow each other in the chunk.
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < seq.length; i++) pairs.add(`${seq[i]} ${seq[i + 1]}`);
  let phrase = 0;
  for (let i = 0; i + 1 < q.length; i++) if (pairs.has(`${q[i]} ${q[i + 1]}`)) phrase++;
  // The most distinct question words inside any window of WINDOW words.
  const qSet = new Set(q);
  let best = 0;
  const inWindow = new Map<string, number>();
  for (let i = 0; i < seq.length; i++) {
    const t = seq[i]!;
    if (qSet.has(t)) inWindow.set(t, (inWindow.get(t) ?? 0) + 1);
    const out = i - WINDOW;
    if (out >= 0 && qSet.has(seq[out]!)) {
      const n = inWindow.get(seq[out]!)! - 1;
      if (n === 0) inWindow.delete(seq[out]!);
      else inWindow.set(seq[out]!, n);
    }
    best = Math.max(best, inWindow.size);
  }
  return {
    coverage: covered / total,
    title: titled / total,
    phrase: q.length > 1 ? phrase / (q.length - 1) : 0,
    proximity: q.length > 1 ? (best > 1 ? (best - 1) / (q.length - 1) : 0) : 0,
  };
}

/**
 * Re-scores the first `top` of `candidates` (sorted best first) for `question` and returns all of them sorted
 * again. Rarity (idf) is taken among those candidates, so a word every candidate has counts for little.
 */
export function rerankLocal(question: string, candidates: readonly RankedChunk[], opts: LocalRerankOptions): RankedChunk[] {
  if (opts.weight <= 0 || candidates.length < 2) return [...candidates];
  const head = candidates.slice(0, opts.top);
  const q = [...new Set(contentTerms(question))];
  if (q.length === 0) return [...candidates];
  const df = new Map<string, number>();
  const sets = head.map((c) => new Set(contentTerms(c.chunk.text)));
  for (const s of sets) for (const t of q) if (s.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = head.length;
  const idf = (t: string): number => Math.log(1 + (n - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
  const rescored = head.map((c) => {
    const f = rerankFeatures(q, idf, c.chunk);
    const mix = MIX.coverage * f.coverage + MIX.title * f.title + MIX.phrase * f.phrase + MIX.proximity * f.proximity;
    const score = c.score * (1 + opts.weight * mix);
    c.trace.rerank = +mix.toFixed(4);
    return { ...c, score };
  });
  return [...rescored, ...candidates.slice(opts.top)].sort((a, b) => b.score - a.score);
}
