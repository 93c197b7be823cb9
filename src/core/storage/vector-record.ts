// The bytes of a vector record (`vectors/<fp hash>` / <note path> in index-records.ts): one note's chunk vectors
// under one embedder, keyed by the hash of each chunk's text, in the smaller of two lossless layouts. Pure: no Node.

/** Bytes of a vector key (the first 128 bits of the sha256 of the embedded text). */
export const VECTOR_KEY_BYTES = 16;

/**
 * Bytes of a vector record, in whichever of two lossless layouts is smaller:
 *   dense:  count (u32), dims (u32), then per vector its 16-byte key and dims float32
 *   masked: MASKED_MAGIC (u32), count (u32), dims (u32), the keys (16 bytes each), a bit mask of the non-zero
 *           dimensions of each vector (ceil(dims / 8) bytes each), zero padding to a multiple of 4, then the
 *           non-zero values (float32), vector after vector.
 * All little-endian. The local embedder's passage vectors have ~62 % of their 512 dimensions non-zero, so the
 * masked layout takes ~1.35 KB a chunk instead of 2.06 KB; a dense model's vectors stay dense. The record store
 * checksums every record (segment CRC-32, or the IndexedDB value's), so decoding only checks the structure.
 */
export function encodeVectors(entries: readonly (readonly [string, Float32Array])[], dims: number): Uint8Array {
  let nonZero = 0;
  for (const [, vec] of entries) {
    if (vec.length !== dims) throw new Error(`index-records: vector of ${vec.length} dims, expected ${dims}`);
    for (let i = 0; i < dims; i++) if (isSet(vec[i]!)) nonZero++;
  }
  const count = entries.length;
  const maskBytes = (dims + 7) >> 3;
  const valuesAt = align4(12 + count * (VECTOR_KEY_BYTES + maskBytes));
  const masked = valuesAt + 4 * nonZero;
  const dense = 8 + count * (VECTOR_KEY_BYTES + 4 * dims);
  return masked < dense ? encodeMasked(entries, dims, maskBytes, valuesAt, masked) : encodeDense(entries, dims, dense);
}

/** First u32 of a record in the masked layout (a dense record starts with its count, which never reaches it). */
const MASKED_MAGIC = 0x4d56564f; // "OVVM"

/** A value the masked layout stores: anything but +0 (so -0 keeps its sign bit). */
const isSet = (x: number): boolean => x !== 0 || 1 / x < 0;
const align4 = (n: number): number => (n + 3) & ~3;

function writeKey(out: Uint8Array, o: number, key: string): void {
  for (let i = 0; i < VECTOR_KEY_BYTES; i++) out[o + i] = Number.parseInt(key.slice(2 * i, 2 * i + 2), 16);
}

function readKey(bytes: Uint8Array, o: number): string {
  let key = '';
  for (let i = 0; i < VECTOR_KEY_BYTES; i++) key += HEX[bytes[o + i]!];
  return key;
}

function encodeDense(entries: readonly (readonly [string, Float32Array])[], dims: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, entries.length, true);
  view.setUint32(4, dims, true);
  let o = 8;
  for (const [key, vec] of entries) {
    writeKey(out, o, key);
    o += VECTOR_KEY_BYTES;
    if (LITTLE_ENDIAN) {
      out.set(new Uint8Array(vec.buffer, vec.byteOffset, vec.byteLength), o);
      o += 4 * dims;
    } else {
      for (let i = 0; i < dims; i++, o += 4) view.setFloat32(o, vec[i]!, true);
    }
  }
  return out;
}

function encodeMasked(
  entries: readonly (readonly [string, Float32Array])[],
  dims: number,
  maskBytes: number,
  valuesAt: number,
  size: number,
): Uint8Array {
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MASKED_MAGIC, true);
  view.setUint32(4, entries.length, true);
  view.setUint32(8, dims, true);
  // The values start 4-aligned in a fresh buffer: on little-endian hosts they are written through a float view.
  const values = LITTLE_ENDIAN ? new Float32Array(out.buffer, valuesAt, (size - valuesAt) / 4) : null;
  const masksAt = 12 + entries.length * VECTOR_KEY_BYTES;
  let p = 0;
  entries.forEach(([key, vec], r) => {
    writeKey(out, 12 + r * VECTOR_KEY_BYTES, key);
    const mask = masksAt + r * maskBytes;
    for (let i = 0; i < dims; i++) {
      const x = vec[i]!;
      if (!isSet(x)) continue;
      out[mask + (i >> 3)]! |= 1 << (i & 7);
      if (values) values[p++] = x;
      else view.setFloat32(valuesAt + 4 * p++, x, true);
    }
  });
  return out;
}

/** On little-endian hosts (all current JS platforms) floats are copied as bytes. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The dims a vector record of either layout states (0 when it is too short to say). */
export function vectorRecordDims(bytes: Uint8Array): number {
  if (bytes.length < 8) return 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MASKED_MAGIC) return view.getUint32(4, true);
  return bytes.length >= 12 ? view.getUint32(8, true) : 0;
}

/** Where the parts of a vector record lie, once its structure is checked. */
interface Layout {
  masked: boolean;
  count: number;
  /** Offset of the first key; keys are VECTOR_KEY_BYTES apart in the masked layout, a whole vector apart in the dense. */
  keysAt: number;
  keyStride: number;
  masksAt: number;
  valuesAt: number;
  nonZero: number;
}

/** Checks the structure of a vector record of either layout; throws an `index-records:` error when it does not fit. */
function layoutOf(bytes: Uint8Array, dims: number): Layout {
  if (bytes.length < 8) throw new Error('index-records: vector record too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MASKED_MAGIC) {
    const count = view.getUint32(0, true);
    const fileDims = view.getUint32(4, true);
    if (fileDims !== dims) throw new Error(`index-records: vectors of ${fileDims} dims, expected ${dims}`);
    const per = VECTOR_KEY_BYTES + 4 * dims;
    if (bytes.length !== 8 + per * count) throw new Error('index-records: vector record length does not fit its count');
    return { masked: false, count, keysAt: 8, keyStride: per, masksAt: 0, valuesAt: 0, nonZero: 0 };
  }
  if (bytes.length < 12) throw new Error('index-records: vector record too short');
  const count = view.getUint32(4, true);
  const fileDims = view.getUint32(8, true);
  if (fileDims !== dims) throw new Error(`index-records: vectors of ${fileDims} dims, expected ${dims}`);
  const maskBytes = (dims + 7) >> 3;
  const masksAt = 12 + count * VECTOR_KEY_BYTES;
  const valuesAt = align4(masksAt + count * maskBytes);
  if (bytes.length < valuesAt) throw new Error('index-records: vector record length does not fit its count');
  // Bits past the last dimension must be clear, and the values must be exactly as many as the set bits.
  const tail = dims & 7 ? 0xff & ~((1 << (dims & 7)) - 1) : 0;
  let nonZero = 0;
  for (let r = 0; r < count; r++) {
    const m = masksAt + r * maskBytes;
    for (let j = 0; j < maskBytes; j++) nonZero += popcount8(bytes[m + j]!);
    if (bytes[m + maskBytes - 1]! & tail) throw new Error('index-records: vector mask has bits past its dims');
  }
  if (bytes.length !== valuesAt + 4 * nonZero)
    throw new Error('index-records: vector record length does not fit its masks');
  return { masked: true, count, keysAt: 12, keyStride: VECTOR_KEY_BYTES, masksAt, valuesAt, nonZero };
}

/** Parses a vector record of either layout; throws an `index-records:` error when its structure does not fit. */
export function decodeVectors(bytes: Uint8Array, dims: number): [string, Float32Array][] {
  const l = layoutOf(bytes, dims);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: [string, Float32Array][] = [];
  // One copy of all the floats of the record; each vector is a view into it (a record is one note's vectors).
  const floats = new Float32Array(l.count * dims);
  if (!l.masked) {
    const floatBytes = new Uint8Array(floats.buffer);
    for (let r = 0; r < l.count; r++) {
      const o = l.keysAt + r * l.keyStride;
      const vec = floats.subarray(r * dims, (r + 1) * dims);
      const at = o + VECTOR_KEY_BYTES;
      if (LITTLE_ENDIAN) floatBytes.set(bytes.subarray(at, at + 4 * dims), r * dims * 4);
      else for (let i = 0; i < dims; i++) vec[i] = view.getFloat32(at + 4 * i, true);
      out.push([readKey(bytes, o), vec]);
    }
    return out;
  }
  const values = new Float32Array(l.nonZero);
  if (LITTLE_ENDIAN) new Uint8Array(values.buffer).set(bytes.subarray(l.valuesAt));
  else for (let i = 0; i < l.nonZero; i++) values[i] = view.getFloat32(l.valuesAt + 4 * i, true);
  const maskBytes = (dims + 7) >> 3;
  let p = 0;
  for (let r = 0; r < l.count; r++) {
    const base = r * dims;
    const m = l.masksAt + r * maskBytes;
    for (let j = 0; j < maskBytes; j++) {
      // Set bits lowest first: b & -b isolates one, clz32 names it.
      for (let b = bytes[m + j]!; b !== 0; b &= b - 1) floats[base + 8 * j + 31 - Math.clz32(b & -b)] = values[p++]!;
    }
    out.push([readKey(bytes, l.keysAt + r * VECTOR_KEY_BYTES), floats.subarray(base, base + dims)]);
  }
  return out;
}

/** Receives the vectors of a record as they are stored (see visitVectors). */
export interface VectorRecordSink {
  /** A vector of the masked layout: its bit mask (ceil(dims / 8) bytes, bit i = dimension i) and its non-zero
   * values (float32 little-endian, `values.length / 4` of them, in dimension order), both views of the record. */
  masked(key: string, mask: Uint8Array, values: Uint8Array): void;
  /** A vector of the dense layout (a view into one decoded copy of the record's floats). */
  dense(key: string, vec: Float32Array): void;
}

/**
 * Hands each vector of a record of either layout to `sink` without decoding the masked layout into dense floats
 * (an open copies mask and values into its packed store as they are); structure checked as decodeVectors does.
 */
export function visitVectors(bytes: Uint8Array, dims: number, sink: VectorRecordSink): void {
  const l = layoutOf(bytes, dims);
  if (!l.masked) {
    for (const [key, vec] of decodeVectors(bytes, dims)) sink.dense(key, vec);
    return;
  }
  const maskBytes = (dims + 7) >> 3;
  vectorSpans(bytes, dims, (key, m, at, n) =>
    sink.masked(key, bytes.subarray(m, m + maskBytes), bytes.subarray(at, at + 4 * n)),
  );
}

function popcount8(b: number): number {
  b = b - ((b >> 1) & 0x55);
  b = (b & 0x33) + ((b >> 2) & 0x33);
  return (b + (b >> 4)) & 0x0f;
}

/**
 * Where each vector of a record lies, for reading one back alone: `visit(key, mask, values, nonZero)` gives the
 * byte offsets in the record of its mask (-1 in the dense layout) and of its float32 values (`nonZero` of them in
 * the masked layout, `dims` in the dense). Throws on a record whose structure does not fit.
 */
export function vectorSpans(
  bytes: Uint8Array,
  dims: number,
  visit: (key: string, mask: number, values: number, nonZero: number) => void,
): void {
  const l = layoutOf(bytes, dims);
  if (!l.masked) {
    for (let r = 0; r < l.count; r++) {
      const o = l.keysAt + r * l.keyStride;
      visit(readKey(bytes, o), -1, o + VECTOR_KEY_BYTES, dims);
    }
    return;
  }
  const maskBytes = (dims + 7) >> 3;
  let at = l.valuesAt;
  for (let r = 0; r < l.count; r++) {
    const m = l.masksAt + r * maskBytes;
    let n = 0;
    for (let j = 0; j < maskBytes; j++) n += popcount8(bytes[m + j]!);
    visit(readKey(bytes, l.keysAt + r * VECTOR_KEY_BYTES), m, at, n);
    at += 4 * n;
  }
}
