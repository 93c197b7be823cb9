// The lexical index's postings: a term dictionary, chunk ids and field statistics over posting lists
// (posting-lists.ts: per (term, field) the chunks holding the term with its frequency). Field lengths and their
// averages follow MiniSearch 7 to the bit (unique raw tokens per field, the same running average on add and
// remove), so scores equal those of the MiniSearch index this replaced.
import type { FieldTerms } from './lexical-terms';
import { grownI32, grownU32 } from './posting-arrays';
import { PostingLists } from './posting-lists';
import { bulkPostings, type BulkChunks } from './bulk-postings';
import type { PostingsData, PostingsSnapshot } from './postings-data';

export type { PostingsData, PostingsSnapshot } from './postings-data';

const MODULE = 'lexical-postings';
/** Fields in index order: title, aliases, headings, path, text. */
export const FIELD_COUNT = 5;
const F = FIELD_COUNT;

/** Postings, documents and field statistics of the lexical index. */
export class Postings {
  /** Terms loaded from a snapshot, sorted: ids 0..n-1, found by binary search (no map to build at load). */
  private baseTerms: readonly string[] = [];
  /** Terms added since, with ids from baseTerms.length on. */
  private readonly termIds = new Map<string, number>();
  /** Those added terms by id − baseTerms.length (the base is not copied: a snapshot has a million terms). */
  private addedTerms: string[] = [];
  /** Chunk id by number (undefined once removed); numbers are never reused. */
  private ids: (string | undefined)[] = [];
  /** Number of each live chunk id; null until first needed after a snapshot load (a map of every id is the
   * larger part of loading one: a question never needs it, an edit does). */
  private shortIds: Map<string, number> | null = new Map();
  private fieldLen: Uint32Array = new Uint32Array(0);
  /** Average field lengths, computed exactly as MiniSearch does (a running average). */
  readonly avg: number[] = new Array<number>(F).fill(0);
  private count = 0;
  private lists = new PostingLists();
  /** Per TermDictionary (packed-terms.ts): its term numbers' ids here (-1: not looked up yet). */
  private readonly numberIds = new WeakMap<object, Int32Array>();

  /** Live chunks. */
  get size(): number {
    return this.count;
  }

  /** One past the largest chunk number ever given. */
  get nextId(): number {
    return this.ids.length;
  }

  /** The number of a live chunk. */
  shortId(id: string): number | undefined {
    return this.idNumbers().get(id);
  }

  /** The id of a live chunk number. */
  idOf(shortId: number): string | undefined {
    return this.ids[shortId];
  }

  /** True when chunk number `s` is live. */
  isLive(s: number): boolean {
    return this.lists.isLive(s);
  }

  /** Unique raw tokens of chunk `s` in field `f`. */
  fieldLength(s: number, f: number): number {
    return this.fieldLen[s * F + f]!;
  }

  /** The id of an index term, if any chunk ever held it. */
  termId(term: string): number | undefined {
    const base = this.baseTerms;
    let lo = 0;
    let hi = base.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (base[mid]! < term) lo = mid + 1;
      else hi = mid;
    }
    return lo < base.length && base[lo] === term ? lo : this.termIds.get(term);
  }

  /** Every index term (terms of removed chunks may linger until the next snapshot). */
  *terms(): IterableIterator<string> {
    yield* this.baseTerms;
    yield* this.addedTerms;
  }

  /** Number of term ids given (base and added). */
  private get termCount(): number {
    return this.baseTerms.length + this.addedTerms.length;
  }

  /** The term of id t. */
  private termAt(t: number): string {
    const b = this.baseTerms.length;
    return t < b ? this.baseTerms[t]! : this.addedTerms[t - b]!;
  }

  /** Adds a chunk: `fields[f]` holds field f's index terms with their frequencies and its unique raw tokens. */
  add(
    id: string,
    fields: readonly FieldTerms[],
    /** The caller knows `id` is not live (see LexicalIndex.add): no lookup, so no map of every id is built. */
    fresh = false,
  ): number {
    if (!fresh && this.idNumbers().has(id)) throw new Error(`${MODULE}: duplicate id ${id}`);
    const s = this.ids.length;
    this.ids.push(id);
    this.shortIds?.set(id, s);
    this.lists.markLive(s);
    this.fieldLen = grownU32(this.fieldLen, (s + 1) * F);
    this.count++;
    for (let f = 0; f < F; f++) {
      const { length, terms, tfs } = fields[f]!;
      this.fieldLen[s * F + f] = length;
      // MiniSearch's addFieldLength, same operations in the same order.
      const n = this.count - 1;
      this.avg[f] = ((this.avg[f] || 0) * n + length) / (n + 1);
      const numbered = fields[f]!.numbered;
      if (numbered) this.addNumbered(s, f, fields[f]!, numbered.by, numbered.numbers);
      else for (let i = 0; i < terms.length; i++) this.lists.append(this.internTerm(terms[i]!) * F + f, s, tfs[i]!);
    }
    return s;
  }

  /** Adds many chunks to empty postings, lists built compact (bulk-postings.ts); equals adding them one by one. */
  addBulk(each: BulkChunks): void {
    if (this.ids.length !== 0) throw new Error(`${MODULE}: addBulk needs empty postings`);
    const built = bulkPostings(
      each,
      { forEachTermId: (field, fn) => this.forEachTermId(field, fn), count: () => this.termCount },
      F,
      this.avg,
    );
    this.ids = built.ids;
    this.fieldLen = built.fieldLen;
    this.count = built.ids.length;
    // As after a snapshot load, the id → number map is built on first need.
    this.shortIds = null;
    this.lists = PostingLists.fromCompact(built.offsets, built.docs, built.tfs, built.ids.length);
  }

  /** Removes a live chunk; its postings go when their lists are next read. */
  remove(id: string): boolean {
    const s = this.idNumbers().get(id);
    return s !== undefined && this.removeNumber(s);
  }

  /** Removes live chunk number `s` (false when it is not live). */
  removeNumber(s: number): boolean {
    const id = this.ids[s];
    if (id === undefined) return false;
    this.shortIds?.delete(id);
    this.ids[s] = undefined;
    this.lists.markDead(s);
    for (let f = 0; f < F; f++) {
      // MiniSearch's removeFieldLength.
      if (this.count === 1) this.avg[f] = 0;
      else this.avg[f] = (this.avg[f]! * this.count - this.fieldLen[s * F + f]!) / (this.count - 1);
    }
    this.count--;
    return true;
  }

  /** How many live chunks list (term, field) holds. */
  listSize(termId: number, f: number): number {
    return this.lists.size(termId * F + f);
  }

  /** Calls `fn` for each live (chunk, tf) of the list, in chunk order. */
  forEach(termId: number, f: number, fn: (s: number, tf: number) => void): void {
    this.lists.forEach(termId * F + f, fn);
  }

  /** The frequency of the term in chunk `s`'s field (0 when absent). */
  tf(termId: number, f: number, s: number): number {
    return this.lists.tf(termId * F + f, s);
  }

  /** Moves the tail into the base when it has grown large (after a bulk build): lists read faster compact. */
  compactIfLarge(): void {
    this.lists.compactIfLarge(this.termCount * F);
  }

  /** The ids of the live chunks in number order (the order export() renumbers them in). */
  liveIds(): string[] {
    // Nothing removed (a fresh load): every id is live, in order.
    if (this.count === this.ids.length) return this.ids.slice() as string[];
    return this.ids.filter((id) => id !== undefined);
  }

  /**
   * What a snapshot of the live chunks holds, renumbered 0..n-1 in order, without terms no live chunk holds; the
   * lists are read in place when written (no copy of the postings).
   */
  snapshot(): PostingsSnapshot {
    const renumber = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    const fieldLen = new Uint32Array(this.count * F);
    for (let s = 0; s < this.ids.length; s++) {
      const id = this.ids[s];
      if (id === undefined) continue;
      renumber[s] = ids.length;
      fieldLen.set(this.fieldLen.subarray(s * F, s * F + F), ids.length * F);
      ids.push(id);
    }
    const keep: number[] = [];
    let total = 0;
    for (let t = 0; t < this.termCount; t++) {
      let n = 0;
      for (let f = 0; f < F; f++) n += this.lists.size(t * F + f);
      if (n > 0) keep.push(t);
      total += n;
    }
    // Sorted by UTF-16 code units (the order of <), as termId's binary search expects.
    keep.sort((a, b) => (this.termAt(a) < this.termAt(b) ? -1 : 1));
    const lists = this.lists;
    const list = (k: number): number => keep[Math.floor(k / F)]! * F + (k % F);
    return {
      ids,
      terms: keep.map((t) => this.termAt(t)),
      fieldLen,
      avg: [...this.avg],
      total,
      size: (k) => lists.size(list(k)),
      byteLength: (k) => lists.encodedLength(list(k), renumber),
      write: (k, w) => lists.encodeList(list(k), renumber, w),
    };
  }

  /** Postings from compact state (already checked by the snapshot reader). */
  static from(d: PostingsData): Postings {
    const p = new Postings();
    const n = d.ids.length;
    // The decoded arrays are the snapshot reader's own: taken, not copied.
    p.ids = d.ids;
    p.shortIds = null;
    for (let i = 1; i < d.terms.length; i++) {
      if (!(d.terms[i - 1]! < d.terms[i]!)) throw new Error(`${MODULE}: terms not sorted`);
    }
    p.baseTerms = d.terms;
    p.fieldLen = d.fieldLen;
    d.avg.forEach((a, f) => (p.avg[f] = a));
    p.count = n;
    p.lists = PostingLists.fromCompact(d.offsets, d.docs, d.tfs, n, d.fill);
    return p;
  }

  /** The id → number map, built from the live ids on first need after a snapshot load. */
  private idNumbers(): Map<string, number> {
    if (this.shortIds === null) {
      const m = new Map<string, number>();
      for (let s = 0; s < this.ids.length; s++) if (this.ids[s] !== undefined) m.set(this.ids[s]!, s);
      if (m.size !== this.count) throw new Error(`${MODULE}: duplicate chunk ids`);
      this.shortIds = m;
    }
    return this.shortIds;
  }

  /** Appends a field whose terms a TermDictionary numbered: each number is looked up here once, then by array. */
  private addNumbered(s: number, f: number, field: FieldTerms, by: object, numbers: Uint32Array): void {
    const { terms, tfs } = field;
    for (let i = 0; i < terms.length; i++)
      this.lists.append(this.numberedId(by, numbers[i]!, terms[i]!) * F + f, s, tfs[i]!);
  }

  /** The term id of number `k` of TermDictionary `by` (spelled `term`), interned on first sight. */
  private numberedId(by: object, k: number, term: string, lists = true): number {
    let ids = this.numberIds.get(by) ?? new Int32Array(0);
    if (k >= ids.length) this.numberIds.set(by, (ids = grownI32(ids, k + 1)));
    let t = ids[k]!;
    if (t < 0) ids[k] = t = this.internTerm(term, lists);
    return t;
  }

  /** Calls `fn` with each term's id (interned on first sight; no lists made: addBulk makes them) and frequency. */
  private forEachTermId(field: FieldTerms, fn: (t: number, tf: number) => void): void {
    const { terms, tfs, numbered } = field;
    for (let i = 0; i < terms.length; i++) {
      const t = numbered
        ? this.numberedId(numbered.by, numbered.numbers[i]!, terms[i]!, false)
        : this.internTerm(terms[i]!, false);
      fn(t, tfs[i]!);
    }
  }

  /** The id of `term`, a new one on first sight (with empty lists unless `lists` is false). */
  private internTerm(term: string, lists = true): number {
    let t = this.baseTerms.length > 0 ? this.termId(term) : this.termIds.get(term);
    if (t !== undefined) return t;
    t = this.termCount;
    this.termIds.set(term, t);
    this.addedTerms.push(term);
    if (lists) this.lists.addLists(t * F, (t + 1) * F);
    return t;
  }
}
