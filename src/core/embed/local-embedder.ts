// The zero-download embedder: works the moment the plugin is installed, needs no model files.
// A text becomes a sparse bag of features — word stems, WordNet synsets of each word (so "add-on" meets
// "plug-in", "typeface" meets "font"), their hypernyms, and character 4-grams (morphology, Russian, identifiers) —
// hashed with random signs into a fixed number of dimensions (feature hashing keeps inner products on average).
// Corpus-independent on the passage side, so an unchanged chunk keeps its vector forever; the query side may be
// weighted by term rarity from the index (setTermWeights), which changes only the ranking, never stored vectors.
import type { Embedder, EmbedderFingerprint, ProgressFn } from '../types';
import { tokenize, isStopWord, stem } from '../index/text-analysis';
import type { WordNet } from './wordnet';
import { bundledWordNet } from './bundled-wordnet';
import { PassageSum, type WordFeatures } from './passage-sum';
import { hashSlot } from './feature-hash';
import { DEFAULT_RUSSIAN_FEATURES, russianFeatures, type RussianFeatureOptions } from './russian-features';

/** Tuning of the local embedder; part of its fingerprint. */
export interface LocalEmbedderOptions {
  dims: number;
  /** Weight of a word's WordNet synsets relative to the word itself. */
  synsetWeight: number;
  /** Weight of hypernyms of the first synsets. */
  hypernymWeight: number;
  /** Weight of the character n-grams of a word (spread over its n-grams). */
  ngramWeight: number;
  /** Most WordNet senses taken per word (the likeliest ones). */
  senses: number;
  /** Russian stem n-grams and cross-script transliteration skeletons (russian-features.ts). */
  russian: RussianFeatureOptions;
}

/** Defaults chosen on the development sets (see docs/retrieval-quality.md). */
export const DEFAULT_LOCAL_EMBEDDER: LocalEmbedderOptions = {
  dims: 512,
  synsetWeight: 0.6,
  hypernymWeight: 0.2,
  ngramWeight: 0.35,
  senses: 2,
  russian: DEFAULT_RUSSIAN_FEATURES,
};

// 2: senses weighted by WordNet's corpus probability, not rank. 3: float64 sums per word; Russian n-grams, skeletons.
const ALGORITHM_VERSION = 3;
/** Caches are dropped past this many entries (a vault's vocabulary is far smaller; this only bounds memory). */
const CACHE_LIMIT = 200_000;
/** Passage words numbered before the numbers are forgotten (the term packer's token limit, packed-terms.ts). */
const WORD_LIMIT = 500_000;
/** Senses less likely than this add no features. */
const MIN_SENSE_P = 0.1;

/** Zero-download embedder built from WordNet, stems and character n-grams. */
export class LocalEmbedder implements Embedder {
  readonly fingerprint: EmbedderFingerprint;
  /** A question hashes into ~32 of 512 dimensions (p95 44, docs/benchmarks.md §6): the engine scans columns. */
  readonly sparseQueries: boolean = true;
  private readonly opts: LocalEmbedderOptions;
  private wordnet: WordNet | null = null;
  private termWeight: ((stemmed: string) => number) | null = null;
  private readonly expansionCache = new Map<string, [string, number][]>();
  private readonly synsetWeights = new Map<string, number>();
  // Per-word work is done once per word, not once per occurrence: stems, and a passage word's features hashed to
  // signed slots. Passage vectors depend on nothing else (no corpus statistics), so these caches never go stale.
  private readonly stemCache = new Map<string, string>();
  private readonly slotCache = new Map<string, number>();
  private readonly passage = new PassageSum((word, s) => this.passageFeatures(word, s), WORD_LIMIT, CACHE_LIMIT);
  /** Numbers the words of passages; the index worker numbers each chunk's tokens here once for the lexical terms too. */
  readonly words = this.passage.words;
  private acc: Float64Array;

  /** `wordnet` supplies the thesaurus on init (default: the artifact bundled at build time). */
  constructor(
    opts: Partial<LocalEmbedderOptions> = {},
    private readonly loadWordNet: () => WordNet = bundledWordNet,
  ) {
    this.opts = { ...DEFAULT_LOCAL_EMBEDDER, ...opts, russian: { ...DEFAULT_LOCAL_EMBEDDER.russian, ...opts.russian } };
    const o = this.opts;
    this.fingerprint = {
      model:
        `local-wordnet-hash:s${o.synsetWeight}:h${o.hypernymWeight}:g${o.ngramWeight}:k${o.senses}` +
        `:r${o.russian.stemGramWeight}:t${o.russian.translitWeight}`,
      dims: o.dims,
      pooling: 'sum',
      normalized: true,
      version: ALGORITHM_VERSION,
    };
    this.acc = new Float64Array(o.dims);
  }

  /** Decodes WordNet (tens of milliseconds, once per process). */
  async init(onProgress?: ProgressFn): Promise<void> {
    if (this.wordnet) return;
    onProgress?.({ phase: 'load', done: 0, total: 1, message: 'Loading WordNet' });
    this.wordnet = this.loadWordNet();
    onProgress?.({ phase: 'load', done: 1, total: 1, message: 'WordNet loaded' });
  }

  /** Weights query terms (by stem) by rarity; pass null to reset. Passages are never affected. */
  setTermWeights(weight: ((stemmed: string) => number) | null): void {
    this.termWeight = weight;
    this.synsetWeights.clear();
  }

  /**
   * Learns query-term weights (inverse document frequency over the passages): a rare word in a question counts
   * more. Only queries change. A full pass: an index keeps the counts itself and passes them to useTermFrequencies.
   */
  fitQueryWeights(passages: Iterable<string>): void {
    const df = new Map<string, number>();
    let n = 0;
    for (const text of passages) {
      n++;
      for (const s of this.stems(text)) df.set(s, (df.get(s) ?? 0) + 1);
    }
    this.useTermFrequencies((s) => df.get(s) ?? 0, n);
  }

  /**
   * Weights query terms from document frequencies an index maintains (per stem, over n passages), the same
   * weights fitQueryWeights learns from the passages themselves, without reading them. Call again after the
   * index changed (cached synset weights are dropped).
   */
  useTermFrequencies(df: (stemmed: string) => number, n: number): void {
    this.synsetWeights.clear();
    if (n === 0) {
      this.termWeight = null;
      return;
    }
    // BM25's idf form, floored so that a word present everywhere still counts a little. (Dropping words no
    // passage contains, whose own feature only meets hash collisions, measured worse: docs/retrieval-quality.md.)
    this.termWeight = (s) => {
      const f = df(s);
      return Math.max(0.1, Math.log(1 + (n - f + 0.5) / (f + 0.5)));
    };
  }

  /** Distinct stems of a text (stop words removed). */
  stems(text: string): Set<string> {
    const out = new Set<string>();
    for (const word of tokenize(text)) if (!isStopWord(word) && word.length >= 2) out.add(this.stem(word));
    return out;
  }

  private stem(word: string): string {
    let s = this.stemCache.get(word);
    if (s === undefined) {
      s = stem(word);
      if (this.stemCache.size > CACHE_LIMIT) this.stemCache.clear();
      this.stemCache.set(word, s);
    }
    return s;
  }

  async embed(texts: string[], mode: 'query' | 'passage'): Promise<Float32Array[]> {
    if (!this.wordnet) await this.init();
    return texts.map((t) => this.embedOne(t, mode));
  }

  /** Each distinct stem of a text with its count and the first word that had it. */
  private termCounts(text: string): Map<string, { tf: number; word: string }> {
    const counts = new Map<string, { tf: number; word: string }>();
    for (const word of tokenize(text)) {
      if (isStopWord(word) || word.length < 2) continue;
      const s = this.stem(word);
      const c = counts.get(s);
      if (c) c.tf++;
      else counts.set(s, { tf: 1, word });
    }
    return counts;
  }

  /** The weighted features of a text before hashing (exposed for tests and the retrieval trace). */
  features(text: string, mode: 'query' | 'passage'): Map<string, number> {
    const counts = this.termCounts(text);
    const feats = new Map<string, number>();
    const add = (f: string, w: number) => feats.set(f, (feats.get(f) ?? 0) + w);
    const query = mode === 'query' && this.termWeight !== null;
    for (const [s, { tf, word }] of counts) {
      const w = 1 + Math.log(tf);
      const idf = query ? this.termWeight!(s) : 1;
      if (w * idf <= 0) continue;
      add(`w:${s}`, w * idf);
      // A synset is weighted by its own rarity in the notes, not the word's: "add-on" never occurs here, but its
      // synset means "plugin", which is everywhere, so it must not dominate the question.
      for (const [f, fw] of this.expand(word))
        add(f, w * fw * (!query ? 1 : f.startsWith('s:') ? this.synsetWeight(f) : idf));
    }
    return feats;
  }

  private expand(word: string): [string, number][] {
    const hit = this.expansionCache.get(word);
    if (hit) return hit;
    const out = this.expansion(word);
    if (this.expansionCache.size > 200_000) this.expansionCache.clear();
    this.expansionCache.set(word, out);
    return out;
  }

  /** A word's synset, n-gram and Russian features with their weights (uncached). */
  private expansion(word: string): [string, number][] {
    const o = this.opts;
    const out: [string, number][] = [];
    const wn = this.wordnet;
    if (wn && o.synsetWeight > 0 && /^[a-z][a-z-]*$/.test(word)) {
      // Each likely sense by its probability (WordNet's tagged counts): "add" is the verb, not the disorder ADD.
      for (const { id, p } of wn.senses(word).slice(0, o.senses)) {
        if (p < MIN_SENSE_P) break;
        out.push([`s:${id}`, o.synsetWeight * p]);
        if (o.hypernymWeight > 0)
          for (const h of wn.synset(id)?.hypernyms ?? []) out.push([`s:${h}`, o.hypernymWeight * p]);
      }
    }
    if (o.ngramWeight > 0 && word.length >= 4) {
      const padded = `^${word}$`;
      const grams: string[] = [];
      for (let i = 0; i + 4 <= padded.length; i++) grams.push(padded.slice(i, i + 4));
      const per = o.ngramWeight / Math.sqrt(grams.length);
      for (const g of grams) out.push([`g:${g}`, per]);
    }
    out.push(...russianFeatures(word, stem(word), o.russian));
    return out;
  }

  /** Query weight of a synset feature: the rarity of its most common lemma (what the synset matches in passages). */
  private synsetWeight(feature: string): number {
    const tw = this.termWeight;
    if (!tw || !this.wordnet) return 1;
    let w = this.synsetWeights.get(feature);
    if (w === undefined) {
      w = Infinity;
      for (const lemma of this.wordnet.synset(feature.slice(2))?.words ?? []) {
        if (lemma.includes('_')) continue;
        w = Math.min(w, tw(this.stem(lemma.replace(/-/g, ''))));
      }
      if (!Number.isFinite(w)) w = 1;
      this.synsetWeights.set(feature, w);
    }
    return w;
  }

  /** Feature hashing: the signed slot of a feature, as ±(index + 1). */
  private slot(feature: string): number {
    let slot = this.slotCache.get(feature);
    if (slot === undefined) {
      slot = hashSlot(feature, this.opts.dims);
      if (this.slotCache.size > CACHE_LIMIT) this.slotCache.clear();
      this.slotCache.set(feature, slot);
    }
    return slot;
  }

  /** A passage word's features (its stem's, then its expansion's), hashed. */
  private passageFeatures(word: string, s: string): WordFeatures {
    // Expansions and slots are not cached on this path: the packed entry is all a passage word needs again.
    const feats: [string, number][] = [[`w:${s}`, 1], ...(this.expansionCache.get(word) ?? this.expansion(word))];
    return {
      slots: feats.map(([f]) => this.slotCache.get(f) ?? hashSlot(f, this.opts.dims)),
      weights: feats.map(([, w]) => w),
    };
  }

  /**
   * The passage vector of a text already cut by tokenize, equal to embed([text], 'passage'): the index worker cuts
   * a chunk once for its vector and its lexical terms. Needs init() first.
   */
  embedPassageTokens(tokens: readonly string[]): Float32Array {
    return this.embedPassageIds(this.words.ids(tokens));
  }

  /** embedPassageTokens for tokens numbered by `this.words` (`ids`, from words.ids or words.idsOfText). */
  embedPassageIds(ids: Int32Array): Float32Array {
    if (!this.wordnet) throw new Error('local-embedder: embedPassageTokens before init()');
    // The same sum as hashing features(text, 'passage'), without building the feature map (the indexing path).
    const acc = this.acc.fill(0);
    this.passage.add(ids, acc);
    return this.normalized(acc);
  }

  /** `input`: a text, or (passages only) its tokens. */
  private embedOne(input: string | readonly string[], mode: 'query' | 'passage'): Float32Array {
    if (mode === 'passage' || typeof input !== 'string') {
      return this.embedPassageIds(this.words.ids(typeof input === 'string' ? tokenize(input) : input));
    }
    const acc = this.acc.fill(0);
    for (const [f, w] of this.features(input, mode)) {
      const slot = this.slot(f);
      if (slot > 0) acc[slot - 1]! += w;
      else acc[-slot - 1]! -= w;
    }
    return this.normalized(acc);
  }

  /** `acc` scaled to unit length, as float32. */
  private normalized(acc: Float64Array): Float32Array {
    let norm = 0;
    for (let i = 0; i < acc.length; i++) norm += acc[i]! * acc[i]!;
    norm = Math.sqrt(norm);
    const v = new Float32Array(acc.length);
    if (norm > 0) for (let i = 0; i < acc.length; i++) v[i] = acc[i]! / norm;
    return v;
  }
}
