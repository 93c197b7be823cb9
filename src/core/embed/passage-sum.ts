// PassageSum: the local embedder's passage side, the indexing path. A passage's vector is the sum over its distinct
// stems of (1 + ln tf) × the features of the first word that had the stem, each feature hashed to a signed slot.
// Each word's features are hashed once and kept packed (word-slots.ts) as slot indexes and signed weights, found
// by the word's number (word-ids.ts) through an array, so a chunk's tokens cost array reads, not string lookups.
import { grownTable, WordIds } from '../index/word-ids';
import { PassageTerms } from './passage-terms';
import { WordSlots } from './word-slots';

/** A word's features: signed slots ±(index + 1) and weights. */
export interface WordFeatures {
  slots: number[];
  weights: number[];
}

/** Sums passage features into an accumulator; one per embedder. */
export class PassageSum {
  /** Numbers the words of passages (the index worker numbers each chunk's tokens here once, for its terms too). */
  readonly words: WordIds;
  private readonly terms: PassageTerms;
  /** Per word: slot indexes and weights with the slot's sign (acc[i] += w·weight adds what −= w·|weight| did). */
  private readonly wordSlots: WordSlots;
  /** Word number → its wordSlots entry (-1: not looked up), valid for the numbering and slots generation below. */
  private entryOfWord = new Int32Array(1024).fill(-1);
  private entryEpoch = -1;
  private entryGeneration = -1;

  /** `features(word, stem)`: a word's features, asked once per word while it stays cached (`limit` words). */
  constructor(
    private readonly features: (word: string, stem: string) => WordFeatures,
    wordLimit: number,
    limit: number,
  ) {
    this.words = new WordIds(wordLimit);
    this.terms = new PassageTerms(this.words);
    this.wordSlots = new WordSlots(limit);
  }

  /** Adds the features of a passage (`ids`: its tokens numbered by `words`) into `acc`. */
  add(ids: Int32Array, acc: Float64Array): void {
    this.terms.forEachOf(ids, (s, tf, w) => {
      const weight = 1 + Math.log(tf);
      const e = this.entryOf(w, s);
      const ws = this.wordSlots;
      const index = ws.slotArray;
      const signed = ws.weightArray;
      const end = ws.start(e + 1);
      for (let i = ws.start(e); i < end; i++) acc[index[i]!]! += weight * signed[i]!;
    });
  }

  /** The wordSlots entry of the word numbered `w` (stem `s`), from the per-number table when it is current. */
  private entryOf(w: number, s: string): number {
    const slots = this.wordSlots;
    if (this.entryEpoch !== this.words.epoch || this.entryGeneration !== slots.generation) {
      this.entryOfWord.fill(-1);
      this.entryEpoch = this.words.epoch;
      this.entryGeneration = slots.generation;
    }
    if (w >= this.entryOfWord.length) this.entryOfWord = grownTable(this.entryOfWord, this.words.size, -1);
    let e = this.entryOfWord[w]!;
    if (e < 0) {
      const word = this.words.word(w);
      e = slots.find(word);
      if (e < 0) {
        const f = this.features(word, s);
        e = slots.addEntry(
          word,
          f.slots.map((x) => (x > 0 ? x - 1 : -x - 1)),
          f.weights.map((x, i) => (f.slots[i]! > 0 ? x : -x)),
        );
      }
      // Adding may have dropped every entry (the slots' limit): the table is then stale but for this word.
      if (this.entryGeneration !== slots.generation) {
        this.entryOfWord.fill(-1);
        this.entryGeneration = slots.generation;
      }
      this.entryOfWord[w] = e;
    }
    return e;
  }
}
