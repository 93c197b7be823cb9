// The column scan's inner loop: adds the query's non-zero dimensions' int8 columns, weighted, to the rows'
// accumulators. Each row's sum is formed in the same order whatever the block bounds (eight columns, then four,
// then one at a time, in `nz` order), so scores do not depend on how the rows are cut into blocks.

/** Rows per block: a block's accumulator (32 KB of doubles) stays in the first-level cache across its columns. */
export const SCAN_BLOCK = 4096;

/** True when the platform stores a 32-bit word's low byte first (the byte order `words` is read in). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * The columns as 32-bit words (four rows of a column each), or null when they cannot be read so: the byte order
 * is not little-endian, or a column does not start on a word boundary (`cap` not a multiple of 4).
 */
export function wordView(cols: Int8Array, cap: number): Int32Array | null {
  if (!LITTLE_ENDIAN || (cap & 3) !== 0 || (cols.byteOffset & 3) !== 0) return null;
  return new Int32Array(cols.buffer, cols.byteOffset, cols.length >> 2);
}

/**
 * Adds, for rows from..to-1, Σ query[d] · cols[d·cap + row] over d in nz to acc[row]. With integer weights (as the
 * column scan gives, column-query.ts) the sums are exact integers, the same the SIMD kernel forms.
 */
export function addColumns(
  acc: Float64Array,
  cols: Int8Array,
  words: Int32Array | null,
  cap: number,
  query: Float32Array | Int32Array,
  nz: readonly number[],
  from: number,
  to: number,
): void {
  // Eight, then four columns per pass: fewer reads and writes of the accumulator.
  let i = 0;
  for (; i + 7 < nz.length; i += 8) {
    const q0 = query[nz[i]!]!;
    const q1 = query[nz[i + 1]!]!;
    const q2 = query[nz[i + 2]!]!;
    const q3 = query[nz[i + 3]!]!;
    const q4 = query[nz[i + 4]!]!;
    const q5 = query[nz[i + 5]!]!;
    const q6 = query[nz[i + 6]!]!;
    const q7 = query[nz[i + 7]!]!;
    const o0 = nz[i]! * cap;
    const o1 = nz[i + 1]! * cap;
    const o2 = nz[i + 2]! * cap;
    const o3 = nz[i + 3]! * cap;
    const o4 = nz[i + 4]! * cap;
    const o5 = nz[i + 5]! * cap;
    const o6 = nz[i + 6]! * cap;
    const o7 = nz[i + 7]! * cap;
    let r = from;
    if (words !== null && (cap & 3) === 0 && (from & 3) === 0) {
      // Four rows of each column per 32-bit load, their bytes sign-extended by shifts: a quarter of the loads.
      const w0 = o0 >> 2;
      const w1 = o1 >> 2;
      const w2 = o2 >> 2;
      const w3 = o3 >> 2;
      const w4 = o4 >> 2;
      const w5 = o5 >> 2;
      const w6 = o6 >> 2;
      const w7 = o7 >> 2;
      for (const end = to - 3; r < end; r += 4) {
        const j = r >> 2;
        const a0 = words[w0 + j]!;
        const a1 = words[w1 + j]!;
        const a2 = words[w2 + j]!;
        const a3 = words[w3 + j]!;
        const a4 = words[w4 + j]!;
        const a5 = words[w5 + j]!;
        const a6 = words[w6 + j]!;
        const a7 = words[w7 + j]!;
        acc[r]! +=
          q0 * ((a0 << 24) >> 24) +
          q1 * ((a1 << 24) >> 24) +
          q2 * ((a2 << 24) >> 24) +
          q3 * ((a3 << 24) >> 24) +
          q4 * ((a4 << 24) >> 24) +
          q5 * ((a5 << 24) >> 24) +
          q6 * ((a6 << 24) >> 24) +
          q7 * ((a7 << 24) >> 24);
        acc[r + 1]! +=
          q0 * ((a0 << 16) >> 24) +
          q1 * ((a1 << 16) >> 24) +
          q2 * ((a2 << 16) >> 24) +
          q3 * ((a3 << 16) >> 24) +
          q4 * ((a4 << 16) >> 24) +
          q5 * ((a5 << 16) >> 24) +
          q6 * ((a6 << 16) >> 24) +
          q7 * ((a7 << 16) >> 24);
        acc[r + 2]! +=
          q0 * ((a0 << 8) >> 24) +
          q1 * ((a1 << 8) >> 24) +
          q2 * ((a2 << 8) >> 24) +
          q3 * ((a3 << 8) >> 24) +
          q4 * ((a4 << 8) >> 24) +
          q5 * ((a5 << 8) >> 24) +
          q6 * ((a6 << 8) >> 24) +
          q7 * ((a7 << 8) >> 24);
        acc[r + 3]! +=
          q0 * (a0 >> 24) +
          q1 * (a1 >> 24) +
          q2 * (a2 >> 24) +
          q3 * (a3 >> 24) +
          q4 * (a4 >> 24) +
          q5 * (a5 >> 24) +
          q6 * (a6 >> 24) +
          q7 * (a7 >> 24);
      }
    }
    for (; r < to; r++)
      acc[r]! +=
        q0 * cols[o0 + r]! +
        q1 * cols[o1 + r]! +
        q2 * cols[o2 + r]! +
        q3 * cols[o3 + r]! +
        q4 * cols[o4 + r]! +
        q5 * cols[o5 + r]! +
        q6 * cols[o6 + r]! +
        q7 * cols[o7 + r]!;
  }
  for (; i + 3 < nz.length; i += 4) {
    const q0 = query[nz[i]!]!;
    const q1 = query[nz[i + 1]!]!;
    const q2 = query[nz[i + 2]!]!;
    const q3 = query[nz[i + 3]!]!;
    const o0 = nz[i]! * cap;
    const o1 = nz[i + 1]! * cap;
    const o2 = nz[i + 2]! * cap;
    const o3 = nz[i + 3]! * cap;
    for (let r = from; r < to; r++)
      acc[r]! += q0 * cols[o0 + r]! + q1 * cols[o1 + r]! + q2 * cols[o2 + r]! + q3 * cols[o3 + r]!;
  }
  for (; i < nz.length; i++) {
    const q = query[nz[i]!]!;
    const off = nz[i]! * cap;
    for (let r = from; r < to; r++) acc[r]! += q * cols[off + r]!;
  }
}
