// RangeMemo: a bounded memo from strings to a few integers, looked up by a range of a longer text without slicing
// it. The token memo looks up every line and pre-token it counts; as Map keys each lookup first sliced a fresh
// string and hashed it, and the key strings and Map entries lay scattered over the heap. Here keys are hashed in
// place, and entries and key characters live in flat typed arrays (few cache misses, nothing for the GC to trace).

/** Ints per entry before the values: hash, key offset in the pool, key length + 1 (0 marks an empty slot). */
const HEAD = 3;

/** One generation: an open-addressing table (linear probing, at most half full) and its keys' characters. */
class Generation {
  table: Int32Array;
  pool: Uint16Array;
  /** Characters used in `pool`; entries in `table`; the limit's measure (key length + 32 per entry). */
  chars = 0;
  count = 0;
  size = 0;

  constructor(private readonly stride: number) {
    this.table = new Int32Array(1024 * stride);
    this.pool = new Uint16Array(4096);
  }

  get mask(): number {
    return this.table.length / this.stride - 1;
  }

  /** The entry of text[start, end) with hash `h`, or -1. */
  find(text: string, start: number, end: number, h: number): number {
    const { table, pool, stride } = this;
    const mask = this.mask;
    const len = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const at = slot * stride;
      const l = table[at + 2]!;
      if (l === 0) return -1;
      if (l === len + 1 && table[at]! === h) {
        let k = table[at + 1]!;
        let i = start;
        while (i < end && pool[k] === text.charCodeAt(i)) {
          i++;
          k++;
        }
        if (i === end) return at;
      }
    }
  }

  /** Adds text[start, end) (not present) with hash `h`; returns its entry. */
  add(text: string, start: number, end: number, h: number): number {
    if ((this.count + 1) * 2 > this.mask + 1) this.rehash();
    const len = end - start;
    if (this.chars + len > this.pool.length) {
      let n = this.pool.length * 2;
      while (n < this.chars + len) n *= 2;
      const next = new Uint16Array(n);
      next.set(this.pool.subarray(0, this.chars));
      this.pool = next;
    }
    const off = this.chars;
    for (let i = 0; i < len; i++) this.pool[off + i] = text.charCodeAt(start + i);
    this.chars += len;
    this.count++;
    this.size += len + 32;
    const { table, stride } = this;
    const mask = this.mask;
    let slot = h & mask;
    while (table[slot * stride + 2]! !== 0) slot = (slot + 1) & mask;
    const at = slot * stride;
    table[at] = h;
    table[at + 1] = off;
    table[at + 2] = len + 1;
    return at;
  }

  private rehash(): void {
    const { stride } = this;
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = table.length / stride - 1;
    for (let at = 0; at < old.length; at += stride) {
      if (old[at + 2]! === 0) continue;
      let slot = old[at]! & mask;
      while (table[slot * stride + 2]! !== 0) slot = (slot + 1) & mask;
      table.set(old.subarray(at, at + stride), slot * stride);
    }
    this.table = table;
  }

  clear(): void {
    this.table.fill(0);
    this.chars = 0;
    this.count = 0;
    this.size = 0;
  }
}

/**
 * A bounded memo of `width` integers per key: two generations; when the young one passes `limit` (key characters
 * plus 32 per entry) it becomes the old one, and the old is dropped. An old entry that is found moves to the young.
 * Entries are handles into `values`: valid until the next `add` or `find` (which may move or drop them).
 */
export class RangeMemo {
  private young: Generation;
  private old: Generation;
  private readonly stride: number;

  constructor(
    private readonly limit: number,
    readonly width: number,
  ) {
    if (!Number.isInteger(width) || width < 1) throw new Error(`range-memo: bad width ${width}`);
    this.stride = HEAD + width;
    this.young = new Generation(this.stride);
    this.old = new Generation(this.stride);
  }

  /** The values of entries: entry `e`'s k-th value is `values[e + 3 + k]` (read right after find or add). */
  get values(): Int32Array {
    return this.young.table;
  }

  /** The entry of text[start, end), or -1. */
  find(text: string, start: number, end: number): number {
    const h = hashRange(text, start, end);
    const e = this.young.find(text, start, end, h);
    if (e >= 0 || this.old.count === 0) return e;
    const o = this.old.find(text, start, end, h);
    if (o < 0) return -1;
    const from = this.old.table.subarray(o + HEAD, o + this.stride);
    const values = Int32Array.from(from);
    const y = this.add(text, start, end);
    this.young.table.set(values, y + HEAD);
    return y;
  }

  /** Adds text[start, end), absent (`find` said -1); set its values through `values`. */
  add(text: string, start: number, end: number): number {
    if (this.young.size >= this.limit) {
      const dropped = this.old;
      this.old = this.young;
      dropped.clear();
      this.young = dropped;
    }
    return this.young.add(text, start, end, hashRange(text, start, end));
  }

  /** Entries held (both generations; for tests). */
  get count(): number {
    return this.young.count + this.old.count;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}

/** FNV-1a over the UTF-16 units of text[start, end), then mixed so that the low bits (the table index) vary. */
export function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
