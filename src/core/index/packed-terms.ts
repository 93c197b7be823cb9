// Chunk texts' lexical terms as an index worker sends them to the main thread: the worker cuts each text once for
// its vector and its terms (the same analysis as the lexical index: tokenize, then processTerm), numbers each term
// the first time it sends it, and sends per batch the new terms spelled once plus one array of numbers and counts,
// which structured cloning copies as two flat values. The main thread's TermDictionary turns them back into
// FieldTerms whose numbers the postings map to their own term ids by array (no term lookup per posting).
import { processTerm, type FieldTerms } from './lexical-terms';
import { grownTable, WordIds } from './word-ids';

/** Several texts' terms as one message carries them. */
export interface PackedTerms {
  /** Terms numbered for the first time by this message, in number order, space-separated (tokens hold none). */
  fresh: string;
  /** Per text: field length (distinct raw tokens), number of terms n, then n pairs (term number, frequency). */
  counts: Uint32Array;
}

/** Tokens remembered with their term's number before the token table is forgotten (bounds a long tail). */
const TOKEN_LIMIT = 500_000;
/** A token number whose term is not looked up yet (-1: a stop word, no term). */
const UNKNOWN = -2;

/** The sending side: analyses tokenized texts into numbered terms. One per thread; numbers only grow. */
export class TermPacker {
  /** Per token number (`words`): its term's number, -1 (stop word) or UNKNOWN; the text it was last counted in. */
  private termOfSlot = new Int32Array(1024).fill(UNKNOWN);
  private seenIn = new Int32Array(1024);
  /** The words' epoch the per-token arrays hold. */
  private epoch: number;
  private readonly numberOf = new Map<string, number>();
  /** Per term number: its count in the current text. */
  private tf: Uint32Array = new Uint32Array(1024);
  private readonly order: number[] = [];
  private readonly out: number[] = [];
  private fresh: string[] = [];
  private texts = 0;

  /** `words` numbers the tokens (the index worker shares its embedder's, so a token is looked up once). */
  constructor(private readonly words: WordIds = new WordIds(TOKEN_LIMIT)) {
    this.epoch = words.epoch;
  }

  /** Adds one text's terms (`tokens`: tokenize's output for it) to the message being packed. */
  add(tokens: readonly string[]): void {
    this.addIds(this.words.ids(tokens));
  }

  /** add() for a text's tokens numbered by this packer's `words` (`ids`, from words.ids). */
  addIds(ids: Int32Array): void {
    if (this.epoch !== this.words.epoch) {
      this.termOfSlot.fill(UNKNOWN);
      this.seenIn.fill(0);
      this.epoch = this.words.epoch;
    }
    if (this.words.size > this.termOfSlot.length) {
      this.termOfSlot = grownTable(this.termOfSlot, this.words.size, UNKNOWN);
      this.seenIn = grownTable(this.seenIn, this.words.size, 0);
    }
    const text = ++this.texts;
    let length = 0;
    const { order, seenIn, termOfSlot } = this;
    for (let i = 0; i < ids.length; i++) {
      const slot = ids[i]!;
      if (seenIn[slot] !== text) {
        seenIn[slot] = text;
        length++;
      }
      let t = termOfSlot[slot]!;
      if (t === UNKNOWN) {
        const term = processTerm(this.words.word(slot));
        t = term === null ? -1 : this.number(term);
        termOfSlot[slot] = t;
      }
      if (t < 0) continue;
      if (this.tf[t] === 0) order.push(t);
      this.tf[t]!++;
    }
    const out = this.out;
    out.push(length, order.length);
    for (const t of order) {
      out.push(t, this.tf[t]!);
      this.tf[t] = 0;
    }
    order.length = 0;
  }

  /** The texts added since the last call, packed. */
  pack(): PackedTerms {
    const packed = { fresh: this.fresh.join(' '), counts: Uint32Array.from(this.out) };
    this.fresh = [];
    this.out.length = 0;
    return packed;
  }

  /** Drops the texts added since the last pack (a failed batch); their new terms still go with the next pack. */
  discard(): void {
    for (const t of this.order) this.tf[t] = 0;
    this.order.length = 0;
    this.out.length = 0;
  }

  private number(term: string): number {
    let n = this.numberOf.get(term);
    if (n === undefined) {
      n = this.numberOf.size;
      this.numberOf.set(term, n);
      this.fresh.push(term);
      if (n >= this.tf.length) {
        const next = new Uint32Array(this.tf.length * 2);
        next.set(this.tf);
        this.tf = next;
      }
    }
    return n;
  }
}

/** The receiving side: one per sending thread, fed every message of that thread in order. */
export class TermDictionary {
  private readonly terms: string[] = [];

  /** The term numbered `k` (undefined if never sent). */
  term(k: number): string | undefined {
    return this.terms[k];
  }

  /** The FieldTerms of a message's texts, in order; throws on a packing that does not add up. */
  unpack(p: PackedTerms): FieldTerms[] {
    if (p.fresh !== '') for (const t of p.fresh.split(' ')) this.terms.push(t);
    const out: FieldTerms[] = [];
    const c = p.counts;
    const dict = this.terms;
    for (let at = 0; at < c.length;) {
      const length = c[at++]!;
      const n = c[at++]!;
      if (at + 2 * n > c.length) throw new Error('packed-terms: packed terms do not add up');
      const terms = new Array<string>(n);
      const tfs = new Uint32Array(n);
      const numbers = new Uint32Array(n);
      for (let i = 0; i < n; i++, at += 2) {
        const term = dict[c[at]!];
        if (term === undefined) throw new Error(`packed-terms: unknown term number ${c[at]}`);
        terms[i] = term;
        numbers[i] = c[at]!;
        tfs[i] = c[at + 1]!;
      }
      out.push({ length, terms, tfs, numbered: { by: this, numbers } });
    }
    return out;
  }
}
