// Loader of the compact WordNet artifact (layout in compact-wordnet-format.ts): bytes in, no I/O, so the same code
// runs in Node and in a Web Worker. Nothing is decoded up front beyond flat typed arrays; strings, entries and
// synsets are built when looked up.
import { unzlibSync } from 'fflate';
import {
  POS_LETTER,
  WORDNET_POS,
  WordNet,
  type Synset,
  type WordNetEntry,
  type WordNetPos,
  type WordNetTables,
} from './wordnet';
import { MAGIC, MODULE, RESTART } from './compact-wordnet-format';

export { COMPACT_KEY } from './compact-wordnet-format';
export { compressCompactWordNet, encodeCompactWordNet, type WordNetSource } from './compact-wordnet-encode';

/** Tables decoded from the artifact: flat typed arrays, objects built only for what is looked up. */
class CompactTables implements WordNetTables {
  // Front-coded strings, decoded on demand: the latin1 text of every suffix, and per string its shared prefix
  // length, suffix start and suffix length.
  private readonly blob: string;
  private readonly prefix: Uint32Array;
  private readonly suffixStart: Uint32Array;
  private readonly suffixLength: Uint32Array;
  /** Per part of speech: first global synset index and sorted offsets. */
  private readonly synsetBase: number[] = [];
  private readonly offsets: Uint32Array[] = [];
  private readonly wordStart: Uint32Array;
  private readonly wordRefs: Uint32Array;
  private readonly hyperStart: Uint32Array;
  private readonly hyperRefs: Uint32Array;
  /** Per part of speech: sorted key string indices, and where each entry's senses start in senseRefs/senseCounts. */
  private readonly keys: Uint32Array[] = [];
  private readonly senseStart: Uint32Array[] = [];
  private readonly senseRefs: Uint32Array;
  private readonly senseCounts: Uint32Array;
  private readonly synsetCache = new Map<number, Synset>();
  /** Synset id strings by global index, built on first use. */
  private readonly idCache: (string | undefined)[] = [];
  /** Key → string index (-1: absent), shared by the four parts of speech that look the same key up. */
  private readonly indexCache = new Map<string, number>();
  private readonly letters: string[] = WORDNET_POS.map((p) => POS_LETTER[p]);

  constructor(bytes: Uint8Array) {
    if (bytes.length < 4 || MAGIC.some((b, i) => bytes[i] !== b)) {
      throw new Error(`${MODULE}: not a compact WordNet artifact (bad magic)`);
    }
    let pos = 4;
    const uint = (): number => {
      let n = 0;
      let shift = 1;
      for (;;) {
        if (pos >= bytes.length) throw new Error(`${MODULE}: artifact is truncated`);
        const b = bytes[pos++]!;
        n += (b & 0x7f) * shift;
        if (b < 0x80) return n;
        shift *= 128;
      }
    };
    const nWords = uint();
    const nHyper = uint();
    const nSenses = uint();
    const nStrings = uint();
    const pl = new Uint32Array(nStrings);
    const sl = new Uint32Array(nStrings);
    let blobLength = 0;
    for (let i = 0; i < nStrings; i++) {
      pl[i] = uint();
      sl[i] = uint();
      blobLength += sl[i]!;
    }
    if (pos + blobLength > bytes.length) throw new Error(`${MODULE}: artifact is truncated`);
    this.blob = new TextDecoder('latin1').decode(bytes.subarray(pos, pos + blobLength));
    pos += blobLength;
    this.prefix = pl;
    this.suffixLength = sl;
    this.suffixStart = new Uint32Array(nStrings);
    for (let i = 0, at = 0; i < nStrings; i++) {
      this.suffixStart[i] = at;
      at += sl[i]!;
    }

    const bad = (what: string): Error => new Error(`${MODULE}: artifact is corrupt (${what})`);
    this.wordRefs = new Uint32Array(nWords);
    this.hyperRefs = new Uint32Array(nHyper);
    const wordStart: number[] = [0];
    const hyperStart: number[] = [0];
    let nw = 0;
    let nh = 0;
    let total = 0;
    for (let p = 0; p < WORDNET_POS.length; p++) {
      const n = uint();
      this.synsetBase.push(total);
      const offs = new Uint32Array(n);
      let last = 0;
      for (let i = 0; i < n; i++) {
        last += uint();
        offs[i] = last;
        const words = uint();
        if (nw + words > nWords) throw bad('word count');
        for (let j = 0; j < words; j++) {
          const r = uint();
          if (r >= nStrings) throw bad('word index');
          this.wordRefs[nw++] = r;
        }
        wordStart.push(nw);
        const hyper = uint();
        if (nh + hyper > nHyper) throw bad('hypernym count');
        for (let j = 0; j < hyper; j++) this.hyperRefs[nh++] = uint();
        hyperStart.push(nh);
      }
      this.offsets.push(offs);
      total += n;
    }
    this.wordStart = Uint32Array.from(wordStart);
    this.hyperStart = Uint32Array.from(hyperStart);

    this.senseRefs = new Uint32Array(nSenses);
    this.senseCounts = new Uint32Array(nSenses);
    let ns = 0;
    for (let p = 0; p < WORDNET_POS.length; p++) {
      const n = uint();
      const keys = new Uint32Array(n);
      const start = new Uint32Array(n + 1);
      let last = 0;
      for (let i = 0; i < n; i++) {
        last += uint();
        keys[i] = last;
        start[i] = ns;
        const senses = uint();
        if (ns + senses > nSenses) throw bad('sense count');
        for (let j = 0; j < senses; j++) {
          this.senseRefs[ns] = uint();
          this.senseCounts[ns++] = uint();
        }
      }
      start[n] = ns;
      this.keys.push(keys);
      this.senseStart.push(start);
    }
    if (nw !== nWords || nh !== nHyper || ns !== nSenses) throw bad('totals');
    for (const refs of [this.hyperRefs, this.senseRefs])
      for (const r of refs) if (r >= total) throw bad('synset index');
    if (pos !== bytes.length) throw new Error(`${MODULE}: ${bytes.length - pos} unexpected trailing bytes`);
  }

  entry(key: string, pos: WordNetPos): WordNetEntry | undefined {
    // No cache of entries: WordNet.senses caches per word, and most keys asked for are misses (inflection rules).
    let s = this.indexCache.get(key);
    if (s === undefined) {
      s = this.stringIndex(key);
      if (this.indexCache.size > 200_000) this.indexCache.clear();
      this.indexCache.set(key, s);
    }
    if (s < 0) return undefined;
    const p = WORDNET_POS.indexOf(pos);
    const e = search(this.keys[p]!, s);
    if (e < 0) return undefined;
    const start = this.senseStart[p]![e]!;
    const end = this.senseStart[p]![e + 1]!;
    const ids: string[] = [];
    const counts: number[] = [];
    for (let i = start; i < end; i++) {
      ids.push(this.synsetId(this.senseRefs[i]!));
      counts.push(this.senseCounts[i]!);
    }
    return { ids, counts };
  }

  synset(id: string): Synset | null {
    const p = this.letters.indexOf(id[0] ?? '');
    if (p < 0 || !/^[nvar]\d{8}$/.test(id)) return null;
    const i = search(this.offsets[p]!, Number(id.slice(1)));
    return i < 0 ? null : this.synsetAt(this.synsetBase[p]! + i);
  }

  private synsetAt(g: number): Synset {
    const cached = this.synsetCache.get(g);
    if (cached) return cached;
    const words: string[] = [];
    for (let i = this.wordStart[g]!; i < this.wordStart[g + 1]!; i++) words.push(this.string(this.wordRefs[i]!));
    const hypernyms: string[] = [];
    for (let i = this.hyperStart[g]!; i < this.hyperStart[g + 1]!; i++)
      hypernyms.push(this.synsetId(this.hyperRefs[i]!));
    const s: Synset = { id: this.synsetId(g), words, hypernyms };
    this.synsetCache.set(g, s);
    return s;
  }

  private synsetId(g: number): string {
    const cached = this.idCache[g];
    if (cached !== undefined) return cached;
    let p = this.synsetBase.length - 1;
    while (this.synsetBase[p]! > g) p--;
    const id = `${this.letters[p]}${String(this.offsets[p]![g - this.synsetBase[p]!]).padStart(8, '0')}`;
    this.idCache[g] = id;
    return id;
  }

  /** String i, decoded from the whole string that starts its block. */
  private string(i: number): string {
    let s = '';
    for (let j = i - (i % RESTART); j <= i; j++) {
      const at = this.suffixStart[j]!;
      s = s.slice(0, this.prefix[j]) + this.blob.slice(at, at + this.suffixLength[j]!);
    }
    return s;
  }

  /** Sign of (whole string j) − key in code-unit order, for a string stored whole (the first of a block). */
  private compareWhole(j: number, key: string): number {
    const at = this.suffixStart[j]!;
    const len = this.suffixLength[j]!;
    const n = Math.min(len, key.length);
    for (let i = 0; i < n; i++) {
      const d = this.blob.charCodeAt(at + i) - key.charCodeAt(i);
      if (d !== 0) return d;
    }
    return len - key.length;
  }

  /**
   * The index of `key`, or -1: binary search over the blocks' whole first strings, then one pass over the block
   * using the front coding (no string is built: this runs for every word a text has).
   */
  private stringIndex(key: string): number {
    const n = this.prefix.length;
    let lo = 0;
    let hi = Math.ceil(n / RESTART) - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.compareWhole(mid * RESTART, key) <= 0) lo = mid;
      else hi = mid - 1;
    }
    // m: length of the common prefix of the key and the current string, which sorts before the key.
    let m = 0;
    const first = lo * RESTART;
    for (let j = first; j < Math.min(n, first + RESTART); j++) {
      if (j > first) {
        const shared = this.prefix[j]!;
        if (shared > m) continue; // same first difference as the previous string: still before the key
        if (shared < m) return -1; // differs where the previous string matched the key: after the key
      }
      const at = this.suffixStart[j]!;
      const len = this.suffixLength[j]!;
      let i = 0;
      while (i < len && m + i < key.length && this.blob.charCodeAt(at + i) === key.charCodeAt(m + i)) i++;
      m += i;
      if (i === len) {
        if (m === key.length) return j;
        continue; // a proper prefix of the key
      }
      if (m === key.length || this.blob.charCodeAt(at + i) > key.charCodeAt(m)) return -1;
    }
    return -1;
  }
}

/** Binary search in a sorted typed array; the index of `v` or -1. */
function search(a: Uint32Array, v: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = a[mid]!;
    if (x === v) return mid;
    if (x < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** A WordNet over the compact artifact's bytes, compressed or not (no I/O: works in Node and in a Web Worker). */
export function loadCompactWordNet(bytes: Uint8Array): WordNet {
  if (bytes.length >= 4 && MAGIC.every((b, i) => bytes[i] === b)) return new WordNet(new CompactTables(bytes));
  let raw: Uint8Array;
  try {
    raw = unzlibSync(bytes);
  } catch (e: unknown) {
    throw new Error(`${MODULE}: not a compact WordNet artifact (${e instanceof Error ? e.message : String(e)})`);
  }
  return new WordNet(new CompactTables(raw));
}
