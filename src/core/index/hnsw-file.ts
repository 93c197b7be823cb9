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
  // hnswlib always writes mult = 1 / ln(M); anything else means the header is damaged.
  if (!(Math.abs(mult * Math.log(m) - 1) < 1e-9)) throw new Error('bad header (mult)');
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

  // Everything after the header is 4-byte aligned (all sizes are multiples of 4): read it as u32/f32 words.
  const aligned = buf.byteOffset % 4 === 0 ? buf : new Uint8Array(buf);
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 2);
  const floats = new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 2);
  const wordsPerElement = sizeData >> 2;
  const dataWord = offsetData >> 2;
  const labelWord = labelOffset >> 2;

  // Level 0: link list (u16 count, flag byte, pad), vector, label.
  const live: number[] = [];
  const deleted: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < count; i++) {
    const base = (HEADER_BYTES >> 2) + i * wordsPerElement;
    const head = words[base]!;
    checkLinks(words, base, head & 0xffff, maxM0, count, i, 0, null);
    const first = base + dataWord;
    for (let d = 0; d < dims; d++) {
      if (!Number.isFinite(floats[first + d]!)) throw new Error(`element ${i}: non-finite vector value`);
    }
    if (words[base + labelWord + 1] !== 0) throw new Error(`element ${i}: label out of range`);
    const label = words[base + labelWord]!;
    if (seen.has(label)) throw new Error(`element ${i}: duplicate label ${label}`);
    seen.add(label);
    (((head >>> 16) & DELETE_MARK) !== 0 ? deleted : live).push(label);
  }

  // Upper levels: per element a byte size (a whole number of per-level lists) then the lists. First pass: levels,
  // since a link on level l must point at an element that reaches level l (the search walks into its list).
  const linksPerLevel = 4 + 4 * maxM;
  const levels = new Uint8Array(count);
  const starts = new Float64Array(count);
  pos = level0End;
  for (let i = 0; i < count; i++) {
    if (pos + 4 > buf.byteLength) throw new Error('file is truncated');
    const size = words[pos >> 2]!;
    pos += 4;
    const level = size / linksPerLevel;
    if (!Number.isInteger(level) || level > maxLevel) throw new Error(`element ${i}: bad level list size`);
    if (pos + size > buf.byteLength) throw new Error('file is truncated');
    levels[i] = level;
    starts[i] = pos >> 2;
    pos += size;
  }
  if (pos !== buf.byteLength) throw new Error(`${buf.byteLength - pos} unexpected trailing bytes`);
  if (count > 0 && levels[enterPoint] !== maxLevel) throw new Error('entry point is not on the top level');
  for (let i = 0; i < count; i++) {
    for (let l = 1; l <= levels[i]!; l++) {
      const at = starts[i]! + (l - 1) * (linksPerLevel >> 2);
      checkLinks(words, at, words[at]! & 0xffff, maxM, count, i, l, levels);
    }
  }
  return { dims: fileDims, maxElements, count, m, efConstruction, live, deleted };
}

/** Checks one neighbour list at word `at`: its length fits, and every id is an element that reaches `level`. */
function checkLinks(
  words: Uint32Array,
  at: number,
  n: number,
  max: number,
  count: number,
  owner: number,
  level: number,
  levels: Uint8Array | null,
): void {
  if (n > max) throw new Error(`element ${owner}: level ${level} has ${n} links, more than ${max}`);
  for (let j = 1; j <= n; j++) {
    const id = words[at + j]!;
    if (id >= count) throw new Error(`element ${owner}: level ${level} links to missing element ${id}`);
    if (levels !== null && levels[id]! < level) throw new Error(`element ${owner}: level ${level} links below it`);
  }
}
