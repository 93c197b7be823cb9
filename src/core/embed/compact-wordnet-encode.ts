// Encoder of the compact WordNet artifact (layout in compact-wordnet-format.ts); build time only.
import { zlibSync } from 'fflate';
import {
  POS_LETTER,
  WORDNET_POS,
  type Synset,
  type WordNetEntry,
  type WordNetPos,
  type WordNetTables,
} from './wordnet';
import { COMPACT_KEY, MAGIC, MODULE, RESTART, compare } from './compact-wordnet-format';

/** What the encoder reads: every index key of a full WordNet, and its tables. */
export interface WordNetSource {
  keys(): Iterable<{ pos: WordNetPos; key: string }>;
  tables: WordNetTables;
}

/** A growable byte buffer that writes unsigned LEB128 varints. */
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
    [...synsets.keys()]
      .filter((id) => id[0] === POS_LETTER[pos])
      .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))),
  );
  const synsetIdx = new Map(byPos.flat().map((id, i) => [id, i]));

  const w = new Writer();
  for (const b of MAGIC) w.byte(b);
  // Totals first, so that the loader fills typed arrays of the right size in one pass.
  let nWords = 0;
  let nHyper = 0;
  for (const [id, s] of synsets) {
    nWords += keptWords(s).length;
    if (senseIds.has(id)) nHyper += s.hypernyms.length;
  }
  let nSenses = 0;
  for (const m of entries.values()) for (const e of m.values()) nSenses += e.ids.length;
  w.uint(nWords);
  w.uint(nHyper);
  w.uint(nSenses);
  w.uint(sorted.length);
  let prev = '';
  const blob: number[] = [];
  for (const [i, s] of sorted.entries()) {
    if (i % RESTART === 0) prev = '';
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

/** The artifact as shipped: the encoded layout, zlib-compressed (deterministic, level 9). */
export function compressCompactWordNet(raw: Uint8Array): Uint8Array {
  return zlibSync(raw, { level: 9 });
}
