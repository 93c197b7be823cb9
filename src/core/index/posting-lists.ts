// The storage of the lexical postings' lists (lexical-postings.ts): per list (term·5 + field) the chunks holding
// the term with its frequency, sorted by chunk number, in a compact base (offsets into one doc and one tf array:
// what a snapshot loads or a freeze writes) plus a tail of linked postings appended since, so adding a chunk costs
// a few array writes and no per-term objects. Chunks are marked dead, not removed: each list drops its dead
// postings the next time it is read, so list sizes (document frequencies) stay exact.
import { varintLength, type ByteWriter } from '../storage/byte-codec';
import { grownI32, grownU16, grownU32, grownU8, storedTf } from './posting-arrays';

/** Sorted (chunk, tf) lists with chunk liveness; dead postings leave a list when it is next read. */
export class PostingLists {
  private live: Uint8Array = new Uint8Array(0);
  /** Chunks marked dead so far: a list read after a removal drops its dead postings first. */
  private removals = 0;
  private baseOff: Uint32Array = new Uint32Array(0);
  private baseLen: Uint32Array = new Uint32Array(0);
  private cleanAt: Uint32Array = new Uint32Array(0);
  private tailHead: Int32Array = new Int32Array(0);
  private tailLast: Int32Array = new Int32Array(0);
  private tailLen: Uint32Array = new Uint32Array(0);
  private baseDocs: Uint32Array = new Uint32Array(0);
  private baseTfs: Uint16Array = new Uint16Array(0);
  private baseUsed = 0;
  private tailDocs: Uint32Array = new Uint32Array(0);
  private tailTfs: Uint16Array = new Uint16Array(0);
  private tailNext: Int32Array = new Int32Array(0);
  private tailUsed = 0;
  /**
   * Lists of a snapshot's base already decoded (1; 0: not yet, its baseLen not set either), how many lists the
   * snapshot has, where its last list ends, and what decodes one (null once all are). Zero-filled at load, so a
   * load walks no per-list array: a question reads a few dozen of a million lists.
   */
  private decoded: Uint8Array | null = null;
  private fillLists = 0;
  private fillEnd = 0;
  private fill: ((l: number) => void) | null = null;

  /**
   * Lists over a compact base: list l is docs/tfs[offsets[l] .. offsets[l + 1]); `chunks` chunks, all live. With
   * `fill`, a list's postings are not there yet: fill(l) puts them in place the first time list l is read.
   */
  static fromCompact(
    offsets: Uint32Array,
    docs: Uint32Array,
    tfs: Uint16Array,
    chunks: number,
    fill?: (l: number) => void,
  ): PostingLists {
    const p = new PostingLists();
    const lists = offsets.length - 1;
    p.live = new Uint8Array(chunks).fill(1);
    // Room for new terms' lists: the first edit after a load would otherwise copy every per-list array.
    const room = lists + Math.max(1024, lists >> 3);
    p.baseOff = new Uint32Array(room);
    p.baseOff.set(offsets.subarray(0, lists));
    p.baseLen = new Uint32Array(room);
    if (fill) {
      // Each list's length is set when it is first decoded (filled()).
      p.fill = fill;
      p.decoded = new Uint8Array(lists);
      p.fillLists = lists;
      p.fillEnd = offsets[lists]!;
    } else for (let l = 0; l < lists; l++) p.baseLen[l] = offsets[l + 1]! - offsets[l]!;
    p.cleanAt = new Uint32Array(room);
    p.tailHead = new Int32Array(room).fill(-1);
    p.tailLast = new Int32Array(room).fill(-1);
    p.tailLen = new Uint32Array(room);
    p.baseDocs = docs;
    p.baseTfs = tfs;
    p.baseUsed = docs.length;
    return p;
  }

  /** Marks chunk number `s` live (a new chunk). */
  markLive(s: number): void {
    this.live = grownU8(this.live, s + 1);
    this.live[s] = 1;
  }

  /** Marks chunk number `s` dead; its postings go when their lists are next read. */
  markDead(s: number): void {
    this.live[s] = 0;
    this.removals++;
  }

  /** True when chunk number `s` is live. */
  isLive(s: number): boolean {
    return this.live[s] === 1;
  }

  /** Makes room for lists [from, to), new and empty (clean: nothing removed can be in them). */
  addLists(from: number, to: number): void {
    if (to > this.baseOff.length) {
      this.baseOff = grownU32(this.baseOff, to);
      this.baseLen = grownU32(this.baseLen, to);
      this.cleanAt = grownU32(this.cleanAt, to);
      this.tailLen = grownU32(this.tailLen, to);
      this.tailHead = grownI32(this.tailHead, to);
      this.tailLast = grownI32(this.tailLast, to);
    }
    for (let l = from; l < to; l++) this.cleanAt[l] = this.removals;
  }

  /** How many live chunks list l holds. */
  size(l: number): number {
    this.clean(l);
    return this.baseLen[l]! + this.tailLen[l]!;
  }

  /** Calls `fn` for each live (chunk, tf) of list l, in chunk order. */
  forEach(l: number, fn: (s: number, tf: number) => void): void {
    this.clean(l);
    const docs = this.baseDocs;
    const tfs = this.baseTfs;
    for (let i = this.baseOff[l]!, end = i + this.baseLen[l]!; i < end; i++) fn(docs[i]!, tfs[i]!);
    for (let p = this.tailHead[l]!; p >= 0; p = this.tailNext[p]!) fn(this.tailDocs[p]!, this.tailTfs[p]!);
  }

  /** The frequency list l holds for chunk `s` (0 when absent). */
  tf(l: number, s: number): number {
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

  /** Appends to list l's tail (chunk numbers only grow, so the list stays sorted; dead postings wait for clean). */
  append(l: number, s: number, tf: number): void {
    const p = this.tailUsed++;
    if (p >= this.tailDocs.length) {
      this.tailDocs = grownU32(this.tailDocs, p + 1);
      this.tailTfs = grownU16(this.tailTfs, p + 1);
      this.tailNext = grownI32(this.tailNext, p + 1);
    }
    this.tailDocs[p] = s;
    this.tailTfs[p] = storedTf(tf);
    this.tailNext[p] = -1;
    const last = this.tailLast[l]!;
    if (last < 0) this.tailHead[l] = p;
    else this.tailNext[last] = p;
    this.tailLast[l] = p;
    this.tailLen[l]!++;
  }

  /** Moves the tail of lists [0, lists) into the base when it has grown large (after a bulk build). */
  compactIfLarge(lists: number): void {
    if (this.tailUsed > 4096 && this.tailUsed * 4 > this.baseUsed) this.freeze(lists);
  }

  /** Rewrites lists [0, lists) (live postings only) into a fresh compact base and empties the tail. */
  freeze(lists: number): void {
    let total = 0;
    for (let l = 0; l < lists; l++) {
      this.clean(l);
      total += this.baseLen[l]! + this.tailLen[l]!;
    }
    const docs = new Uint32Array(total);
    const tfs = new Uint16Array(total);
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
    this.decoded = null;
    this.fill = null;
    this.tailDocs = new Uint32Array(0);
    this.tailTfs = new Uint16Array(0);
    this.tailNext = new Int32Array(0);
    this.tailUsed = 0;
  }

  /** Bytes of list l's live postings as snapshot varints (gap to the previous chunk number, frequency). */
  encodedLength(l: number, renumber: Int32Array): number {
    this.clean(l);
    let n = 0;
    let prev = -1;
    for (let i = this.baseOff[l]!, end = i + this.baseLen[l]!; i < end; i++) {
      const d = renumber[this.baseDocs[i]!]!;
      n += varintLength(d - prev - 1) + varintLength(this.baseTfs[i]!);
      prev = d;
    }
    for (let p = this.tailHead[l]!; p >= 0; p = this.tailNext[p]!) {
      const d = renumber[this.tailDocs[p]!]!;
      n += varintLength(d - prev - 1) + varintLength(this.tailTfs[p]!);
      prev = d;
    }
    return n;
  }

  /**
   * Writes list l's live postings (base, then tail) as snapshot varints, chunk numbers mapped by `renumber`. Reads
   * the lists in place: a save holds no second copy of the postings.
   */
  encodeList(l: number, renumber: Int32Array, w: ByteWriter): void {
    this.clean(l);
    let prev = -1;
    for (let i = this.baseOff[l]!, end = i + this.baseLen[l]!; i < end; i++) {
      const d = renumber[this.baseDocs[i]!]!;
      w.varint(d - prev - 1);
      w.varint(this.baseTfs[i]!);
      prev = d;
    }
    for (let p = this.tailHead[l]!; p >= 0; p = this.tailNext[p]!) {
      const d = renumber[this.tailDocs[p]!]!;
      w.varint(d - prev - 1);
      w.varint(this.tailTfs[p]!);
      prev = d;
    }
  }

  /** Decodes list l's base if it is not decoded yet (a snapshot's lists are decoded when first read). */
  private filled(l: number): void {
    const d = this.decoded;
    if (d === null || l >= this.fillLists || d[l] === 1) return;
    d[l] = 1;
    // The base is as loaded until every list is decoded (freeze decodes them all first): offsets still hold.
    const end = l + 1 < this.fillLists ? this.baseOff[l + 1]! : this.fillEnd;
    this.baseLen[l] = end - this.baseOff[l]!;
    if (end > this.baseOff[l]!) this.fill!(l);
  }

  /** Drops dead postings from list l if chunks were removed since it was last cleaned (decoding it first). */
  private clean(l: number): void {
    this.filled(l);
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
}
