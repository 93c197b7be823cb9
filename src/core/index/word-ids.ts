// WordIds: a thread's tokens numbered once, so the per-word tables of the indexing path (a word's stem, its hashed
// embedding features, its lexical term) are arrays indexed by number. Indexing met each token of a chunk in three
// Maps keyed by the same string (the embedder's stems, its feature cache, the term packer), each lookup a hash
// table probe over a vault's vocabulary; now one Map lookup numbers the token and the rest are array reads.

/** Numbers of words; all forgotten (and `epoch` bumped) once `limit` words are numbered. */
export class WordIds {
  private readonly idOf = new Map<string, number>();
  private readonly spelled: string[] = [];
  private buf = new Int32Array(256);
  /** Counts the times the numbers were forgotten: a table indexed by number is reset when this moves. */
  epoch = 0;

  constructor(private readonly limit = 500_000) {
    if (!Number.isInteger(limit) || limit <= 0) throw new Error(`word-ids: bad limit ${limit}`);
  }

  /** Words numbered now. */
  get size(): number {
    return this.spelled.length;
  }

  /** The word numbered `id`. */
  word(id: number): string {
    const w = this.spelled[id];
    if (w === undefined) throw new Error(`word-ids: no word numbered ${id}`);
    return w;
  }

  /**
   * The numbers of `tokens`, in a reused array valid until the next call. The numbers are forgotten only at the
   * start of a call (never within one text), so all of a text's tokens are numbered in one epoch.
   */
  ids(tokens: readonly string[]): Int32Array {
    if (this.spelled.length + tokens.length > this.limit && this.spelled.length > 0) {
      this.idOf.clear();
      this.spelled.length = 0;
      this.epoch++;
    }
    if (tokens.length > this.buf.length) this.buf = new Int32Array(Math.max(tokens.length, this.buf.length * 2));
    const { idOf, spelled, buf } = this;
    for (let i = 0; i < tokens.length; i++) {
      const w = tokens[i]!;
      let id = idOf.get(w);
      if (id === undefined) {
        id = spelled.length;
        spelled.push(w);
        idOf.set(w, id);
      }
      buf[i] = id;
    }
    return buf.subarray(0, tokens.length);
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
