// WordSlots: the local embedder's per-word cache of hashed passage features (signed slot, weight), packed in a few
// growable typed arrays. One pair of small typed arrays per word cost ~1 KiB each across a vault's vocabulary of
// ~200k words (hundreds of MB in every index worker); packed, a word costs its features' bytes and a Map entry.

/** A word's features: `slots[start..end)` and `weights[start..end)`. */
export interface WordSlotRange {
  slots: Int32Array;
  weights: Float64Array;
  start: number;
  end: number;
}

/**
 * Append-only packed cache of word → (slots, weights); cleared whole when it passes `limit` words or
 * `maxFeatures` features (a vault's long tail of words must not grow the arrays without bound: at 50k notes
 * 200k words filled ~200 MB of them).
 */
export class WordSlots {
  private readonly index = new Map<string, number>();
  /** Feature range of word entry e: [starts[e], starts[e + 1]). */
  private starts = new Int32Array(1024);
  private slots: Int32Array;
  private weights: Float64Array;
  private used = 0;
  /** Counts the times everything was dropped: an entry number kept elsewhere is valid in its generation only. */
  generation = 0;

  constructor(
    private readonly limit: number,
    private readonly maxFeatures = 1 << 22,
  ) {
    if (!Number.isInteger(limit) || limit <= 0) throw new Error(`word-slots: bad limit ${limit}`);
    if (!Number.isInteger(maxFeatures) || maxFeatures <= 0)
      throw new Error(`word-slots: bad feature limit ${maxFeatures}`);
    this.slots = new Int32Array(Math.min(16_384, maxFeatures));
    this.weights = new Float64Array(this.slots.length);
  }

  get size(): number {
    return this.index.size;
  }

  /** The cached range of `word`, or undefined. The arrays are valid until the next add(). */
  get(word: string): WordSlotRange | undefined {
    const e = this.index.get(word);
    if (e === undefined) return undefined;
    return { slots: this.slots, weights: this.weights, start: this.starts[e]!, end: this.starts[e + 1]! };
  }

  /** The entry number of `word`, or -1: its features are `slotArray`/`weightArray` [start(e), start(e + 1)). */
  find(word: string): number {
    return this.index.get(word) ?? -1;
  }

  /** Where entry `e`'s features start (entry e + 1's start is where they end). */
  start(e: number): number {
    return this.starts[e]!;
  }

  /** The packed slots and weights (valid until the next add()). */
  get slotArray(): Int32Array {
    return this.slots;
  }

  get weightArray(): Float64Array {
    return this.weights;
  }

  /** Caches `word`'s features (clearing everything first if full) and returns their range. */
  add(word: string, slots: ArrayLike<number>, weights: ArrayLike<number>): WordSlotRange {
    const e = this.addEntry(word, slots, weights);
    return { slots: this.slots, weights: this.weights, start: this.starts[e]!, end: this.starts[e + 1]! };
  }

  /** add(), returning the entry number. */
  addEntry(word: string, slots: ArrayLike<number>, weights: ArrayLike<number>): number {
    if (slots.length !== weights.length) throw new Error('word-slots: slots and weights differ in length');
    if (this.index.size >= this.limit || this.used + slots.length > this.maxFeatures) this.clear();
    const e = this.index.size;
    if (e + 2 > this.starts.length) this.starts = grow(this.starts, e + 2, this.limit + 1);
    const start = this.starts[e]!;
    const end = start + slots.length;
    if (end > this.slots.length) {
      this.slots = grow(this.slots, end, this.maxFeatures);
      this.weights = grow(this.weights, end, this.maxFeatures);
    }
    this.slots.set(slots, start);
    this.weights.set(weights, start);
    this.starts[e + 1] = end;
    this.used = end;
    this.index.set(word, e);
    return e;
  }

  /** Drops every word (the arrays keep their capacity). */
  clear(): void {
    this.index.clear();
    this.starts[0] = 0;
    this.used = 0;
    this.generation++;
  }

  /** Features stored (for tests). */
  get features(): number {
    return this.used;
  }
}

/** `a` copied into a larger array: doubled until it holds `need`, but no larger than `cap` unless `need` is. */
function grow<T extends Int32Array | Float64Array>(a: T, need: number, cap: number): T {
  let n = a.length * 2;
  while (n < need) n *= 2;
  n = Math.max(need, Math.min(n, cap));
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
