// The column scan's inner loop: adds the query's non-zero dimensions' int8 columns, weighted, to the rows'
// accumulators. Each row's sum is formed in the same order whatever the block bounds (eight columns, then four,
// then one at a time, in `nz` order), so scores do not depend on how the rows are cut into blocks.

/** Rows per block: a block's accumulator (32 KB of doubles) stays in the first-level cache across its columns. */
export const SCAN_BLOCK = 4096;

/** Adds, for rows from..to-1, Σ query[d] · cols[d·cap + row] over d in nz to acc[row]. */
export function addColumns(
  acc: Float64Array,
  cols: Int8Array,
  cap: number,
  query: Float32Array,
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
    for (let r = from; r < to; r++)
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
