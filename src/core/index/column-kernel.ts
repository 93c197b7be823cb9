// The inner loop of the column scan (column-scan.ts): adds query[d] × column d to every row's accumulator, over the
// query's non-zero dimensions only. Kept apart from the row bookkeeping so that each stays small.

/** acc[r] += Σ_d query[d] · cols[d · cap + r] for r < n, over the dimensions where query[d] ≠ 0. */
export function accumulateColumns(
  acc: Float64Array,
  query: Float32Array,
  cols: Int8Array,
  cap: number,
  n: number,
): void {
  const nz: number[] = [];
  for (let d = 0; d < query.length; d++) if (query[d] !== 0) nz.push(d);
  // Eight, then four columns per pass: the accumulator is read and written once per pass, and at 200k rows
  // (1.7 MB of doubles) that traffic, not the multiply-adds, bounds the scan.
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
    for (let r = 0; r < n; r++)
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
    for (let r = 0; r < n; r++)
      acc[r]! += q0 * cols[o0 + r]! + q1 * cols[o1 + r]! + q2 * cols[o2 + r]! + q3 * cols[o3 + r]!;
  }
  for (; i < nz.length; i++) {
    const q = query[nz[i]!]!;
    const off = nz[i]! * cap;
    for (let r = 0; r < n; r++) acc[r]! += q * cols[off + r]!;
  }
}
