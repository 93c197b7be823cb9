// The column scan's inner loop as a WebAssembly SIMD function (~0.8 KB, assembled below, no build step): 16 rows of
// a column per 128-bit load, sign-extended to 16 bits and multiplied by the query weight (an int16) into 32-bit
// lanes. The scalar loop (column-kernel.ts) spends ~5 instructions per multiply-add; this ~0.8, and at 214k rows
// the scan of a question's ~32 columns went from ~7.7 ms to ~1 ms CPU. Integer sums are exact, so the JS kernel
// given the same int16 weights (the fallback where SIMD is missing) returns the very same sums.
//
// The function reads and writes one linear memory that also holds the columns: WebAssembly cannot read a
// JavaScript array, so a column copy that uses this kernel lives in a `SimdColumns` (column-scan.ts).

/** Bytes of the query table at the start of the memory: per non-zero dimension its column's address and weight. */
const TABLE_BYTES = 8 * 4096;
const PAGE = 65536;

/** The module's bytes: one function s(tab, n, acc, from, count), the memory imported as e.m. */
function kernelBytes(): Uint8Array<ArrayBuffer> {
  const uleb = (n: number): number[] => {
    const o: number[] = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      o.push(b);
    } while (n !== 0);
    return o;
  };
  const sleb = (n: number): number[] => {
    const o: number[] = [];
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...o, b];
      o.push(b | 0x80);
    }
  };
  const get = (i: number): number[] => [0x20, i];
  const set = (i: number): number[] => [0x21, i];
  const tee = (i: number): number[] => [0x22, i];
  const int = (n: number): number[] => [0x41, ...sleb(n)];
  const add = [0x6a];
  const sub = [0x6b];
  const mul = [0x6c];
  const ltS = [0x48];
  const ltU = [0x49];
  const geS = [0x4e];
  const load = (off: number): number[] => [0x28, 2, ...uleb(off)];
  const simd = (op: number): number[] => [0xfd, ...uleb(op)];
  const vload = (off: number): number[] => [...simd(0x00), 0, ...uleb(off)];
  const vstore = (off: number): number[] => [...simd(0x0b), 0, ...uleb(off)];
  const splat16 = simd(0x10);
  const extLo = simd(0x87); // i16x8.extend_low_i8x16_s
  const extHi = simd(0x88);
  const mulLo = simd(0xbc); // i32x4.extmul_low_i16x8_s
  const mulHi = simd(0xbd);
  const vadd = simd(0xae); // i32x4.add
  const block = [0x02, 0x40];
  const loop = [0x03, 0x40];
  const end = [0x0b];
  const brIf = (depth: number): number[] => [0x0d, depth];
  const br = (depth: number): number[] => [0x0c, depth];
  // Parameters 0-4, then 8 i32 locals (i, p0-p3, a, e, end) and 10 v128 locals (lo, hi, s0-s3, q0-q3).
  const [TAB, N, ACC, FROM, COUNT, I] = [0, 1, 2, 3, 4, 5];
  const P = [6, 7, 8, 9];
  const [A, E, END, LO, HI] = [10, 11, 12, 13, 14];
  const S = [15, 16, 17, 18];
  const Q = [19, 20, 21, 22];
  const code: number[] = [];
  const emit = (...xs: number[][]): void => {
    for (const x of xs) code.push(...x);
  };
  // Column j's pointer (at row `from`) and its weight splat into eight 16-bit lanes.
  const loadColumn = (j: number): void =>
    emit(get(E), load(8 * j), get(FROM), add, set(P[j]!), get(E), load(8 * j + 4), splat16, set(Q[j]!));
  // 16 rows of column j, times its weight, into s0-s3 (four rows each).
  const column = (j: number): void => {
    emit(get(P[j]!), vload(0), tee(LO), extHi, set(HI), get(LO), extLo, set(LO));
    const parts: [number, number[]][] = [
      [LO, mulLo],
      [LO, mulHi],
      [HI, mulLo],
      [HI, mulHi],
    ];
    parts.forEach(([half, op], k) => {
      if (j === 0) emit(get(half), get(Q[j]!), op, set(S[k]!));
      else emit(get(S[k]!), get(half), get(Q[j]!), op, vadd, set(S[k]!));
    });
  };
  // Passes of `cols` columns (4, then 1 for the rest): per 16 rows, the accumulators are read and written once.
  const passes = (cols: number, stop: number[]): void => {
    emit(block, loop, stop, brIf(1), get(TAB), get(I), int(8), mul, add, set(E));
    for (let j = 0; j < cols; j++) loadColumn(j);
    emit(get(ACC), get(FROM), int(4), mul, add, set(A), get(P[0]!), get(COUNT), add, set(END), loop);
    for (let j = 0; j < cols; j++) column(j);
    S.forEach((s, k) => emit(get(A), get(A), vload(16 * k), get(s), vadd, vstore(16 * k)));
    for (let j = 0; j < cols; j++) emit(get(P[j]!), int(16), add, set(P[j]!));
    emit(get(A), int(64), add, set(A), get(P[0]!), get(END), ltU, brIf(0), end);
    emit(get(I), int(cols), add, set(I), br(0), end, end);
  };
  emit(int(0), set(I));
  passes(4, [...get(N), ...get(I), ...sub, ...int(4), ...ltS]);
  passes(1, [...get(I), ...get(N), ...geS]);
  emit(end);
  const body = [2, 8, 0x7f, 10, 0x7b, ...code];
  const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(2, [1, 1, 0x65, 1, 0x6d, 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, 1, 0x73, 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where WebAssembly or its SIMD is missing (then the JS kernel scans). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    const bytes = kernelBytes();
    if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** True when SimdColumns can be made here. */
export function simdAvailable(): boolean {
  return kernelModule() !== null;
}

/**
 * `dims` int8 columns of `capacity` rows (column d at cols[d · capacity + row]) in a WebAssembly memory, with the
 * kernel's query table and int32 accumulators beside them.
 */
export class SimdColumns {
  readonly cols: Int8Array;
  /** One int32 sum per row (and 16 more: the kernel works in whole groups of 16 rows). */
  readonly acc: Int32Array;
  /** The `prefix` bytes reserved just before the columns, and the columns: a file holding both is read in here. */
  readonly head: Uint8Array;
  private readonly table: Int32Array;
  private readonly scan: (tab: number, n: number, acc: number, from: number, count: number) => void;
  private readonly colsAt: number;

  /** Throws when SIMD is missing (check simdAvailable()) or the memory cannot be had. */
  constructor(
    readonly dims: number,
    readonly capacity: number,
    prefix = 0,
  ) {
    const mod = kernelModule();
    if (!mod) throw new Error('simd-kernel: WebAssembly SIMD is not available');
    const accAt = TABLE_BYTES;
    this.colsAt = Math.ceil((accAt + 4 * (capacity + 16) + prefix) / 16) * 16;
    // 16 bytes after the last column: its last group of 16 rows may read past the rows in use.
    const bytes = this.colsAt + dims * capacity + 16;
    const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
    const instance = new WebAssembly.Instance(mod, { e: { m: memory } });
    this.scan = instance.exports.s as SimdColumns['scan'];
    this.table = new Int32Array(memory.buffer, 0, TABLE_BYTES / 4);
    this.acc = new Int32Array(memory.buffer, accAt, capacity + 16);
    this.cols = new Int8Array(memory.buffer, this.colsAt, dims * capacity);
    this.head = new Uint8Array(memory.buffer, this.colsAt - prefix, prefix + dims * capacity);
  }

  /** True when `cols` is this memory's column array (a view of the same bytes). */
  holds(cols: Int8Array): boolean {
    const c = this.cols;
    return cols.buffer === c.buffer && cols.byteOffset === c.byteOffset && cols.length === c.length;
  }

  /** Sets the query: its non-zero dimensions `nz[0..n)` and their int16 weights `w[d]` (|w| ≤ 32767). */
  setQuery(nz: readonly number[], w: Int32Array): void {
    if (nz.length > TABLE_BYTES / 8) throw new Error(`simd-kernel: ${nz.length} query dimensions`);
    for (let i = 0; i < nz.length; i++) {
      this.table[2 * i] = this.colsAt + nz[i]! * this.capacity;
      this.table[2 * i + 1] = w[nz[i]!]!;
    }
  }

  /** acc[r] = Σ w[d] · cols[d · capacity + r] over the query's dimensions, for rows from..from+count-1 (and up to the next multiple of 16). */
  sums(nq: number, from: number, count: number): void {
    if ((from & 15) !== 0 || from + count > this.capacity) throw new Error(`simd-kernel: bad rows ${from}+${count}`);
    const groups = (count + 15) & ~15;
    this.acc.fill(0, from, from + groups);
    if (groups > 0) this.scan(0, nq, TABLE_BYTES, from, groups);
  }
}
