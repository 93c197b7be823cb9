// The lexical index's snapshot: magic "OVLX", format version, the field-length averages (float64, bit-exact), the
// chunk ids and terms as string tables, each chunk's field lengths, a table of every (term, field) list's posting
// count and byte length, then the lists' postings as varints (gap to the previous chunk number, frequency). About
// 2.5 bytes a posting. Loading reads the tables and checks that they add up, and decodes a list only when it is
// first read (a question reads a few dozen of hundreds of thousands): each list is checked as it is decoded (chunk
// numbers ascending and in range, frequencies positive, exactly its bytes), so damaged bytes throw rather than
// yield a wrong index (the store also checksums the whole blob when it is read).
import { ByteReader, ByteWriter } from '../storage/byte-codec';
import { FIELD_COUNT, type PostingsData, type PostingsSnapshot } from './lexical-postings';
import { storedTf } from './posting-arrays';

const MODULE = 'lexical-snapshot';
const MAGIC = [0x4f, 0x56, 0x4c, 0x58]; // "OVLX"

/** Layout of the lists (the table of counts and byte lengths): bumped with it, beside the analysis version. */
const LAYOUT = 2;

/**
 * The snapshot bytes of the postings. Lists are measured, then written once into a buffer of the exact size: a save
 * holds the postings and their bytes, no copy of either.
 */
export function encodePostings(d: PostingsSnapshot, version: number): Uint8Array {
  const head = new ByteWriter();
  head.bytes(Uint8Array.from(MAGIC));
  head.varint(version);
  head.varint(LAYOUT);
  head.varint(FIELD_COUNT);
  for (const a of d.avg) head.float64(a);
  head.strings(d.ids);
  head.strings(d.terms);
  head.varint(d.total);
  for (const len of d.fieldLen) head.varint(len);
  // The table before the lists says where each list starts, so one can be decoded alone.
  const lists = d.terms.length * FIELD_COUNT;
  let block = 0;
  for (let k = 0; k < lists; k++) {
    const bytes = d.byteLength(k);
    head.varint(d.size(k));
    if (bytes > 0) head.varint(bytes);
    block += bytes;
  }
  head.varint(block);
  const start = head.finish();
  const w = new ByteWriter(start.length + block);
  w.bytes(start);
  for (let k = 0; k < lists; k++) d.write(k, w);
  if (w.length !== start.length + block) throw new Error(`${MODULE}: lists wrote other than they measured`);
  return w.finish();
}

/**
 * Compact postings from snapshot bytes, lists not decoded yet (`fill` decodes one into docs/tfs, which start
 * zeroed); throws 'lexical-snapshot: ...' on foreign, old or damaged bytes, at load or when a damaged list is filled.
 */
export function decodePostings(bytes: Uint8Array, version: number): PostingsData {
  const bad = (what: string): never => {
    throw new Error(`${MODULE}: corrupt snapshot (${what})`);
  };
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error(`${MODULE}: not a lexical snapshot`);
  }
  try {
    const r = new ByteReader(bytes.subarray(MAGIC.length));
    const v = r.varint();
    if (v !== version) throw new Error(`${MODULE}: format version ${v}, expected ${version}: rebuild`);
    const layout = r.varint();
    if (layout !== LAYOUT) throw new Error(`${MODULE}: layout ${layout}, expected ${LAYOUT}: rebuild`);
    if (r.varint() !== FIELD_COUNT) bad('field count');
    const avg: number[] = [];
    for (let f = 0; f < FIELD_COUNT; f++) {
      const a = r.float64();
      if (!(Number.isFinite(a) && a >= 0)) bad('field length average');
      avg.push(a);
    }
    const ids = r.strings();
    const terms = r.strings();
    const n = ids.length;
    const total = r.bounded(bytes.length, 'posting count');
    const fieldLen = new Uint32Array(n * FIELD_COUNT);
    for (let i = 0; i < fieldLen.length; i++) fieldLen[i] = r.bounded(0xffffffff, 'field length');
    const lists = terms.length * FIELD_COUNT;
    const offsets = new Uint32Array(lists + 1);
    const byteAt = new Uint32Array(lists + 1);
    let at = 0;
    let pos = 0;
    for (let l = 0; l < lists; l++) {
      offsets[l] = at;
      byteAt[l] = pos;
      const count = r.bounded(total - at, 'list length');
      at += count;
      // At least two bytes a posting (a gap and a frequency), at most ten.
      if (count > 0) pos += r.bounded(10 * count, 'list bytes');
      if (pos - byteAt[l]! < 2 * count) bad('list bytes');
    }
    offsets[lists] = at;
    byteAt[lists] = pos;
    if (at !== total) bad('posting count');
    const block = r.bytes(r.bounded(bytes.length, 'list bytes'));
    if (pos !== block.length) bad('list bytes');
    if (!r.done) bad('trailing bytes');
    const docs = new Uint32Array(total);
    const tfs = new Uint16Array(total);
    const fill = (l: number): void =>
      decodeList(block, byteAt[l]!, byteAt[l + 1]!, docs, tfs, offsets[l]!, offsets[l + 1]!, n);
    return { ids, terms, fieldLen, avg, offsets, docs, tfs, fill };
  } catch (e: unknown) {
    const msg = e instanceof Error ? e.message : String(e);
    if (msg.startsWith(`${MODULE}:`)) throw e;
    throw new Error(`${MODULE}: corrupt snapshot (${msg})`);
  }
}

/** Decodes the postings block[pos, end) into docs/tfs[at, stop), checking them (n: chunks in the snapshot). */
function decodeList(
  block: Uint8Array,
  pos: number,
  end: number,
  docs: Uint32Array,
  tfs: Uint16Array,
  at: number,
  stop: number,
  n: number,
): void {
  const bad = (what: string): never => {
    throw new Error(`${MODULE}: corrupt snapshot (${what})`);
  };
  // Varints inline: one-byte values are the common case (gaps in long lists, frequencies).
  const next = (): number => {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      if (pos >= end) bad('truncated list');
      const b = block[pos++]!;
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
    }
    return bad('varint too long');
  };
  let prev = -1;
  for (; at < stop; at++) {
    let doc = pos < end ? block[pos]! : 0x80;
    if (doc < 0x80) pos++;
    else doc = next();
    doc += prev + 1;
    let tf = pos < end ? block[pos]! : 0x80;
    if (tf < 0x80) pos++;
    else tf = next();
    if (doc >= n || tf === 0) bad('posting');
    docs[at] = doc;
    tfs[at] = storedTf(tf);
    prev = doc;
  }
  if (pos !== end) bad('list bytes');
}
