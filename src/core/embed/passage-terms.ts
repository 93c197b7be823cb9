// PassageTerms: the distinct stems of a passage with their counts and first words, as the local embedder sums
// them. Indexing embeds every chunk of a vault, so the per-token work is one array read of the word's number (its
// stem id, or "skipped" for stop words and one-letter words); counts live in a reused array, not a Map per passage.
import { isStopWord, stem } from '../index/text-analysis';
import { grownTable, type WordIds } from '../index/word-ids';

/** Word id of a word that adds no feature (stop word, or shorter than two characters). */
const SKIP = -1;
/** A word number whose stem is not looked up yet. */
const UNKNOWN = -2;

/** Words and stems seen by one embedder, and scratch space for one passage at a time. */
export class PassageTerms {
  /** Word number → stem id, SKIP or UNKNOWN; valid in the words' epoch `epoch`. */
  private stemOfWord = new Int32Array(1024).fill(UNKNOWN);
  private epoch: number;
  private readonly idOfStem = new Map<string, number>();
  private readonly stems: string[] = [];
  /** Per stem id: count in the current passage (0: not seen yet). */
  private tf = new Int32Array(1024);
  /** The current passage's stem ids in order of first occurrence, and the number of the word that first had each. */
  private readonly order: number[] = [];
  private readonly firstWord: number[] = [];

  /** `words`: the numbering of the words passed to forEachOf (its limit bounds this table too). */
  constructor(readonly words: WordIds) {
    this.epoch = words.epoch;
  }

  /**
   * Calls `visit(stem, tf, word)` for each distinct stem of a text (`ids`: its tokens numbered by `words`), in
   * order of first occurrence, with its count and the number of the first word that had it: the same as grouping
   * tokenize(text) by stem, without stop words.
   */
  forEachOf(ids: Int32Array, visit: (stem: string, tf: number, word: number) => void): void {
    if (this.epoch !== this.words.epoch) this.clear();
    const { order, firstWord } = this;
    if (this.words.size > this.stemOfWord.length)
      this.stemOfWord = grownTable(this.stemOfWord, this.words.size, UNKNOWN);
    const stemOfWord = this.stemOfWord;
    for (let i = 0; i < ids.length; i++) {
      const w = ids[i]!;
      let id = stemOfWord[w]!;
      if (id === UNKNOWN) {
        const word = this.words.word(w);
        id = isStopWord(word) || word.length < 2 ? SKIP : this.stemId(stem(word));
        stemOfWord[w] = id;
      }
      if (id === SKIP) continue;
      if (this.tf[id]! === 0) {
        order.push(id);
        firstWord.push(w);
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

  /** Forgets the stems with the word numbers (stem ids would otherwise only grow). */
  private clear(): void {
    this.stemOfWord.fill(UNKNOWN);
    this.idOfStem.clear();
    this.stems.length = 0;
    this.epoch = this.words.epoch;
  }
}
