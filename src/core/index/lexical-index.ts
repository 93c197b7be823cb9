// BM25+ keyword search over chunks: our tokenizer (identifiers split and kept whole), stop words and light
// stemming, per-field boosts, MiniSearch 7's scoring (which this index replaced: its build and its JSON snapshot
// were the cost, see docs/decisions/0011-lexical-postings.md). Postings are typed arrays (lexical-postings.ts), the
// snapshot is binary (lexical-snapshot.ts).
import type { LexicalDoc, LexicalHit } from '../types';
import { tokenize } from './text-analysis';
import { fieldTerms, processTerm, recurringFieldTerms, type FieldTerms } from './lexical-terms';
import { FIELD_COUNT, Postings } from './lexical-postings';
import { topK, type QueryTerm } from './lexical-search';
import { decodePostings, encodePostings } from './lexical-snapshot';

const MODULE = 'lexical-index';
const FIELDS = ['title', 'aliases', 'headings', 'path', 'text'] as const;
/** Bumped whenever tokenize/stem or the snapshot layout change: an index built otherwise is rebuilt, not reused. */
export const LEXICAL_FORMAT_VERSION = 3;

/** Search-time tuning. */
export interface LexicalOptions {
  boost: { title: number; aliases: number; headings: number; path: number; text: number };
  /** BM25+ parameters (k1 saturation, b length normalisation, d lower bound of a match); MiniSearch's defaults. */
  bm25: { k: number; b: number; d: number };
  /**
   * Multiply a hit's score by the number of query words it matched (MiniSearch's behaviour). Off gives plain
   * BM25, where a chunk matching many common words does not outrank one matching the rare, telling word.
   */
  coordination: boolean;
}

/** Title and aliases name the note, headings name the section, so they count more than body text. */
// Measured on the development sets (docs/retrieval-quality.md): with Porter stemming and identifier splitting,
// fuzzy and prefix matching only added noise (so the index has neither), and strong field boosts over-reward
// generic titles (title ×2–5 cost 0.05–0.15 Recall@5 in English); the heading path is already part of every
// chunk's text. Folder names are a weak hint (×0.3): "Reference/TypeScript API" is on most notes of the English set.
export const DEFAULT_LEXICAL: LexicalOptions = {
  boost: { title: 1.2, aliases: 1.2, headings: 1.2, path: 0.3, text: 1 },
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  coordination: true,
};

/** Keyword index over chunks. */
export class LexicalIndex {
  private readonly opts: LexicalOptions;
  private readonly fields: (readonly [number, number])[];
  private postings = new Postings();
  private changes = 0;

  /** Creates an empty index. */
  constructor(opts: Partial<LexicalOptions> = {}) {
    this.opts = checkOptions({
      ...DEFAULT_LEXICAL,
      ...opts,
      boost: { ...DEFAULT_LEXICAL.boost, ...opts.boost },
      bm25: { ...DEFAULT_LEXICAL.bm25, ...opts.bm25 },
    });
    // A field weighted 0 is not searched at all (otherwise its matches would count in the coordination factor).
    this.fields = FIELDS.flatMap((f, i) => (this.opts.boost[f] > 0 ? [[i, this.opts.boost[f]] as const] : []));
  }

  /**
   * Adds a chunk; replaces an existing doc with the same id. `text`: the text field already analysed (by an index
   * worker, lexical-terms.ts), equal to analysing `doc.text`. `fresh`: the caller knows no live doc has this id
   * (patching a snapshot), so it is not looked up.
   */
  add(doc: LexicalDoc, text?: FieldTerms, opts: { fresh?: boolean } = {}): void {
    checkDoc(doc);
    const fresh = opts.fresh === true;
    if (!fresh) this.postings.remove(doc.id);
    const fields = FIELDS.map((f) =>
      f === 'text' ? (text ?? fieldTerms(doc.text)) : recurringFieldTerms(f === 'path' ? (doc.path ?? '') : doc[f]),
    );
    this.postings.add(doc.id, fields, fresh);
    this.changes++;
  }

  /**
   * Indexes many chunks into an empty index in one build, the postings written straight into their compact form
   * (no per-posting links, no growing arrays). `each` visits every doc with its text's terms when already analysed
   * (as add takes them; undefined: analysed here) and is called twice, with the same docs in the same order each
   * time. The index equals one made by adding the docs one by one.
   */
  addBulk(each: (visit: (doc: LexicalDoc, text: FieldTerms | undefined) => void) => void): void {
    if (this.postings.nextId !== 0) throw new Error(`${MODULE}: addBulk needs an empty index`);
    let added = 0;
    this.postings.addBulk((visit) => {
      added = 0;
      each((doc, text) => {
        checkDoc(doc);
        visit(
          doc.id,
          FIELDS.map((f) =>
            f === 'text'
              ? (text ?? fieldTerms(doc.text))
              : recurringFieldTerms(f === 'path' ? (doc.path ?? '') : doc[f]),
          ),
        );
        added++;
      });
    });
    this.changes += added;
  }

  /** Removes a chunk; no-op when absent. */
  remove(id: string): void {
    if (this.postings.remove(id)) this.changes++;
  }

  /** Removes the chunk numbered `n` in the snapshot this index was loaded from (see snapshotIds); no-op when gone. */
  removeSnapshotChunk(n: number): void {
    if (this.postings.removeNumber(n)) this.changes++;
  }

  /** Counts adds and removes: equal counts mean unchanged contents (cached statistics stay valid). */
  get version(): number {
    return this.changes;
  }

  /** True when a chunk with this id is indexed. */
  has(id: string): boolean {
    return this.postings.shortId(id) !== undefined;
  }

  /** Number of indexed chunks. */
  size(): number {
    return this.postings.size;
  }

  /**
   * The k best chunks for `query`, best first; `terms` are the query words that matched. Scores are BM25+ as
   * MiniSearch computed them, top-k with early termination; `exhaustive` scores every match (the reference the
   * early termination is tested against).
   */
  search(
    text: string,
    k: number,
    opts: { expansions?: ReadonlyMap<string, number>; exhaustive?: boolean } = {},
  ): LexicalHit[] {
    if (!Number.isInteger(k) || k < 0) throw new Error(`${MODULE}: k must be a non-negative integer, got ${String(k)}`);
    if (k === 0) return [];
    // One token per distinct index term, so "index indexing" does not count "index" twice; remember which
    // query word produced each term so the trace shows words the user typed.
    const wordOf = new Map<string, string>();
    for (const token of tokenize(text)) {
      const term = processTerm(token);
      if (term !== null && !wordOf.has(term)) wordOf.set(term, token);
    }
    // Expansion words (e.g. WordNet synonyms of the question's words) join the query with a lower weight.
    const extra = new Map<string, number>();
    for (const [word, weight] of opts.expansions ?? []) {
      for (const token of tokenize(word)) {
        const term = processTerm(token);
        if (term !== null && !wordOf.has(term) && !extra.has(term)) extra.set(term, weight);
      }
    }
    if (wordOf.size === 0 && extra.size === 0) return [];
    // Query terms in MiniSearch's order: question words, then each expansion token (a term may repeat: a word
    // and an expansion token that stem alike are each scored, as MiniSearch did).
    const extraTokens = new Set<string>();
    for (const word of opts.expansions?.keys() ?? []) for (const t of tokenize(word)) extraTokens.add(t);
    const query: QueryTerm[] = [...wordOf.keys()].map((term) => ({ term, weight: 1 }));
    for (const t of extraTokens) {
      const term = processTerm(t);
      if (term !== null && extra.has(term)) query.push({ term, weight: extra.get(term)! });
    }
    this.postings.compactIfLarge();
    const params = { fields: this.fields, bm25: this.opts.bm25, coordination: this.opts.coordination };
    return topK(this.postings, query, k, opts.exhaustive === true ? { ...params, exhaustive: true } : params).map(
      (r) => ({
        id: this.postings.idOf(r.shortId)!,
        score: r.score,
        terms: r.terms.map((t) => wordOf.get(t) ?? t),
      }),
    );
  }

  /**
   * In how many chunks the index term of `word` occurs (after tokenizing, stop-word removal and stemming; 0 for a
   * stop word), in the field where it is most frequent: an estimate for weighting, in constant time.
   */
  documentFrequency(word: string): number {
    const term = processTerm(tokenize(word)[0] ?? '');
    if (term === null || term === '') return 0;
    const t = this.postings.termId(term);
    if (t === undefined) return 0;
    // The largest per-field count (the heading path is part of the text, so text counts it too).
    let df = 0;
    for (let f = 0; f < FIELD_COUNT; f++) df = Math.max(df, this.postings.listSize(t, f));
    return df;
  }

  /** In how many chunks' text the index term `term` (already stemmed) occurs; exact. */
  textFrequency(term: string): number {
    const t = this.postings.termId(term);
    return t === undefined ? 0 : this.postings.listSize(t, FIELDS.indexOf('text'));
  }

  /** Every index term (stemmed), e.g. to map spellings across scripts; may include terms of removed chunks. */
  *terms(): IterableIterator<string> {
    yield* this.postings.terms();
  }

  /** The live chunk ids in the order toSnapshot() writes them (for a loaded index: the snapshot's order). */
  snapshotIds(): string[] {
    return this.postings.liveIds();
  }

  /** The index as compact bytes (see lexical-snapshot.ts); options are not part of it. */
  toSnapshot(): Uint8Array {
    return encodePostings(this.postings.snapshot(), LEXICAL_FORMAT_VERSION);
  }

  /** An index from toSnapshot() bytes; throws 'lexical-...: ...' on damaged, foreign or old-format bytes. */
  static fromSnapshot(bytes: Uint8Array, opts?: Partial<LexicalOptions>): LexicalIndex {
    const self = new LexicalIndex(opts);
    self.postings = Postings.from(decodePostings(bytes, LEXICAL_FORMAT_VERSION));
    return self;
  }
}

function checkDoc(doc: LexicalDoc): void {
  if (typeof doc !== 'object' || doc === null || typeof doc.id !== 'string' || doc.id === '') {
    throw new Error(`${MODULE}: doc needs a non-empty string id`);
  }
  for (const f of FIELDS) {
    if (f === 'path' && doc.path === undefined) continue;
    if (typeof doc[f] !== 'string') throw new Error(`${MODULE}: doc ${doc.id}: field ${f} must be a string`);
  }
}

function checkOptions(o: LexicalOptions): LexicalOptions {
  for (const f of FIELDS) {
    const b = o.boost[f];
    if (!Number.isFinite(b) || b < 0) throw new Error(`${MODULE}: boost.${f} must be a finite number ≥ 0`);
  }
  const { k, b, d } = o.bm25;
  if (!(Number.isFinite(k) && k >= 0 && Number.isFinite(b) && b >= 0 && b <= 1 && Number.isFinite(d) && d >= 0)) {
    throw new Error(`${MODULE}: bm25 needs k ≥ 0, b in [0, 1], d ≥ 0`);
  }
  return o;
}
