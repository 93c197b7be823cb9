// The lexical index's snapshot: magic "OVLX", format version, the field-length averages (float64, bit-exact), the
// chunk ids and terms as string tables, each chunk's field lengths, then per (term, field) list its postings as
// varints (gap to the previous chunk number, frequency). About 2.5 bytes a posting. Decoding checks every count,
// bound and order, so damaged bytes throw rather than yield a wrong index (the store also checksums the blob).
import { ByteReader, ByteWriter } from '../storage/byte-codec';
import { FIELD_COUNT, type PostingsData } from './lexical-postings';

const MODULE = 'lexical-snapshot';
const MAGIC = [0x4f, 0x56, 0x4c, 0x58]; // "OVLX"

/** The snapshot bytes of compact postings. */
export function encodePostings(d: PostingsData, version: number): Uint8Array {
  const w = new ByteWriter();
  w.bytes(Uint8Array.from(MAGIC));
  w.varint(version);
  w.varint(FIELD_COUNT);
  for (const a of d.avg) w.float64(a);
  w.strings(d.ids);
  w.strings(d.terms);
  w.varint(d.docs.length);
  for (const len of d.fieldLen) w.varint(len);
  // The lists as one block (its byte length first), so decoding runs one tight loop over raw bytes.
  const lists = new ByteWriter();
  for (let l = 0; l < d.terms.length * FIELD_COUNT; l++) {
    const end = d.offsets[l + 1]!;
    lists.varint(end - d.offsets[l]!);
    let prev = -1;
    for (let i = d.offsets[l]!; i < end; i++) {
      lists.varint(d.docs[i]! - prev - 1);
      lists.varint(d.tfs[i]!);
      prev = d.docs[i]!;
    }
  }
  const block = lists.finish();
  w.varint(block.length);
  w.bytes(block);
  return w.finish();
}

/** Compact postings from snapshot bytes; throws 'lexical-snapshot: ...' on foreign, old or damaged bytes. */
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
    const block = r.bytes(r.bounded(bytes.length, 'list bytes'));
    const lists = terms.length * FIELD_COUNT;
    const offsets = new Uint32Array(lists + 1);
    const docs = new Uint32Array(total);
    const tfs = new Uint32Array(total);
    let at = 0;
    let pos = 0;
    // Inlined varints: one-byte values are the common case (gaps in long lists, frequencies).
    const next = (): number => {
      let b = block[pos++];
      if (b === undefined) bad('truncated lists');
      if (b! < 0x80) return b!;
      let v = b! & 0x7f;
      let scale = 0x80;
      for (let i = 1; i < 5; i++) {
        b = block[pos++];
        if (b === undefined) bad('truncated lists');
        v += (b! & 0x7f) * scale;
        if (b! < 0x80) return v;
        scale *= 0x80;
      }
      return bad('varint too long');
    };
    for (let l = 0; l < lists; l++) {
      offsets[l] = at;
      const count = next();
      if (count > total - at) bad('list length');
      let prev = -1;
      for (let end = at + count; at < end; at++) {
        // One-byte varints inline (a read past the end is undefined, which takes the checked path).
        let doc = block[pos]!;
        if (doc < 0x80) pos++;
        else doc = next();
        doc += prev + 1;
        let tf = block[pos]!;
        if (tf < 0x80) pos++;
        else tf = next();
        if (doc >= n || tf === 0) bad('posting');
        docs[at] = doc;
        tfs[at] = tf;
        prev = doc;
      }
    }
    offsets[lists] = at;
    if (at !== total) bad('posting count');
    if (pos !== block.length) bad('list bytes');
    if (!r.done) bad('trailing bytes');
    return { ids, terms, fieldLen, avg, offsets, docs, tfs };
  } catch (e: unknown) {
    const msg = e instanceof Error ? e.message : String(e);
    if (msg.startsWith(`${MODULE}:`)) throw e;
    throw new Error(`${MODULE}: corrupt snapshot (${msg})`);
  }
}
