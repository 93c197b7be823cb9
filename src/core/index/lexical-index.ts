// BM25+ keyword search over chunks with MiniSearch 7: our tokenizer (identifiers split and kept whole), stop words
// and light stemming, per-field boosts, fuzzy and prefix matching on longer terms. Removal uses MiniSearch's
// discard, whose index entries are cleaned up by its own background vacuum.
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { LexicalDoc, LexicalHit } from '../types';
import { isStopWord, stem, tokenize } from './text-analysis';
import { Discarded, fieldFrequency, internals, topK, type QueryTerm } from './lexical-search';

const MODULE = 'lexical-index';
const FIELDS = ['title', 'aliases', 'headings', 'path', 'text'] as const;
/** Bumped whenever tokenize/stem change: an index built with other terms must be rebuilt, not reused. */
export const LEXICAL_FORMAT_VERSION = 2;
const FORMAT = 'overlay-lexical';

/** Search-time tuning. `fuzzy` is the edit distance as a share of term length. */
export interface LexicalOptions {
  boost: { title: number; aliases: number; headings: number; path: number; text: number };
  fuzzy: number;
  prefix: boolean;
  /** BM25+ parameters (k1 saturation, b length normalisation, d lower bound of a match); MiniSearch's defaults. */
  bm25: { k: number; b: number; d: number };
  /**
   * Multiply a hit's score by the number of query words it matched (MiniSearch's own behaviour). Off gives plain
   * BM25, where a chunk matching many common words does not outrank one matching the rare, telling word.
   */
  coordination: boolean;
}

/** Title and aliases name the note, headings name the section, so they count more than body text. */
// Measured on the development sets (docs/retrieval-quality.md): with Porter stemming and identifier splitting,
// fuzzy and prefix matching only add noise, and strong field boosts over-reward generic titles (title ×2–5 cost
// 0.05–0.15 Recall@5 in English); the heading path is already part of every chunk's text. Folder names are a weak
// hint (×0.3): "Reference/TypeScript API" is on most notes of the English set.
export const DEFAULT_LEXICAL: LexicalOptions = {
  boost: { title: 1.2, aliases: 1.2, headings: 1.2, path: 0.3, text: 1 },
  fuzzy: 0,
  prefix: false,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  coordination: true,
};
/** Discarded chunks whose postings may linger before a vacuum is started. */
const MAX_DISCARDED = 2000;
/** Shorter terms get no fuzzy match (one edit turns most short words into other words). */
const FUZZY_MIN_LENGTH = 5;
/** Shorter terms get no prefix match ("in" would match every "index…"). */
const PREFIX_MIN_LENGTH = 4;

/** The index term of one token, or null for a stop word. */
function processTerm(term: string): string | null {
  return isStopWord(term) ? null : stem(term);
}

/** Keyword index over chunks. */
export class LexicalIndex {
  private readonly opts: LexicalOptions;
  private ms: MiniSearch<LexicalDoc>;
  private discarded = new Discarded();
  private changes = 0;

  /** Creates an empty index. */
  constructor(opts: Partial<LexicalOptions> = {}) {
    this.opts = checkOptions({
      ...DEFAULT_LEXICAL,
      ...opts,
      boost: { ...DEFAULT_LEXICAL.boost, ...opts.boost },
      bm25: { ...DEFAULT_LEXICAL.bm25, ...opts.bm25 },
    });
    this.ms = new MiniSearch<LexicalDoc>(miniSearchOptions());
  }

  /** Adds a chunk; replaces an existing doc with the same id. */
  add(doc: LexicalDoc): void {
    checkDoc(doc);
    const clean: LexicalDoc = {
      id: doc.id,
      title: doc.title,
      aliases: doc.aliases,
      headings: doc.headings,
      path: doc.path ?? '',
      text: doc.text,
    };
    if (this.ms.has(doc.id)) {
      this.noteDiscard(doc.id);
      this.ms.replace(clean);
    } else this.ms.add(clean);
    this.changes++;
  }

  /** Removes a chunk; no-op when absent. */
  remove(id: string): void {
    if (!this.ms.has(id)) return;
    this.noteDiscard(id);
    this.ms.discard(id);
    this.changes++;
    // Exact frequencies look discarded ids up in each posting list: past a few thousand, clean the postings now
    // (in the background, in batches) rather than when MiniSearch's own threshold of 10 % of the index is reached.
    if (this.discarded.size > MAX_DISCARDED && !this.ms.isVacuuming) {
      const cleaned = this.discarded.snapshot();
      const discarded = this.discarded;
      this.ms.vacuum().then(
        () => discarded.forget(cleaned),
        () => undefined,
      );
    }
  }

  /** Counts adds and removes: equal counts mean unchanged contents (cached statistics stay valid). */
  get version(): number {
    return this.changes;
  }

  private noteDiscard(id: string): void {
    const shortId = internals(this.ms)._idToShortId.get(id);
    if (shortId !== undefined) this.discarded.add(shortId);
  }

  /** True when a chunk with this id is indexed. */
  has(id: string): boolean {
    return this.ms.has(id);
  }

  /** Number of indexed chunks. */
  size(): number {
    return this.ms.documentCount;
  }

  /**
   * The k best chunks for `query`, best first; `terms` are the query words that matched. Scores are MiniSearch's
   * BM25+, computed top-k over its postings; `exhaustive` scores every match through MiniSearch's own search
   * (the reference the top-k path is tested against).
   */
  search(
    query: string,
    k: number,
    opts: { expansions?: ReadonlyMap<string, number>; exhaustive?: boolean } = {},
  ): LexicalHit[] {
    if (!Number.isInteger(k) || k < 0) throw new Error(`${MODULE}: k must be a non-negative integer, got ${String(k)}`);
    if (k === 0) return [];
    // One token per distinct index term, so "index indexing" does not count "index" twice; remember which
    // query word produced each term so the trace shows words the user typed.
    const wordOf = new Map<string, string>();
    for (const token of tokenize(query)) {
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
    const extraTokens = new Map<string, string>();
    for (const word of opts.expansions?.keys() ?? []) for (const t of tokenize(word)) extraTokens.set(t, word);
    const tokens = [
      ...wordOf.values(),
      ...[...extraTokens.keys()].filter((t) => {
        const term = processTerm(t);
        return term !== null && extra.has(term);
      }),
    ];
    if (!(this.opts.fuzzy > 0) && !this.opts.prefix && opts.exhaustive !== true) {
      const query: QueryTerm[] = [];
      for (const t of tokens) {
        const term = processTerm(t);
        if (term !== null) query.push({ term, weight: extra.get(term) ?? 1 });
      }
      return this.topK(query, k, wordOf);
    }
    return this.searchAll(query, tokens, k, wordOf, extra);
  }

  private topK(query: QueryTerm[], k: number, wordOf: ReadonlyMap<string, string>): LexicalHit[] {
    const x = internals(this.ms);
    // As in searchAll: a field weighted 0 is not searched at all.
    const boost = Object.fromEntries(FIELDS.filter((f) => this.opts.boost[f] > 0).map((f) => [f, this.opts.boost[f]]));
    return topK(x, this.discarded, query, k, { boost, bm25: this.opts.bm25, coordination: this.opts.coordination }).map(
      (r) => ({
        id: x._documentIds.get(r.shortId) as string,
        score: r.score,
        terms: r.terms.map((t) => wordOf.get(t) ?? t),
      }),
    );
  }

  /**
   * The same search through MiniSearch's own OR query, scoring every match (the reference for topK, and the
   * path for fuzzy and prefix matching).
   */
  private searchAll(
    query: string,
    tokens: readonly string[],
    k: number,
    wordOf: ReadonlyMap<string, string>,
    extra: ReadonlyMap<string, number>,
  ): LexicalHit[] {
    const options: SearchOptions = {
      tokenize: () => [...tokens],
      // A field weighted 0 is not searched at all (otherwise its matches still count in the coordination factor).
      fields: FIELDS.filter((f) => this.opts.boost[f] > 0),
      boost: { ...this.opts.boost },
      fuzzy: (term) => (term.length >= FUZZY_MIN_LENGTH ? this.opts.fuzzy : false),
      prefix: (term) => this.opts.prefix && term.length >= PREFIX_MIN_LENGTH,
      combineWith: 'OR',
      boostTerm: (term) => extra.get(term) ?? 1,
      bm25: { ...this.opts.bm25 },
    };
    let results = this.ms.search(query, options);
    if (!this.opts.coordination || extra.size > 0) {
      // MiniSearch multiplies by the count of matched query terms. Without coordination undo it; with it, an
      // expansion word counts only by its weight, so a chunk does not win by matching many loose synonyms.
      results = results
        .map((r) => {
          const coord = this.opts.coordination ? r.queryTerms.reduce((s, t) => s + (extra.get(t) ?? 1), 0) : 1;
          return { ...r, score: (r.score / Math.max(1, r.queryTerms.length)) * coord };
        })
        .sort((a, b) => b.score - a.score);
    }
    return results.slice(0, k).map((r) => ({
      id: r.id as string,
      score: r.score,
      terms: r.queryTerms.map((t) => wordOf.get(t) ?? t),
    }));
  }

  /**
   * In how many chunks the index term of `word` occurs (after tokenizing, stop-word removal and stemming; 0 for a
   * stop word), in the field where it is most frequent: an estimate for weighting, in constant time.
   */
  documentFrequency(word: string): number {
    const term = processTerm(tokenize(word)[0] ?? '');
    if (term === null || term === '') return 0;
    // The largest per-field count: constant time (the heading path is part of the text, so text counts it too).
    let df = 0;
    for (const f of FIELDS) df = Math.max(df, fieldFrequency(internals(this.ms), this.discarded, term, f));
    return df;
  }

  /** In how many chunks' text the index term `term` (already stemmed) occurs; exact, constant time. */
  textFrequency(term: string): number {
    return fieldFrequency(internals(this.ms), this.discarded, term, 'text');
  }

  /** Every index term (stemmed), e.g. to map spellings across scripts; may include terms of discarded chunks. */
  *terms(): IterableIterator<string> {
    yield* internals(this.ms)._index.keys();
  }

  /** Serialisable state (plain JSON). */
  toJSON(): unknown {
    return { format: FORMAT, version: LEXICAL_FORMAT_VERSION, index: this.ms.toJSON() };
  }

  /** Rebuilds an index from toJSON() output (object or JSON text); throws 'lexical-index: ...' on bad data. */
  static fromJSON(json: unknown, opts?: Partial<LexicalOptions>): LexicalIndex {
    let data: unknown = json;
    if (typeof json === 'string') {
      try {
        data = JSON.parse(json);
      } catch (e: unknown) {
        throw new Error(`${MODULE}: not JSON (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    if (!isRecord(data) || data.format !== FORMAT) throw new Error(`${MODULE}: not a lexical index`);
    if (data.version !== LEXICAL_FORMAT_VERSION) {
      throw new Error(`${MODULE}: format version ${String(data.version)}, expected ${LEXICAL_FORMAT_VERSION}: rebuild`);
    }
    const index = data.index;
    checkSerialized(index);
    const self = new LexicalIndex(opts);
    try {
      self.ms = MiniSearch.loadJS<LexicalDoc>(index as Parameters<typeof MiniSearch.loadJS>[0], miniSearchOptions());
      self.discarded = Discarded.fromIndex(internals(self.ms));
    } catch (e: unknown) {
      throw new Error(`${MODULE}: corrupt index (${e instanceof Error ? e.message : String(e)})`);
    }
    return self;
  }
}

function miniSearchOptions(): Options<LexicalDoc> {
  return {
    idField: 'id',
    fields: [...FIELDS],
    storeFields: [],
    tokenize: (text) => tokenize(text),
    processTerm,
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Structural check of MiniSearch's serialised form: loadJS trusts its input and fails late, or not at all. */
function checkSerialized(x: unknown): void {
  const bad = (what: string): never => {
    throw new Error(`${MODULE}: corrupt index (${what})`);
  };
  if (!isRecord(x)) bad('no index object');
  const o = x as Record<string, unknown>;
  if (o.serializationVersion !== 2) bad('serialization version');
  if (!Number.isInteger(o.documentCount) || !Number.isInteger(o.nextId)) bad('counts');
  if (!isRecord(o.documentIds) || !isRecord(o.fieldLength) || !isRecord(o.storedFields)) bad('document tables');
  const ids = Object.entries(o.documentIds as Record<string, unknown>);
  if (ids.length !== o.documentCount) bad('document count');
  for (const [shortId, id] of ids) {
    if (typeof id !== 'string' || !(Number(shortId) < (o.nextId as number))) bad('document ids');
  }
  const fieldIds = o.fieldIds;
  if (!isRecord(fieldIds) || FIELDS.some((f) => !Number.isInteger(fieldIds[f]))) bad('field ids');
  // MiniSearch writes an empty list for an index that never held a document.
  const lengthsOk =
    Array.isArray(o.averageFieldLength) &&
    (o.averageFieldLength.length === FIELDS.length || (o.documentCount === 0 && o.averageFieldLength.length === 0));
  if (!lengthsOk) bad('field lengths');
  if (!Array.isArray(o.index)) bad('term index');
  for (const entry of o.index as unknown[]) {
    const pair = Array.isArray(entry) ? (entry as unknown[]) : [];
    if (pair.length !== 2 || typeof pair[0] !== 'string' || !isRecord(pair[1])) bad('term entry');
    for (const freqs of Object.values(pair[1] as Record<string, unknown>)) if (!isRecord(freqs)) bad('term entry');
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
  if (!Number.isFinite(o.fuzzy) || o.fuzzy < 0 || o.fuzzy >= 1) throw new Error(`${MODULE}: fuzzy must be in [0, 1)`);
  const { k, b, d } = o.bm25;
  if (!(Number.isFinite(k) && k >= 0 && Number.isFinite(b) && b >= 0 && b <= 1 && Number.isFinite(d) && d >= 0)) {
    throw new Error(`${MODULE}: bm25 needs k ≥ 0, b in [0, 1], d ≥ 0`);
  }
  return o;
}
