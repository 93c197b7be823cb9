// The retriever: dense + lexical candidates fused by reciprocal rank, title/alias matches counted, the link graph
// as evidence (bounded boost, strongly linked neighbours pulled in), diversity by MMR, then exact budget packing.
import type { BoundedContext, Chunk, ChunkTrace } from '../types';
import { reciprocalRankFusion, RRF_K0, type RankedList } from './fusion';
import { packContext, type RankedChunk } from './pack';
import type { RetrievalSource, RetrieverMode } from './source';
import { titleMatches } from './title-match';
import { graphEvidence } from './graph-evidence';
import { selectDiverse } from './mmr';
import { expandQuery, vocabularyFrom } from './query-expansion';

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
  /** Rank offset of reciprocal rank fusion. */
  rrfK: number;
}

/** Default retriever settings. */
export const DEFAULT_RETRIEVER: RetrieverOptions = {
  budget: 3000,
  mode: 'hybrid+graph',
  maxChunks: Infinity,
  denseK: 100,
  lexicalK: 100,
  denseWeight: 0.5,
  lexicalWeight: 1,
  titleWeight: 0,
  graphWeight: 0.05,
  graphTop: 8,
  mmrLambda: 0.8,
  noteSpread: 0,
  expansionWeight: 0.4,
  rrfK: RRF_K0,
};

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
}

/** Retrieves the bounded context for a question. */
export async function retrieve(
  question: string,
  src: RetrievalSource,
  options: Partial<RetrieverOptions> = {},
): Promise<RetrievalResult> {
  const o = { ...DEFAULT_RETRIEVER, ...options };
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
    queryVector = (await src.embedder.embed([question], 'query'))[0] ?? null;
    const hits = src.vectors.search(queryVector!, Math.min(o.denseK, src.vectors.size()));
    const ids = hits.map((h) => src.idOf(h.label)).filter((id): id is string => id !== undefined && src.chunks.has(id));
    ids.forEach((id, i) => (trace(id).dense = i + 1));
    lists.push({ ids, weight: o.denseWeight });
  }
  if (useLexical) {
    const vocab = vocabularyFrom((w) => src.lexical.documentFrequency(w), src.lexical.size());
    const expansions = o.expansionWeight > 0 ? expandQuery(question, o.expansionWeight, vocab) : undefined;
    const hits = src.lexical.search(question, o.lexicalK, expansions ? { expansions } : {}).filter((h) => src.chunks.has(h.id));
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
    for (const [note, g] of ev.boosts) {
      noteScore.set(note, (noteScore.get(note) ?? 0) + g.boost);
      graphBoost.set(note, g);
    }
    pulled = ev.pulledIn;
  }

  const notes = [...noteScore.entries()].map(([note, score]) => ({ note, score })).sort((a, b) => b.score - a.score);

  // Chunk candidates: every fused chunk, scored by its own rank plus its note's standing; pulled-in notes
  // contribute their chunk closest to the question.
  const candidates: RankedChunk[] = [];
  const noteRankBonus = new Map(notes.map((n, i) => [n.note, n.score]));
  for (const [id, s] of chunkScore) {
    const c = src.chunks.get(id)!;
    candidates.push(rankedChunk(c, s + 0.5 * (noteRankBonus.get(c.note) ?? 0), trace(id), graphBoost.get(c.note)));
  }
  for (const [note, via] of pulled) {
    if (byNote.has(note)) continue;
    const best = bestChunkOf(note, src, queryVector);
    if (!best) continue;
    const t = trace(best.id);
    t.neighbourOf = via;
    candidates.push(rankedChunk(best, 0.5 * (noteRankBonus.get(note) ?? 0), t, graphBoost.get(note)));
  }
  for (const note of titleHits) {
    if (byNote.has(note)) continue;
    const best = bestChunkOf(note, src, queryVector);
    if (!best) continue;
    const t = trace(best.id);
    t.titleMatch = true;
    candidates.push(rankedChunk(best, 0.5 * (noteRankBonus.get(note) ?? 0), t, graphBoost.get(note)));
  }
  for (const note of titleHits) for (const id of src.chunksOf(note)) if (traces.has(id)) trace(id).titleMatch = true;

  candidates.sort((a, b) => b.score - a.score);
  const ordered = selectDiverse(candidates, o.mmrLambda);
  const ambiguous = ambiguityCheck(src);
  const context = packContext(ordered, o.budget, ambiguous, o.maxChunks);
  return { context, notes };
}

function rankedChunk(chunk: Chunk, score: number, trace: ChunkTrace, graph?: { boost: number; via: string[] }): RankedChunk {
  trace.fused = score;
  if (graph) trace.graph = graph;
  return { chunk, score, trace };
}

/** The chunk of `note` closest to the query vector (or its first chunk without one). */
function bestChunkOf(note: string, src: RetrievalSource, query: Float32Array | null): Chunk | null {
  const ids = src.chunksOf(note);
  if (ids.length === 0) return null;
  if (query) {
    const labels = new Set(ids.map((id) => src.labelOf(id)).filter((l): l is number => l !== undefined));
    const hit = src.vectors.search(query, 1, (l) => labels.has(l))[0];
    const id = hit && src.idOf(hit.label);
    if (id && src.chunks.has(id)) return src.chunks.get(id)!;
  }
  return src.chunks.get(ids[0]!) ?? null;
}

/** True for titles shared by several notes (their labels then use the full path). */
function ambiguityCheck(src: RetrievalSource): (title: string) => boolean {
  const counts = new Map<string, number>();
  for (const note of src.graph.notes()) {
    const t = (note.split('/').pop() ?? note).replace(/\.md$/i, '').toLowerCase();
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return (title) => (counts.get(title.toLowerCase()) ?? 0) > 1;
}
