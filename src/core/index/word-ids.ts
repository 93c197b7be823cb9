// WordIds: a thread's tokens numbered once, so the per-word tables of the indexing path (a word's stem, its hashed
// embedding features, its lexical term) are arrays indexed by number. Indexing met each token of a chunk in three
// Maps keyed by the same string (the embedder's stems, its feature cache, the term packer), each lookup a hash
// table probe over a vault's vocabulary; now one probe numbers the token and the rest are array reads. The table
// is flat (typed arrays, the words' characters in one pool) and is probed with a range of the text, so a plain
// word is numbered without its string ever being made (text-analysis.ts forEachToken).
import { hashRange } from '../range-memo';
import { forEachToken } from './text-analysis';

/** Numbers of words; all forgotten (and `epoch` bumped) once `limit` words are numbered. */
export class WordIds {
  private readonly spelled: string[] = [];
  /** Open addressing, at most half full: per slot the key's hash and its number + 1 (0: empty). */
  private table = new Int32Array(2048);
  /** The words' characters; word n's are [at[n], at[n + 1]). */
  private pool = new Uint16Array(8192);
  private at = new Int32Array(1024);
  private buf = new Int32Array(256);
  /** Numbers in `buf` for the current text. */
  private count = 0;
  private n = 0;
  /** Counts the times the numbers were forgotten: a table indexed by number is reset when this moves. */
  epoch = 0;

  constructor(private readonly limit = 500_000) {
    if (!Number.isInteger(limit) || limit <= 0) throw new Error(`word-ids: bad limit ${limit}`);
  }

  /** Words numbered now. */
  get size(): number {
    return this.n;
  }

  /** The word numbered `id`. */
  word(id: number): string {
    const w = id < this.n ? this.spelled[id] : undefined;
    if (w === undefined) throw new Error(`word-ids: no word numbered ${id}`);
    return w;
  }

  /**
   * The numbers of `tokens`, in a reused array valid until the next call. The numbers are forgotten only at the
   * start of a call (never within one text), so all of a text's tokens are numbered in one epoch.
   */
  ids(tokens: readonly string[]): Int32Array {
    this.start();
    for (const t of tokens) this.push(this.number(t, 0, t.length));
    return this.buf.subarray(0, this.count);
  }

  /** ids(tokenize(text)), without making the strings of the plain words. */
  idsOfText(text: string): Int32Array {
    this.start();
    forEachToken(
      text,
      (s, start, end) => this.push(this.number(s, start, end)),
      (t) => this.push(this.number(t, 0, t.length)),
    );
    return this.buf.subarray(0, this.count);
  }

  private start(): void {
    if (this.n >= this.limit) this.clear();
    this.count = 0;
  }

  private push(id: number): void {
    if (this.count === this.buf.length) {
      const b = new Int32Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.count++] = id;
  }

  /** The number of the word s[start, end), given one if new. */
  private number(s: string, start: number, end: number): number {
    const h = hashRange(s, start, end);
    const { table, pool, at } = this;
    const mask = (table.length >> 1) - 1;
    const len = end - start;
    let slot = h & mask;
    for (; ; slot = (slot + 1) & mask) {
      const id = table[2 * slot + 1]! - 1;
      if (id < 0) break;
      if (table[2 * slot] !== h) continue;
      let k = at[id]!;
      if (at[id + 1]! - k !== len) continue;
      let i = start;
      while (i < end && pool[k] === s.charCodeAt(i)) {
        i++;
        k++;
      }
      if (i === end) return id;
    }
    return this.add(s, start, end, h, slot);
  }

  private add(s: string, start: number, end: number, h: number, slot: number): number {
    const id = this.n++;
    const from = this.at[id]!;
    if (id + 2 > this.at.length) this.at = grownTable(this.at, id + 2, 0);
    if (from + end - start > this.pool.length) {
      let size = this.pool.length * 2;
      while (size < from + end - start) size *= 2;
      const p = new Uint16Array(size);
      p.set(this.pool.subarray(0, from));
      this.pool = p;
    }
    for (let i = start; i < end; i++) this.pool[from + i - start] = s.charCodeAt(i);
    this.at[id + 1] = from + end - start;
    this.spelled.push(start === 0 && end === s.length ? s : s.slice(start, end));
    this.table[2 * slot] = h;
    this.table[2 * slot + 1] = id + 1;
    if (this.n * 4 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = (table.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      let slot = old[i]! & mask;
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = old[i]!;
      table[2 * slot + 1] = old[i + 1]!;
    }
    this.table = table;
  }

  private clear(): void {
    this.table.fill(0);
    this.spelled.length = 0;
    this.n = 0;
    this.at[0] = 0;
    this.epoch++;
  }
}

/** An Int32Array of at least `need` entries holding `a`'s, the new ones set to `fill`. */
export function grownTable(a: Int32Array<ArrayBuffer>, need: number, fill: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
