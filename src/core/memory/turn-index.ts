// Past turns of a conversation as retrievable items: each turn's "Q: … A: …" text goes into a lexical index
// (the vault's own BM25 class) and, embedded with the vault's embedder, into an exact vector index. A new question
// finds related earlier turns the way it finds notes, instead of re-sending the whole history.
import type { Embedder } from '../types';
import { LexicalIndex } from '../index/lexical-index';
import { ExactIndex } from '../index/exact-index';
import { reciprocalRankFusion } from '../retrieval/fusion';

const MODULE = 'turn-index';
/** Candidates taken from each of the two searches before fusion. */
const SEARCH_K = 20;
const EMBED_BATCH = 64;

/** An earlier turn found for a new question. */
export interface TurnHit {
  turn: number;
  /** Fused rank score (reciprocal rank fusion of the dense and lexical lists). */
  score: number;
  /** Cosine similarity of question and turn text (0 when either has no vector). */
  similarity: number;
  /** Question words the turn text shares (lexical match). */
  terms: string[];
}

/** How a search decides what counts as related. */
export interface TurnSearch {
  k: number;
  minSimilarity: number;
  minLexicalTerms: number;
  /** Turns not to return (already in the context for another reason). */
  exclude?: ReadonlySet<number>;
}

/** Turn vectors as persisted: int8-quantised, base64, tied to the embedder that made them. */
export interface StoredTurnVectors {
  fingerprint: string;
  dims: number;
  /** Turn number → base64 of a float32 scale followed by `dims` int8 values. */
  vectors: Record<string, string>;
}

/** Identity of an embedder's vector space as one string. */
export function embedderKey(e: Embedder): string {
  const f = e.fingerprint;
  return `${f.model}|${f.dims}|${f.pooling}|${f.normalized ? 'norm' : 'raw'}|v${f.version}`;
}

/** Quantises a vector to int8 with one scale (cosine changes by well under 1%; a quarter of the bytes). */
export function quantize(v: Float32Array): string {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]!));
  const scale = max > 0 ? max / 127 : 1;
  const buf = Buffer.alloc(4 + v.length);
  buf.writeFloatLE(scale, 0);
  for (let i = 0; i < v.length; i++) buf.writeInt8(Math.round(v[i]! / scale), 4 + i);
  return buf.toString('base64');
}

/** The vector of quantize(); null when the text is not a valid quantised vector of `dims` values. */
export function dequantize(text: string, dims: number): Float32Array | null {
  const buf = Buffer.from(text, 'base64');
  if (buf.length !== 4 + dims || buf.toString('base64') !== text) return null;
  const scale = buf.readFloatLE(0);
  if (!Number.isFinite(scale) || scale <= 0) return null;
  const v = new Float32Array(dims);
  for (let i = 0; i < dims; i++) v[i] = buf.readInt8(4 + i) * scale;
  return v;
}

/** Lexical + dense index over the texts of past turns (labels are turn numbers). */
export class TurnIndex {
  private readonly lexical = new LexicalIndex();
  private readonly texts = new Map<number, string>();
  /** Vectors by turn, in the space of `space` (what is persisted). */
  private readonly vectors = new Map<number, Float32Array>();
  private space: { key: string; dims: number } | null = null;
  private dense: ExactIndex | null = null;

  /** Number of indexed turns. */
  size(): number {
    return this.texts.size;
  }

  /** Indexes the text of a turn (its vector is computed at the next search). */
  add(turn: number, text: string): void {
    if (!Number.isInteger(turn) || turn < 1)
      throw new Error(`${MODULE}: turn must be a whole number ≥ 1, got ${String(turn)}`);
    this.texts.set(turn, text);
    this.lexical.add({ id: String(turn), title: '', aliases: '', headings: '', text });
    this.vectors.delete(turn);
    this.dense?.remove(turn);
  }

  /** Embeds turns that have no vector yet (all of them after an embedder change). */
  async sync(embedder: Embedder): Promise<void> {
    const key = embedderKey(embedder);
    const dims = embedder.fingerprint.dims;
    if (!this.space || this.space.key !== key || this.space.dims !== dims) {
      this.vectors.clear();
      this.space = { key, dims };
      this.dense = null;
    }
    if (!this.dense) {
      this.dense = new ExactIndex(dims);
      for (const [turn, v] of this.vectors) this.dense.upsert(turn, v);
    }
    const missing = [...this.texts.keys()].filter((t) => !this.vectors.has(t));
    for (let i = 0; i < missing.length; i += EMBED_BATCH) {
      const batch = missing.slice(i, i + EMBED_BATCH);
      const out = await embedder.embed(
        batch.map((t) => this.texts.get(t)!),
        'passage',
      );
      batch.forEach((turn, j) => {
        const raw = out[j];
        if (!raw || raw.length !== dims)
          throw new Error(`${MODULE}: the embedder returned no ${dims}-d vector for turn ${turn}`);
        // Kept exactly as it will be read back, so a reloaded conversation recalls the same turns.
        const v = dequantize(quantize(raw), dims)!;
        this.vectors.set(turn, v);
        this.dense!.upsert(turn, v);
      });
    }
  }

  /** Earlier turns related to `question`, best first: a dense match above the similarity floor or a keyword match. */
  async search(question: string, embedder: Embedder, o: TurnSearch): Promise<TurnHit[]> {
    if (o.k <= 0 || this.texts.size === 0) return [];
    await this.sync(embedder);
    const exclude = o.exclude ?? new Set<number>();
    const lex = this.lexical.search(question, SEARCH_K);
    const terms = new Map(lex.map((h) => [Number(h.id), [...new Set(h.terms)]]));
    const q = (await embedder.embed([question], 'query'))[0];
    const similarity = new Map<number, number>();
    if (q && q.some((x) => x !== 0)) {
      for (const h of this.dense!.search(q, this.dense!.size())) similarity.set(h.label, h.score);
    }
    const related = (turn: number): boolean =>
      !exclude.has(turn) &&
      ((similarity.get(turn) ?? 0) >= o.minSimilarity || (terms.get(turn)?.length ?? 0) >= o.minLexicalTerms);
    const denseIds = [...similarity.keys()].slice(0, SEARCH_K).filter(related).map(String);
    const lexIds = lex
      .map((h) => Number(h.id))
      .filter(related)
      .map(String);
    const fused = reciprocalRankFusion([
      { ids: denseIds, weight: 1 },
      { ids: lexIds, weight: 1 },
    ]);
    return [...fused.entries()]
      .map(([id, score]) => {
        const turn = Number(id);
        return { turn, score, similarity: similarity.get(turn) ?? 0, terms: terms.get(turn) ?? [] };
      })
      .sort((a, b) => b.score - a.score || b.turn - a.turn)
      .slice(0, o.k);
  }

  /** Vectors to persist (only those of the current embedder). */
  exportVectors(): StoredTurnVectors | undefined {
    if (!this.space || this.vectors.size === 0) return undefined;
    const vectors: Record<string, string> = {};
    for (const [turn, v] of this.vectors) vectors[String(turn)] = quantize(v);
    return { fingerprint: this.space.key, dims: this.space.dims, vectors };
  }

  /** Takes persisted vectors of indexed turns; invalid entries are skipped (they are embedded again). */
  importVectors(stored: StoredTurnVectors): void {
    this.space = { key: stored.fingerprint, dims: stored.dims };
    this.dense = null;
    this.vectors.clear();
    for (const [id, text] of Object.entries(stored.vectors)) {
      const turn = Number(id);
      if (!this.texts.has(turn)) continue;
      const v = dequantize(text, stored.dims);
      if (v) this.vectors.set(turn, v);
    }
  }
}
