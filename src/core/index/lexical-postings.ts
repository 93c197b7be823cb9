// The lexical index's postings in typed arrays: a term dictionary, and per (term, field) list the chunks holding
// the term with its frequency, sorted by chunk number. Lists live in a compact base (offsets into one doc and one
// tf array: what a snapshot loads or a freeze writes) plus a tail of linked postings appended since, so adding a
// chunk costs a few array writes and no per-term objects. Removing a chunk only marks it dead; each list drops its
// dead postings the next time it is read, so document frequencies stay exact. Field lengths and their averages
// follow MiniSearch 7 to the bit (unique raw tokens per field, the same running average on add and remove), so
// scores equal those of the MiniSearch index this replaced.
const MODULE = 'lexical-postings';
/** Fields in index order: title, aliases, headings, path, text. */
export const FIELD_COUNT = 5;
const F = FIELD_COUNT;

function grownU32(a: Uint32Array, need: number): Uint32Array {
  if (need <= a.length) return a;
  const next = new Uint32Array(Math.max(need, a.length * 2, 16));
  next.set(a);
  return next;
}

function grownI32(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  const next = new Int32Array(Math.max(need, a.length * 2, 16)).fill(-1);
  next.set(a);
  return next;
}

function grownU8(a: Uint8Array, need: number): Uint8Array {
  if (need <= a.length) return a;
  const next = new Uint8Array(Math.max(need, a.length * 2, 16));
  next.set(a);
  return next;
}

/** The state a snapshot holds (see lexical-snapshot.ts): live chunks numbered 0..n-1 and compact lists. */
export interface PostingsData {
  ids: string[];
  terms: string[];
  /** Per chunk and field (chunk·5 + field): unique raw tokens. */
  fieldLen: Uint32Array;
  avg: number[];
  /** Per list (term·5 + field): start in docs/tfs; length lists + 1. */
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Uint32Array;
}

/** Postings, documents and field statistics of the lexical index. */
export class Postings {
  /** Terms loaded from a snapshot, sorted: ids 0..n-1, found by binary search (no map to build at load). */
  private baseTerms: readonly string[] = [];
  /** Terms added since, with ids from baseTerms.length on. */
  private readonly termIds = new Map<string, number>();
  private termList: string[] = [];
  /** Chunk id by number (undefined once removed); numbers are never reused. */
  private readonly ids: (string | undefined)[] = [];
  private readonly shortIds = new Map<string, number>();
  private live: Uint8Array = new Uint8Array(0);
  private fieldLen: Uint32Array = new Uint32Array(0);
  /** Average field lengths, computed exactly as MiniSearch does (a running average). */
  readonly avg: number[] = new Array<number>(F).fill(0);
  private count = 0;
  /** Chunks removed so far: a list read after a removal drops its dead postings first. */
  private removals = 0;

  // Per list (term·5 + field).
  private baseOff: Uint32Array = new Uint32Array(0);
  private baseLen: Uint32Array = new Uint32Array(0);
  private cleanAt: Uint32Array = new Uint32Array(0);
  private tailHead: Int32Array = new Int32Array(0);
  private tailLast: Int32Array = new Int32Array(0);
  private tailLen: Uint32Array = new Uint32Array(0);
  private baseDocs: Uint32Array = new Uint32Array(0);
  private baseTfs: Uint32Array = new Uint32Array(0);
  private baseUsed = 0;
  private tailDocs: Uint32Array = new Uint32Array(0);
  private tailTfs: Uint32Array = new Uint32Array(0);
  private tailNext: Int32Array = new Int32Array(0);
  private tailUsed = 0;

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
    return this.shortIds.get(id);
  }

  /** The id of a live chunk number. */
  idOf(shortId: number): string | undefined {
    return this.ids[shortId];
  }

  /** True when chunk number `s` is live. */
  isLive(s: number): boolean {
    return this.live[s] === 1;
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
  terms(): IterableIterator<string> {
    return this.termList.values();
  }

  /** Adds a chunk: `fields[f]` maps each index term to its frequency, `lengths[f]` is its unique raw tokens. */
  add(id: string, fields: readonly ReadonlyMap<string, number>[], lengths: readonly number[]): number {
    if (this.shortIds.has(id)) throw new Error(`${MODULE}: duplicate id ${id}`);
    const s = this.ids.length;
    this.ids.push(id);
    this.shortIds.set(id, s);
    this.live = grownU8(this.live, s + 1);
    this.live[s] = 1;
    this.fieldLen = grownU32(this.fieldLen, (s + 1) * F);
    this.count++;
    for (let f = 0; f < F; f++) {
      const length = lengths[f]!;
      this.fieldLen[s * F + f] = length;
      // MiniSearch's addFieldLength, same operations in the same order.
      const n = this.count - 1;
      this.avg[f] = ((this.avg[f] || 0) * n + length) / (n + 1);
      for (const [term, tf] of fields[f]!) this.append(this.internTerm(term) * F + f, s, tf);
    }
    return s;
  }

  /** Removes a live chunk; its postings go when their lists are next read. */
  remove(id: string): boolean {
    const s = this.shortIds.get(id);
    if (s === undefined) return false;
    this.shortIds.delete(id);
    this.ids[s] = undefined;
    this.live[s] = 0;
    for (let f = 0; f < F; f++) {
      // MiniSearch's removeFieldLength.
      if (this.count === 1) this.avg[f] = 0;
      else this.avg[f] = (this.avg[f]! * this.count - this.fieldLen[s * F + f]!) / (this.count - 1);
    }
    this.count--;
    this.removals++;
    return true;
  }

  /** How many live chunks list (term, field) holds. */
  listSize(termId: number, f: number): number {
    const l = termId * F + f;
    this.clean(l);
    return this.baseLen[l]! + this.tailLen[l]!;
  }

  /** Calls `fn` for each live (chunk, tf) of the list, in chunk order. */
  forEach(termId: number, f: number, fn: (s: number, tf: number) => void): void {
    const l = termId * F + f;
    this.clean(l);
    const docs = this.baseDocs;
    const tfs = this.baseTfs;
    for (let i = this.baseOff[l]!, end = i + this.baseLen[l]!; i < end; i++) fn(docs[i]!, tfs[i]!);
    for (let p = this.tailHead[l]!; p >= 0; p = this.tailNext[p]!) fn(this.tailDocs[p]!, this.tailTfs[p]!);
  }

  /** The frequency of the term in chunk `s`'s field (0 when absent). */
  tf(termId: number, f: number, s: number): number {
    const l = termId * F + f;
    this.clean(l);
    let lo = this.baseOff[l]!;
    let hi = lo + this.baseLen[l]!;
    const docs = this.baseDocs;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.baseOff[l]! + this.baseLen[l]! && docs[lo] === s) return this.baseTfs[lo]!;
    for (let p = this.tailHead[l]!; p >= 0 && this.tailDocs[p]! <= s; p = this.tailNext[p]!) {
      if (this.tailDocs[p] === s) return this.tailTfs[p]!;
    }
    return 0;
  }

  /** Moves the tail into the base when it has grown large (after a bulk build): lists read faster compact. */
  compactIfLarge(): void {
    if (this.tailUsed > 4096 && this.tailUsed * 4 > this.baseUsed) this.freeze();
  }

  /** The compact state of the live chunks, renumbered 0..n-1 in order, without terms no live chunk holds. */
  export(): PostingsData {
    this.freeze();
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
    for (let t = 0; t < this.termList.length; t++) {
      let n = 0;
      for (let f = 0; f < F; f++) n += this.baseLen[t * F + f]!;
      if (n > 0) keep.push(t);
    }
    // Sorted by UTF-16 code units (the order of <), as termId's binary search expects.
    keep.sort((a, b) => (this.termList[a]! < this.termList[b]! ? -1 : 1));
    const terms = keep.map((t) => this.termList[t]!);
    const offsets = new Uint32Array(keep.length * F + 1);
    const docs = new Uint32Array(this.baseUsed);
    const tfs = new Uint32Array(this.baseUsed);
    let at = 0;
    keep.forEach((t, k) => {
      for (let f = 0; f < F; f++) {
        const l = t * F + f;
        offsets[k * F + f] = at;
        for (let i = this.baseOff[l]!, end = i + this.baseLen[l]!; i < end; i++, at++) {
          docs[at] = renumber[this.baseDocs[i]!]!;
          tfs[at] = this.baseTfs[i]!;
        }
      }
    });
    offsets[keep.length * F] = at;
    return { ids, terms, fieldLen, avg: [...this.avg], offsets, docs: docs.subarray(0, at), tfs: tfs.subarray(0, at) };
  }

  /** Postings from compact state (already checked by the snapshot reader). */
  static from(d: PostingsData): Postings {
    const p = new Postings();
    const n = d.ids.length;
    d.ids.forEach((id, s) => {
      p.ids.push(id);
      p.shortIds.set(id, s);
    });
    if (p.shortIds.size !== n) throw new Error(`${MODULE}: duplicate chunk ids`);
    for (let i = 1; i < d.terms.length; i++) {
      if (!(d.terms[i - 1]! < d.terms[i]!)) throw new Error(`${MODULE}: terms not sorted`);
    }
    p.baseTerms = d.terms;
    p.termList = d.terms.slice();
    p.live = new Uint8Array(n).fill(1);
    p.fieldLen = d.fieldLen;
    d.avg.forEach((a, f) => (p.avg[f] = a));
    p.count = n;
    const lists = d.terms.length * F;
    p.baseOff = d.offsets.slice(0, lists);
    p.baseLen = new Uint32Array(lists);
    for (let l = 0; l < lists; l++) p.baseLen[l] = d.offsets[l + 1]! - d.offsets[l]!;
    p.cleanAt = new Uint32Array(lists);
    p.tailHead = new Int32Array(lists).fill(-1);
    p.tailLast = new Int32Array(lists).fill(-1);
    p.tailLen = new Uint32Array(lists);
    p.baseDocs = d.docs;
    p.baseTfs = d.tfs;
    p.baseUsed = d.docs.length;
    return p;
  }

  private internTerm(term: string): number {
    let t = this.baseTerms.length > 0 ? this.termId(term) : this.termIds.get(term);
    if (t !== undefined) return t;
    t = this.termList.length;
    this.termIds.set(term, t);
    this.termList.push(term);
    const lists = (t + 1) * F;
    if (lists > this.baseOff.length) {
      this.baseOff = grownU32(this.baseOff, lists);
      this.baseLen = grownU32(this.baseLen, lists);
      this.cleanAt = grownU32(this.cleanAt, lists);
      this.tailLen = grownU32(this.tailLen, lists);
      this.tailHead = grownI32(this.tailHead, lists);
      this.tailLast = grownI32(this.tailLast, lists);
    }
    // A new list is clean: nothing removed can be in it.
    for (let f = 0; f < F; f++) this.cleanAt[t * F + f] = this.removals;
    return t;
  }

  /** Appends to list l's tail (chunk numbers only grow, so the list stays sorted; dead postings wait for clean). */
  private append(l: number, s: number, tf: number): void {
    const p = this.tailUsed++;
    if (p >= this.tailDocs.length) {
      this.tailDocs = grownU32(this.tailDocs, p + 1);
      this.tailTfs = grownU32(this.tailTfs, p + 1);
      this.tailNext = grownI32(this.tailNext, p + 1);
    }
    this.tailDocs[p] = s;
    this.tailTfs[p] = tf;
    this.tailNext[p] = -1;
    const last = this.tailLast[l]!;
    if (last < 0) this.tailHead[l] = p;
    else this.tailNext[last] = p;
    this.tailLast[l] = p;
    this.tailLen[l]!++;
  }

  /** Drops dead postings from list l if chunks were removed since it was last cleaned. */
  private clean(l: number): void {
    if (this.cleanAt[l] === this.removals) return;
    this.cleanAt[l] = this.removals;
    const live = this.live;
    const start = this.baseOff[l]!;
    const end = start + this.baseLen[l]!;
    let w = start;
    for (let i = start; i < end; i++) {
      const s = this.baseDocs[i]!;
      if (live[s] === 1) {
        this.baseDocs[w] = s;
        this.baseTfs[w++] = this.baseTfs[i]!;
      }
    }
    this.baseLen[l] = w - start;
    let prev = -1;
    let n = 0;
    for (let p = this.tailHead[l]!; p >= 0; p = this.tailNext[p]!) {
      if (live[this.tailDocs[p]!] === 1) {
        if (prev < 0) this.tailHead[l] = p;
        else this.tailNext[prev] = p;
        prev = p;
        n++;
      }
    }
    if (prev < 0) this.tailHead[l] = -1;
    else this.tailNext[prev] = -1;
    this.tailLast[l] = prev;
    this.tailLen[l] = n;
  }

  /** Rewrites every list (live postings only) into a fresh compact base and empties the tail. */
  private freeze(): void {
    const lists = this.termList.length * F;
    let total = 0;
    for (let l = 0; l < lists; l++) {
      this.clean(l);
      total += this.baseLen[l]! + this.tailLen[l]!;
    }
    const docs = new Uint32Array(total);
    const tfs = new Uint32Array(total);
    let at = 0;
    for (let l = 0; l < lists; l++) {
      const start = at;
      const from = this.baseOff[l]!;
      const n = this.baseLen[l]!;
      docs.set(this.baseDocs.subarray(from, from + n), at);
      tfs.set(this.baseTfs.subarray(from, from + n), at);
      at += n;
      for (let p = this.tailHead[l]!; p >= 0; p = this.tailNext[p]!, at++) {
        docs[at] = this.tailDocs[p]!;
        tfs[at] = this.tailTfs[p]!;
      }
      this.baseOff[l] = start;
      this.baseLen[l] = at - start;
      this.tailHead[l] = -1;
      this.tailLast[l] = -1;
      this.tailLen[l] = 0;
    }
    this.baseDocs = docs;
    this.baseTfs = tfs;
    this.baseUsed = total;
    this.tailDocs = new Uint32Array(0);
    this.tailTfs = new Uint32Array(0);
    this.tailNext = new Int32Array(0);
    this.tailUsed = 0;
  }
}
