// A column copy's live rows packed for a cache file (the engine's scan-columns.bin, src/engine/scan-cache.ts), and
// back: an open adopts the quantised rows as they were saved instead of quantising every stored vector again.
import { ColumnScan } from './column-scan';

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
}

/** The live rows of `scan`, packed (free rows left out), with `spare` empty rows after them. */
export function packColumns(scan: ColumnScan, spare = 0): PackedColumns {
  const l = scan.layout();
  const rows: number[] = [];
  for (let r = 0; r < l.used; r++) if (l.rowLabel[r]! >= 0) rows.push(r);
  const n = rows.length;
  const cap = Math.ceil((n + spare) / 4) * 4; // a multiple of 4: the kernel reads four rows per 32-bit load
  const labels = new Int32Array(cap).fill(-1);
  const scale = new Float32Array(cap);
  rows.forEach((r, i) => {
    labels[i] = l.rowLabel[r]!;
    scale[i] = l.scale[r]!;
  });
  const cols = new Int8Array(scan.dims * cap);
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
  return ColumnScan.adopt(dims, { cols: p.cols, scale: p.scale, rowLabel: p.labels, used: p.rows, capacity: cap });
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
