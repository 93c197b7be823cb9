// The retriever: dense + lexical candidates fused by reciprocal rank, title/alias matches counted, the link graph
// as evidence (bounded boost, strongly linked neighbours pulled in), diversity by MMR, then exact budget packing.
import type { BoundedContext, Chunk, ChunkTrace } from '../types';
import { DEFAULT_BUDGET } from '../defaults';
import { reciprocalRankFusion, RRF_K0, type RankedList } from './fusion';
import { packContext, type RankedChunk } from './pack';
import type { RetrievalSource, RetrieverMode } from './source';
import { titleMatches } from './title-match';
import { graphEvidence } from './graph-evidence';
import { selectDiverse } from './mmr';
import { expandQuery, vocabularyFrom } from './query-expansion';
import { stripQuestionWords } from '../index/question-words';
import { transliterationExpansions } from './transliteration-expansion';
import { bestChunkOf } from './best-chunk';
import { ambiguityCheck } from './title-ambiguity';

/** Tuning of the retriever; defaults are the measured best on the development sets (docs/retrieval-quality.md). */
export interface RetrieverOptions {
  budget: number;
  mode: RetrieverMode;
  /** Most chunks in the context (default: as many as fit). */
  maxChunks: number;
  denseK: number;
  lexicalK: number;
  denseWeight: number;
  lexicalWeight: number;
  /** Weight of a title/alias phrase match, as an RRF list of its own. */
  titleWeight: number;
  /** Share of a linked top note's score given to its neighbour. */
  graphWeight: number;
  /** How many top notes spread evidence along links. */
  graphTop: number;
  /** MMR trade-off: 1 = relevance only. */
  mmrLambda: number;
  /** Weight of a note's further matching chunks in its note score. */
  noteSpread: number;
  /** Weight of WordNet expansion words in lexical search (0 = off). */
  expansionWeight: number;
  /** Weight of other-script spellings of the question's rare words in lexical search (0 = off). */
  translitWeight: number;
  /** Rank offset of reciprocal rank fusion. */
  rrfK: number;
  /** Chunks per note in the first packing pass (the rest fill leftover budget); Infinity = no cap. */
  perNoteChunks: number;
}

/** Default retriever settings. */
export const DEFAULT_RETRIEVER: RetrieverOptions = {
  budget: DEFAULT_BUDGET,
  mode: 'hybrid+graph',
  maxChunks: Infinity,
  denseK: 100,
  lexicalK: 100,
  denseWeight: 0.3,
  lexicalWeight: 1,
  titleWeight: 0,
  graphWeight: 0.15,
  graphTop: 8,
  mmrLambda: 0.8,
  noteSpread: 0,
  expansionWeight: 0.7,
  translitWeight: 0.8,
  rrfK: 20,
  perNoteChunks: 2,
};

/** A pulled-in neighbour's chunk scores this share of the best chunk of the note that pulled it. */
const PULL_SHARE = 0.9;

/** A note in the ranking, best first. */
export interface RankedNote {
  note: string;
  score: number;
}

/** Result of one retrieval. */
export interface RetrievalResult {
  context: BoundedContext;
  /** Distinct notes by score (what Recall@k and MRR are measured on). */
  notes: RankedNote[];
  /** The candidates in the order packing took them (a second-stage ranker re-orders these and packs again). */
  ordered: RankedChunk[];
}

/** Retrieves the bounded context for a question. */
export async function retrieve(
  question: string,
  src: RetrievalSource,
  options: Partial<RetrieverOptions> = {},
): Promise<RetrievalResult> {
  const o = { ...DEFAULT_RETRIEVER, ...options };
  // "How do I …" / "Какую команду нужно …": the question's form says nothing about which note answers it.
  const query = stripQuestionWords(question);
  const useDense = o.mode !== 'bm25';
  const useLexical = o.mode !== 'dense';
  const traces = new Map<string, ChunkTrace>();
  const trace = (id: string): ChunkTrace => {
    let t = traces.get(id);
    if (!t) traces.set(id, (t = { fused: 0 }));
    return t;
  };
  const lists: RankedList[] = [];
  let queryVector: Float32Array | null = null;

  if (useDense && src.vectors.size() > 0) {
    queryVector = (await src.embedder.embed([query], 'query'))[0] ?? null;
    const hits = src.vectors.search(queryVector!, Math.min(o.denseK, src.vectors.size()));
    // A vector with no similarity at all is no candidate (in a small vault denseK would otherwise take everything).
    const ids = hits
      .filter((h) => h.score > 0)
      .map((h) => src.idOf(h.label))
      .filter((id): id is string => id !== undefined && src.chunks.has(id));
    ids.forEach((id, i) => (trace(id).dense = i + 1));
    lists.push({ ids, weight: o.denseWeight });
  }
  if (useLexical) {
    const vocab = vocabularyFrom((w) => src.lexical.documentFrequency(w), src.lexical.size());
    let expansions = o.expansionWeight > 0 ? expandQuery(query, o.expansionWeight, vocab) : undefined;
    // Names written in the other script ("докер" for Docker) join like thesaurus expansions.
    const translit = transliterationExpansions(query, src.lexical, vocab, o.translitWeight);
    if (translit.size > 0) {
      expansions = new Map(expansions ?? []);
      for (const [w, v] of translit) expansions.set(w, Math.max(expansions.get(w) ?? 0, v));
    }
    const hits = src.lexical
      .search(query, o.lexicalK, expansions ? { expansions } : {})
      .filter((h) => src.chunks.has(h.id));
    hits.forEach((h, i) => {
      const t = trace(h.id);
      t.lexical = i + 1;
      t.terms = h.terms;
    });
    lists.push({ ids: hits.map((h) => h.id), weight: o.lexicalWeight });
  }
  const chunkScore = reciprocalRankFusion(lists, o.rrfK);

  // Note scores: the best chunk plus a share of the note's other matching chunks.
  const byNote = new Map<string, number[]>();
  for (const [id, s] of chunkScore) {
    const c = src.chunks.get(id)!;
    const arr = byNote.get(c.note);
    if (arr) arr.push(s);
    else byNote.set(c.note, [s]);
  }
  const noteScore = new Map<string, number>();
  for (const [note, scores] of byNote) {
    scores.sort((a, b) => b - a);
    noteScore.set(note, scores[0]! + o.noteSpread * (scores[1] ?? 0) + (o.noteSpread / 2) * (scores[2] ?? 0));
  }
  const titleHits = useLexical && o.titleWeight > 0 ? titleMatches(question, src) : [];
  for (const note of titleHits) {
    noteScore.set(note, (noteScore.get(note) ?? 0) + o.titleWeight / (RRF_K0 + 1));
  }

  let pulled = new Map<string, string>();
  const graphBoost = new Map<string, { boost: number; via: string[] }>();
  if (o.mode === 'hybrid+graph' && o.graphWeight > 0) {
    const ev = graphEvidence(noteScore, src.graph, o.graphTop, o.graphWeight);
    const head = [...noteScore.values()].sort((a, b) => b - a).slice(0, o.graphTop);
    const floor = head[head.length - 1] ?? 0;
    for (const [note, g] of ev.boosts) {
      const own = noteScore.get(note);
      graphBoost.set(note, g);
      // Only notes with evidence of their own below the head are re-ranked, and never into the head: the top
      // notes are the evidence, and measured on the dev sets, links there are no better a signal than text.
      if (own === undefined || own >= floor) continue;
      noteScore.set(note, Math.min(floor * 0.999, own * (1 + g.boost)));
    }
    pulled = ev.pulledIn;
  }

  const notes = [...noteScore.entries()].map(([note, score]) => ({ note, score })).sort((a, b) => b.score - a.score);

  // Chunk candidates: every fused chunk, scored by its own fused score plus its note's standing.
  const candidates: RankedChunk[] = [];
  const bestOfNote = new Map<string, number>();
  for (const [id, s] of chunkScore) {
    const c = src.chunks.get(id)!;
    const score = s + 0.5 * (noteScore.get(c.note) ?? 0);
    candidates.push(rankedChunk(c, score, trace(id), graphBoost.get(c.note)));
    bestOfNote.set(c.note, Math.max(bestOfNote.get(c.note) ?? 0, score));
  }
  // A pulled-in note contributes its chunk closest to the question, ranked just after the note that pulled it.
  for (const [note, via] of pulled) {
    const best = bestChunkOf(note, src, queryVector);
    if (!best) continue;
    const t = trace(best.id);
    t.neighbourOf = via;
    const score = PULL_SHARE * (bestOfNote.get(via) ?? 0);
    const existing = candidates.find((c) => c.chunk.id === best.id);
    if (existing) existing.score = Math.max(existing.score, score);
    else candidates.push(rankedChunk(best, score, t, graphBoost.get(note)));
    if (!noteScore.has(note)) notes.push({ note, score: 0 });
  }
  for (const note of titleHits) {
    if (byNote.has(note)) continue;
    const best = bestChunkOf(note, src, queryVector);
    if (!best) continue;
    const t = trace(best.id);
    t.titleMatch = true;
    candidates.push(rankedChunk(best, 0.5 * (noteScore.get(note) ?? 0), t, graphBoost.get(note)));
  }
  for (const note of titleHits) for (const id of src.chunksOf(note)) if (traces.has(id)) trace(id).titleMatch = true;

  candidates.sort((a, b) => b.score - a.score);
  for (const c of candidates) c.trace.fused = c.score;
  const ordered = capPerNote(selectDiverse(candidates, o.mmrLambda), o.perNoteChunks);
  const context = packCandidates(ordered, src, o);
  return { context, notes, ordered };
}

/** Notes in the order of their best chunk among `ranked`, then the others in their earlier order. */
export function notesByChunks(ranked: readonly RankedChunk[], before: readonly RankedNote[]): RankedNote[] {
  const score = new Map(before.map((n) => [n.note, n.score]));
  const seen = new Set<string>();
  const out: RankedNote[] = [];
  for (const r of ranked) {
    if (seen.has(r.chunk.note)) continue;
    seen.add(r.chunk.note);
    out.push({ note: r.chunk.note, score: score.get(r.chunk.note) ?? 0 });
  }
  for (const n of before) if (!seen.has(n.note)) out.push(n);
  return out;
}

/** Packs candidates in the given order into the budget, with the vault's citation labels. */
export function packCandidates(
  ordered: readonly RankedChunk[],
  src: RetrievalSource,
  options: Partial<Pick<RetrieverOptions, 'budget' | 'maxChunks'>> = {},
): BoundedContext {
  const budget = options.budget ?? DEFAULT_RETRIEVER.budget;
  return packContext(ordered, budget, ambiguityCheck(src), options.maxChunks ?? Infinity);
}

/** First the best `cap` chunks of every note, then the rest: the budget reaches more notes before deeper chunks. */
function capPerNote(ranked: readonly RankedChunk[], cap: number): RankedChunk[] {
  if (!(cap < Infinity)) return [...ranked];
  const seen = new Map<string, number>();
  const first: RankedChunk[] = [];
  const rest: RankedChunk[] = [];
  for (const r of ranked) {
    const n = seen.get(r.chunk.note) ?? 0;
    seen.set(r.chunk.note, n + 1);
    (n < cap ? first : rest).push(r);
  }
  return first.concat(rest);
}

function rankedChunk(
  chunk: Chunk,
  score: number,
  trace: ChunkTrace,
  graph?: { boost: number; via: string[] },
): RankedChunk {
  trace.fused = score;
  if (graph) trace.graph = graph;
  return { chunk, score, trace };
}
