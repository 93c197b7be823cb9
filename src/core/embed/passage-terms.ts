// PassageTerms: the distinct stems of a passage with their counts and first words, as the local embedder sums
// them. Indexing embeds every chunk of a vault, so the per-token work is one lookup of the word (its stem id,
// or "skipped" for stop words and one-letter words); counts live in a reused array, not a Map per passage.
import { isStopWord, stem, tokenize } from '../index/text-analysis';

/** Word id of a word that adds no feature (stop word, or shorter than two characters). */
const SKIP = -1;

/** Words and stems seen by one embedder, and scratch space for one passage at a time. */
export class PassageTerms {
  /** Word → stem id, or SKIP. */
  private readonly stemIdOf = new Map<string, number>();
  private readonly idOfStem = new Map<string, number>();
  private readonly stems: string[] = [];
  /** Per stem id: count in the current passage (0: not seen yet). */
  private tf = new Int32Array(1024);
  /** The current passage's stem ids in order of first occurrence, and the word that first had each. */
  private readonly order: number[] = [];
  private readonly firstWord: string[] = [];

  /** `limit`: words remembered before everything is forgotten (bounds memory on a vault's long tail). */
  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit <= 0) throw new Error(`passage-terms: bad limit ${limit}`);
  }

  /**
   * Calls `visit(stem, tf, word)` for each distinct stem of `text`, in order of first occurrence, with its count
   * and the first word that had it: the same as grouping tokenize(text) by stem, without stop words.
   */
  forEach(text: string, visit: (stem: string, tf: number, word: string) => void): void {
    this.forEachOf(tokenize(text), visit);
  }

  /** forEach over a text already cut by tokenize (`tokens`). */
  forEachOf(tokens: readonly string[], visit: (stem: string, tf: number, word: string) => void): void {
    if (this.stemIdOf.size >= this.limit) this.clear();
    const { order, firstWord } = this;
    for (const word of tokens) {
      let id = this.stemIdOf.get(word);
      if (id === undefined) {
        id = isStopWord(word) || word.length < 2 ? SKIP : this.stemId(stem(word));
        this.stemIdOf.set(word, id);
      }
      if (id === SKIP) continue;
      if (this.tf[id]! === 0) {
        order.push(id);
        firstWord.push(word);
      }
      this.tf[id]!++;
    }
    try {
      for (let i = 0; i < order.length; i++) visit(this.stems[order[i]!]!, this.tf[order[i]!]!, firstWord[i]!);
    } finally {
      for (const id of order) this.tf[id] = 0;
      order.length = 0;
      firstWord.length = 0;
    }
  }

  private stemId(s: string): number {
    let id = this.idOfStem.get(s);
    if (id === undefined) {
      id = this.stems.length;
      this.stems.push(s);
      this.idOfStem.set(s, id);
      if (id >= this.tf.length) {
        const grown = new Int32Array(this.tf.length * 2);
        grown.set(this.tf);
        this.tf = grown;
      }
    }
    return id;
  }

  private clear(): void {
    this.stemIdOf.clear();
    this.idOfStem.clear();
    this.stems.length = 0;
  }
}
