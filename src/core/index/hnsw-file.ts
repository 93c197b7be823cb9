// Validates an hnswlib index file in JS before the native reader sees it. hnswlib's own loadIndex only checks the
// overall length; a bad header, a neighbour id out of range or a wrong vector size would make the native code read
// out of bounds and take the whole process down. Layout (hnswalg.h saveIndex, hnswlib 0.8 in hnswlib-node 3.0.0):
//   header: offsetLevel0 u64, maxElements u64, count u64, sizeDataPerElement u64, labelOffset u64, offsetData u64,
//           maxLevel i32, enterPoint u32, maxM u64, maxM0 u64, M u64, mult f64, efConstruction u64   (96 bytes)
//   level 0: count × [listCount u16, flags u8, pad u8, maxM0 × u32 ids, dims × f32, label u64]
//   upper levels: count × [byteSize u32, level × (listCount u32-slot, maxM × u32 ids)]

/** What a valid file holds, as far as the index wrapper needs to know. */
export interface HnswFileInfo {
  dims: number;
  maxElements: number;
  /** Slots in use, live and deleted. */
  count: number;
  m: number;
  efConstruction: number;
  live: number[];
  deleted: number[];
}

const HEADER_BYTES = 96;
const DELETE_MARK = 0x01;
/** hnswlib stores list counts in 16 bits. */
const MAX_M0 = 0xffff;
/** Random level draws above this are astronomically unlikely; larger means garbage. */
const MAX_LEVEL = 64;

/** Parses and checks `buf` as an hnswlib index of `dims` dimensions; throws Error(reason) when it is not one. */
export function inspectHnswFile(buf: Uint8Array, dims: number): HnswFileInfo {
  if (buf.byteLength < HEADER_BYTES) throw new Error(`file is ${buf.byteLength} bytes, shorter than the header`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  const u64 = (): number => {
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('header field out of range');
    return Number(v);
  };
  const offsetLevel0 = u64();
  const maxElements = u64();
  const count = u64();
  const sizeData = u64();
  const labelOffset = u64();
  const offsetData = u64();
  const maxLevel = view.getInt32(pos, true);
  const enterPoint = view.getUint32(pos + 4, true);
  pos += 8;
  const maxM = u64();
  const maxM0 = u64();
  const m = u64();
  const mult = view.getFloat64(pos, true);
  pos += 8;
  const efConstruction = u64();

  if (offsetLevel0 !== 0) throw new Error('bad header (offsetLevel0)');
  if (m < 2 || m > 10_000 || maxM !== m || maxM0 !== 2 * m || maxM0 > MAX_M0) throw new Error('bad header (M)');
  if (!(mult > 0) || !Number.isFinite(mult)) throw new Error('bad header (mult)');
  const linksLevel0 = 4 + 4 * maxM0;
  if (offsetData !== linksLevel0) throw new Error('bad header (offsetData)');
  const fileDims = (labelOffset - offsetData) / 4;
  if (!Number.isInteger(fileDims) || fileDims < 1 || sizeData !== labelOffset + 8) {
    throw new Error('bad header (element layout)');
  }
  if (fileDims !== dims) throw new Error(`dims differ (file has ${fileDims}, expected ${dims})`);
  if (count > maxElements || maxElements > 0xffff_ffff) throw new Error('bad header (element counts)');
  if (count === 0 ? maxLevel !== -1 : maxLevel < 0 || maxLevel > MAX_LEVEL || enterPoint >= count) {
    throw new Error('bad header (entry point)');
  }
  const level0End = HEADER_BYTES + count * sizeData;
  if (level0End + 4 * count > buf.byteLength) throw new Error('file is truncated');

  // Level 0: link lists, vectors and labels. Copy to an aligned buffer once so vectors can be read as f32.
  const aligned = buf.byteOffset % 4 === 0 ? buf : new Uint8Array(buf);
  const level0 = new DataView(aligned.buffer, aligned.byteOffset + HEADER_BYTES, count * sizeData);
  const floats = new Float32Array(aligned.buffer, aligned.byteOffset, (HEADER_BYTES + count * sizeData) >> 2);
  const live: number[] = [];
  const deleted: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < count; i++) {
    const base = i * sizeData;
    checkLinks(level0, base, level0.getUint16(base, true), maxM0, count, i, 0, null);
    const flags = level0.getUint8(base + 2);
    const first = (HEADER_BYTES + base + offsetData) >> 2;
    for (let d = 0; d < dims; d++) {
      if (!Number.isFinite(floats[first + d]!)) throw new Error(`element ${i}: non-finite vector value`);
    }
    const label = level0.getBigUint64(base + labelOffset, true);
    if (label > 0xffff_ffffn) throw new Error(`element ${i}: label out of range`);
    const n = Number(label);
    if (seen.has(n)) throw new Error(`element ${i}: duplicate label ${n}`);
    seen.add(n);
    ((flags & DELETE_MARK) !== 0 ? deleted : live).push(n);
  }

  // Upper levels: per element a byte size (a whole number of per-level lists) then the lists. First pass: levels,
  // since a link on level l must point at an element that reaches level l (the search walks into its list).
  const linksPerLevel = 4 + 4 * maxM;
  const levels = new Uint8Array(count);
  const starts = new Float64Array(count);
  pos = level0End;
  for (let i = 0; i < count; i++) {
    if (pos + 4 > buf.byteLength) throw new Error('file is truncated');
    const size = view.getUint32(pos, true);
    pos += 4;
    const level = size / linksPerLevel;
    if (!Number.isInteger(level) || level > maxLevel) throw new Error(`element ${i}: bad level list size`);
    if (pos + size > buf.byteLength) throw new Error('file is truncated');
    levels[i] = level;
    starts[i] = pos;
    pos += size;
  }
  if (pos !== buf.byteLength) throw new Error(`${buf.byteLength - pos} unexpected trailing bytes`);
  if (count > 0 && levels[enterPoint] !== maxLevel) throw new Error('entry point is not on the top level');
  for (let i = 0; i < count; i++) {
    for (let l = 1; l <= levels[i]!; l++) {
      const at = starts[i]! + (l - 1) * linksPerLevel;
      checkLinks(view, at, view.getUint16(at, true), maxM, count, i, l, levels);
    }
  }
  return { dims: fileDims, maxElements, count, m, efConstruction, live, deleted };
}

/** Checks one neighbour list: its length fits, and every id names an existing element that reaches `level`. */
function checkLinks(
  view: DataView,
  at: number,
  n: number,
  max: number,
  count: number,
  owner: number,
  level: number,
  levels: Uint8Array | null,
): void {
  if (n > max) throw new Error(`element ${owner}: level ${level} has ${n} links, more than ${max}`);
  for (let j = 0; j < n; j++) {
    const id = view.getUint32(at + 4 + 4 * j, true);
    if (id >= count) throw new Error(`element ${owner}: level ${level} links to missing element ${id}`);
    if (levels !== null && levels[id]! < level) throw new Error(`element ${owner}: level ${level} links below it`);
  }
}
