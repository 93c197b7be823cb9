// The column scan's int8 copy as a cache of the fs store (`<folder>/scan-columns.bin`, embedders with sparse
// queries only): an open adopts the quantised columns instead of decoding and quantising every stored vector (at
// 10k notes that was ~1 s of CPU between the open and the first search). Like the lexical snapshot it may be stale
// (open-state.ts patches it from the records: labels are never reused, so a label's row stays right) or damaged
// (a CRC-32 over the body; a damaged or foreign file is refused and the columns are rebuilt from the vectors).
import { crc32 } from 'node:zlib';
import type { PackedColumns } from '../core/index/column-pack';
import { SimdColumns, simdAvailable } from '../core/index/simd-kernel';
import type { ScanIndex } from '../core/index/scan-index';
import type { FsRecordStore } from './storage/fs-record-store';

const MAGIC = 0x4353564f; // "OVSC" little-endian
const VERSION = 1;
/** magic, version, dims, rows, CRC-32 of the body, capacity (rows + spare rows). */
const HEADER = 24;
/** Spare rows saved after the live ones (at least this many, or this share): an open followed by a few edits adds
 * their rows in place instead of copying every column (110 MB at 214k chunks) to make room. */
const SPARE_MIN = 1024;
const SPARE_SHARE = 0.01;

const cacheName = (folder: string): string => `${folder}/scan-columns.bin`;

/** Why a scan cache file was refused. */
export class ScanCacheDamage extends Error {}

/**
 * The cached columns of `folder`, or null when there is none; throws ScanCacheDamage when it cannot be used. Where
 * the SIMD kernel runs, the file is read straight into its memory (the columns where it scans them, the header,
 * labels and scales just before): no copy of the columns (110 MB at 214k chunks) at open.
 */
export async function loadScanCache(store: FsRecordStore, folder: string, dims: number): Promise<PackedColumns | null> {
  let simd: SimdColumns | undefined;
  const file = await store.readCache(cacheName(folder), (size) => {
    const n = (size - HEADER) / (8 + dims);
    if (!Number.isInteger(n) || n < 0 || !simdAvailable()) return new Uint8Array(size);
    simd = new SimdColumns(dims, n, HEADER + 8 * n);
    return simd.head;
  });
  if (file === null) return null;
  const p = decodeScanCache(file, dims);
  return simd?.holds(p.cols) ? { ...p, simd } : p;
}

/** Writes the columns of `index` (atomically: a crash leaves the old file or the new one). */
export async function saveScanCache(store: FsRecordStore, folder: string, index: ScanIndex): Promise<void> {
  const spare = Math.max(SPARE_MIN, Math.ceil(SPARE_SHARE * index.size()));
  const held = index.heldColumns();
  // Rows without holes are written as held, part by part (each column's first n rows): no copy of the columns.
  const n = Math.ceil((held.used + spare) / 4) * 4;
  if (held.rowOf.size === held.used && n <= held.capacity) {
    const p = {
      rows: held.used,
      labels: held.rowLabel.subarray(0, n),
      scale: held.scale.subarray(0, n),
      cols: held.cols,
    };
    await store.writeCacheParts(cacheName(folder), scanCacheParts(p, index.dims, held.capacity));
    return;
  }
  // Else the rows are packed straight into the file's buffer: one copy of the columns (110 MB at 214k chunks).
  let file: Buffer | null = null;
  const p = index.packed(spare, (cap, dims) => {
    file = Buffer.alloc(HEADER + 8 * cap + dims * cap);
    return bodyViews(file, cap, dims);
  });
  if (!file) throw new Error('scan-cache: packed without its file');
  await store.writeCache(cacheName(folder), sealScanCache(file, p, index.dims));
}

/** Removes the scan cache of `folder` (the embedder keeps an HNSW graph instead). */
export async function removeScanCache(store: FsRecordStore, folder: string): Promise<void> {
  await store.deleteCache(cacheName(folder));
}

/**
 * The file: header, then for `capacity` rows the labels (int32; -1 for spare rows), the scales (float32) and the
 * dims columns of int8 values at stride capacity, little-endian.
 */
export function encodeScanCache(p: PackedColumns, dims: number): Uint8Array {
  const n = p.labels.length;
  const out = Buffer.alloc(HEADER + 8 * n + dims * n);
  const v = bodyViews(out, n, dims);
  v.labels.set(p.labels);
  v.scale.set(p.scale);
  v.cols.set(p.cols);
  return sealScanCache(out, p, dims);
}

/** Views of a file buffer's labels, scales and columns for `n` rows (the buffer is 4-aligned: a Buffer.alloc). */
function bodyViews(out: Buffer, n: number, dims: number): Omit<PackedColumns, 'rows'> {
  if (!LITTLE_ENDIAN) throw new Error('scan-cache: big-endian hosts are not supported');
  const at = out.byteOffset;
  return {
    labels: new Int32Array(out.buffer, at + HEADER, n),
    scale: new Float32Array(out.buffer, at + HEADER + 4 * n, n),
    cols: new Int8Array(out.buffer, at + HEADER + 8 * n, dims * n),
  };
}

/**
 * The file as parts: header, labels, scales, then each column's n values (views of `p`'s arrays, not copies), n =
 * p.labels.length; column d starts at d · stride in p.cols (stride ≥ n: a column copy as held, with room to grow).
 */
export function scanCacheParts(p: PackedColumns, dims: number, stride = p.labels.length): Uint8Array[] {
  const n = p.labels.length;
  if (p.scale.length !== n || stride < n || p.cols.length < (dims - 1) * stride + n)
    throw new Error('scan-cache: arrays do not fit the rows');
  if (!LITTLE_ENDIAN) throw new Error('scan-cache: big-endian hosts are not supported');
  const bytes = (a: Int32Array | Float32Array | Int8Array): Uint8Array =>
    new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const body = [bytes(p.labels), bytes(p.scale)];
  if (stride === n) body.push(bytes(p.cols.subarray(0, dims * n)));
  else for (let d = 0; d < dims; d++) body.push(bytes(p.cols.subarray(d * stride, d * stride + n)));
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(VERSION, 4);
  header.writeUInt32LE(dims, 8);
  header.writeUInt32LE(p.rows, 12);
  header.writeUInt32LE(
    body.reduce((c, b) => crc32(b, c), 0),
    16,
  );
  header.writeUInt32LE(n, 20);
  return [header, ...body];
}

/** Writes the header (and the body's CRC-32) of a file whose body holds `p`. */
function sealScanCache(out: Buffer, p: PackedColumns, dims: number): Buffer {
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(VERSION, 4);
  out.writeUInt32LE(dims, 8);
  out.writeUInt32LE(p.rows, 12);
  out.writeUInt32LE(p.labels.length, 20);
  out.writeUInt32LE(crc32(out.subarray(HEADER)), 16);
  return out;
}

/** The packed columns of a cache file (views into it when it is 4-aligned); throws ScanCacheDamage. */
export function decodeScanCache(file: Uint8Array, dims: number): PackedColumns {
  if (!LITTLE_ENDIAN) throw new ScanCacheDamage('big-endian host');
  if (file.length < HEADER) throw new ScanCacheDamage('file too short');
  const b = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (b.readUInt32LE(0) !== MAGIC) throw new ScanCacheDamage('not a scan cache');
  if (b.readUInt32LE(4) !== VERSION) throw new ScanCacheDamage(`version ${b.readUInt32LE(4)}`);
  if (b.readUInt32LE(8) !== dims) throw new ScanCacheDamage(`${b.readUInt32LE(8)} dims, expected ${dims}`);
  const rows = b.readUInt32LE(12);
  const n = b.readUInt32LE(20);
  if (rows > n || b.length !== HEADER + 8 * n + dims * n) throw new ScanCacheDamage('length does not fit its rows');
  if (crc32(b.subarray(HEADER)) !== b.readUInt32LE(16)) throw new ScanCacheDamage('checksum mismatch');
  // Typed views need 4-aligned offsets; a file read whole normally is, else it is copied once.
  const body = b.byteOffset % 4 === 0 ? b : Buffer.from(b);
  const at = body.byteOffset;
  return {
    rows,
    labels: new Int32Array(body.buffer, at + HEADER, n),
    scale: new Float32Array(body.buffer, at + HEADER + 4 * n, n),
    cols: new Int8Array(body.buffer, at + HEADER + 8 * n, dims * n),
  };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
