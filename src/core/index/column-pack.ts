// A column copy's live rows packed for a cache file (the engine's scan-columns.bin, src/engine/scan-cache.ts), and
// back: an open adopts the quantised rows as they were saved instead of quantising every stored vector again.
import { ColumnScan } from './column-scan';
import type { SimdColumns } from './simd-kernel';

/** A column copy's rows as held: column d of row r at cols[d · capacity + r]; free rows have the label -1. */
export interface ColumnLayout {
  cols: Int8Array;
  scale: Float32Array;
  rowLabel: Int32Array;
  used: number;
  capacity: number;
  rowOf: ReadonlyMap<number, number>;
}

/**
 * Live rows packed into rows 0..rows-1 of arrays sized for `labels.length` rows (the capacity: spare rows, label
 * -1, let the next edits add rows without copying every column): labels, scales, and the columns at that stride.
 */
export interface PackedColumns {
  rows: number;
  labels: Int32Array;
  scale: Float32Array;
  /** dims × labels.length int8 values, column after column. */
  cols: Int8Array;
  /** The SIMD kernel's memory the arrays are views of, when they were read into one (scan-cache.ts). */
  simd?: SimdColumns;
}

/** Zero-filled arrays for `cap` rows of `dims` columns (where packColumns writes: its own, or views of a file). */
export type PackedArrays = (cap: number, dims: number) => Omit<PackedColumns, 'rows'>;

const ownArrays: PackedArrays = (cap, dims) => ({
  labels: new Int32Array(cap),
  scale: new Float32Array(cap),
  cols: new Int8Array(dims * cap),
});

/**
 * The live rows of `scan`, packed (free rows left out), with `spare` empty rows after them; written into the arrays
 * `alloc` gives (a cache file's views, so a save holds one copy of the columns, not two).
 */
export function packColumns(scan: ColumnScan, spare = 0, alloc: PackedArrays = ownArrays): PackedColumns {
  const l = scan.layout();
  const rows: number[] = [];
  for (let r = 0; r < l.used; r++) if (l.rowLabel[r]! >= 0) rows.push(r);
  const n = rows.length;
  const cap = Math.ceil((n + spare) / 4) * 4; // a multiple of 4: the kernel reads four rows per 32-bit load
  const { labels, scale, cols } = alloc(cap, scan.dims);
  if (labels.length !== cap || scale.length !== cap || cols.length !== scan.dims * cap)
    throw new Error('column-pack: arrays do not fit the rows');
  labels.fill(-1);
  rows.forEach((r, i) => {
    labels[i] = l.rowLabel[r]!;
    scale[i] = l.scale[r]!;
  });
  for (let d = 0; d < scan.dims; d++) {
    const at = d * l.capacity;
    if (n === l.used) cols.set(l.cols.subarray(at, at + n), d * cap);
    else for (let i = 0; i < n; i++) cols[d * cap + i] = l.cols[at + rows[i]!]!;
  }
  return { rows: n, labels, scale, cols };
}

/** A scan over packed rows, adopting the arrays; throws when they do not fit `dims` or a label repeats. */
export function unpackColumns(dims: number, p: PackedColumns): ColumnScan {
  const cap = p.labels.length;
  return ColumnScan.adopt(dims, {
    cols: p.cols,
    scale: p.scale,
    rowLabel: p.labels,
    used: p.rows,
    capacity: cap,
    ...(p.simd ? { simd: p.simd } : {}),
  });
}

/** The dequantised vector `scan` holds for `label` (what it scores the row with), or null. */
export function dequantised(scan: ColumnScan, label: number): Float32Array | null {
  const l = scan.layout();
  const row = l.rowOf.get(label);
  if (row === undefined) return null;
  const out = new Float32Array(scan.dims);
  for (let d = 0; d < scan.dims; d++) out[d] = l.cols[d * l.capacity + row]! * l.scale[row]!;
  return out;
}
