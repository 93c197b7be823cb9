// Chunk texts' lexical terms as an index worker sends them to the main thread: the worker cuts each text once for
// its vector and its terms (the same analysis as the lexical index: tokenize, then processTerm), numbers each term
// the first time it sends it, and sends per batch the new terms spelled once plus one array of numbers and counts,
// which structured cloning copies as two flat values. The main thread's TermDictionary turns them back into
// FieldTerms whose numbers the postings map to their own term ids by array (no term lookup per posting).
import { processTerm, type FieldTerms } from './lexical-terms';

/** Several texts' terms as one message carries them. */
export interface PackedTerms {
  /** Terms numbered for the first time by this message, in number order, space-separated (tokens hold none). */
  fresh: string;
  /** Per text: field length (distinct raw tokens), number of terms n, then n pairs (term number, frequency). */
  counts: Uint32Array;
}

/** Tokens remembered with their term's number before the token table is forgotten (bounds a long tail). */
const TOKEN_LIMIT = 500_000;

/** The sending side: analyses tokenized texts into numbered terms. One per thread; numbers only grow. */
export class TermPacker {
  /** Token → its slot in the per-token arrays. */
  private readonly slotOf = new Map<string, number>();
  /** Per token slot: its term's number, or -1 (stop word); the text it was last counted in. */
  private termOfSlot: Int32Array = new Int32Array(1024);
  private seenIn: Int32Array = new Int32Array(1024);
  private readonly numberOf = new Map<string, number>();
  /** Per term number: its count in the current text. */
  private tf: Uint32Array = new Uint32Array(1024);
  private readonly order: number[] = [];
  private readonly out: number[] = [];
  private fresh: string[] = [];
  private texts = 0;

  /** Adds one text's terms (`tokens`: tokenize's output for it) to the message being packed. */
  add(tokens: readonly string[]): void {
    // Forgotten between texts only, so a text's tokens keep their slots while it is counted.
    if (this.slotOf.size >= TOKEN_LIMIT) this.slotOf.clear();
    const text = ++this.texts;
    let length = 0;
    const { order } = this;
    for (const token of tokens) {
      const slot = this.slot(token);
      if (this.seenIn[slot] !== text) {
        this.seenIn[slot] = text;
        length++;
      }
      const t = this.termOfSlot[slot]!;
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

  private slot(token: string): number {
    let slot = this.slotOf.get(token);
    if (slot !== undefined) return slot;
    slot = this.slotOf.size;
    this.slotOf.set(token, slot);
    if (slot >= this.termOfSlot.length) {
      this.termOfSlot = grown(this.termOfSlot);
      this.seenIn = grown(this.seenIn);
    }
    this.seenIn[slot] = 0;
    const term = processTerm(token);
    this.termOfSlot[slot] = term === null ? -1 : this.number(term);
    return slot;
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

function grown(a: Int32Array): Int32Array {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
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
