// VectorSlab: float vectors packed by their non-zero dimensions. The local embedder's passage vectors are ~62 %
// non-zero, so a row takes a bit mask (one bit a dimension) and its non-zero float32 values, ~1.3 KB instead of a
// 2 KB Float32Array with its own object: at 214k chunks ~290 MB instead of ~460 MB. Values live in fixed pages,
// never copied as the slab grows. Decoding is exact (the stored float32 values themselves), and a dot product with
// a sparse query reads only the query's non-zero dimensions, in the same order a dense loop adds them, so it is
// bit-identical to the dense dot of the decoded vector.

/** Floats per value page (4 MiB); a row never spans two pages. */
const PAGE = 1 << 20;

/** Rows of float vectors of one dimension count, stored by their non-zero values. */
export class VectorSlab {
  private readonly words: number;
  private masks = new Uint32Array(0);
  /** The masks' bytes (on little-endian hosts bit i of byte i >> 3 is bit i & 31 of word i >> 5). */
  private maskBytes = new Uint8Array(0);
  /** Row r's values start at pages[addr[r] / PAGE][addr[r] % PAGE]. */
  private addr = new Int32Array(0);
  /** 1 when row r is unit length (or zero): ScanIndex scores it as stored, else normalised first. */
  private unit = new Uint8Array(0);
  private readonly pages: Float32Array[] = [];
  /** Next free float in the last page. */
  private fill = PAGE;
  private rows = 0;
  private readonly freeRows: number[] = [];
  /** Floats held by rows since freed (reclaimed by compact()). */
  private garbage = 0;
  private live = 0;
  private readonly nz: Int32Array;
  private readonly vals: Float32Array;

  constructor(readonly dims: number) {
    if (!Number.isInteger(dims) || dims <= 0 || dims > PAGE) throw new Error(`vector-slab: bad dims ${dims}`);
    this.words = Math.ceil(dims / 32);
    this.nz = new Int32Array(dims);
    this.vals = new Float32Array(dims);
  }

  /** Live rows. */
  get size(): number {
    return this.live;
  }

  /** Stores `v` (copied) and returns its row. */
  add(v: Float32Array): number {
    if (v.length !== this.dims) throw new Error(`vector-slab: vector has ${v.length} dims, expected ${this.dims}`);
    const row = this.freeRows.pop() ?? this.rows++;
    if (row >= this.addr.length) this.growRows(Math.max(1024, Math.ceil(this.addr.length * 1.5)));
    const base = row * this.words;
    this.masks.fill(0, base, base + this.words);
    let n = 0;
    let sum = 0;
    for (let d = 0; d < v.length; d++) {
      const x = v[d]!;
      sum += x * x;
      if (x !== 0 || Object.is(x, -0)) {
        this.masks[base + (d >>> 5)]! |= 1 << (d & 31);
        this.vals[n++] = x;
      }
    }
    // As ScanIndex's unit(): vectors within 1e-6 of unit length (or zero) are scored as they are.
    this.unit[row] = sum === 0 || Math.abs(sum - 1) < 1e-6 ? 1 : 0;
    if (this.fill + n > PAGE) {
      this.pages.push(new Float32Array(PAGE));
      this.fill = 0;
    }
    const page = this.pages.length - 1;
    this.pages[page]!.set(this.vals.subarray(0, n), this.fill);
    this.addr[row] = page * PAGE + this.fill;
    this.fill += n;
    this.live++;
    return row;
  }

  /**
   * Stores a vector given in the masked layout of a vector record (vector-record.ts): `mask` bit i (of byte i >> 3)
   * set for each stored dimension, `values` its float32 little-endian values in dimension order. That is this
   * slab's own layout, so both are copied as they are: the same row add() makes of the decoded vector.
   */
  addMasked(mask: Uint8Array, values: Uint8Array): number {
    const n = values.length >> 2;
    if (mask.length !== (this.dims + 7) >> 3 || values.length !== 4 * n)
      throw new Error(`vector-slab: masked vector of ${mask.length} mask bytes, expected ${(this.dims + 7) >> 3}`);
    if (!LITTLE_ENDIAN) return this.add(denseOf(mask, values, this.dims));
    const row = this.freeRows.pop() ?? this.rows++;
    if (row >= this.addr.length) this.growRows(Math.max(1024, Math.ceil(this.addr.length * 1.5)));
    const base = row * this.words;
    this.masks.fill(0, base, base + this.words);
    this.maskBytes.set(mask, base * 4);
    if (this.fill + n > PAGE) {
      this.pages.push(new Float32Array(PAGE));
      this.fill = 0;
    }
    const page = this.pages[this.pages.length - 1]!;
    new Uint8Array(page.buffer, page.byteOffset + 4 * this.fill, 4 * n).set(values);
    // The sum add() computes: its zero dimensions add +0, which changes no sum.
    let sum = 0;
    for (let i = this.fill, end = this.fill + n; i < end; i++) sum += page[i]! * page[i]!;
    this.unit[row] = sum === 0 || Math.abs(sum - 1) < 1e-6 ? 1 : 0;
    this.addr[row] = (this.pages.length - 1) * PAGE + this.fill;
    this.fill += n;
    this.live++;
    return row;
  }

  /** Frees `row` (its values are reclaimed by the next compaction). */
  free(row: number): void {
    this.garbage += this.count(row);
    this.masks.fill(0, row * this.words, (row + 1) * this.words);
    this.freeRows.push(row);
    this.live--;
  }

  /** The vector of `row`, decoded into `out` (a new array by default). */
  get(row: number, out: Float32Array = new Float32Array(this.dims)): Float32Array {
    if (out.length !== this.dims)
      throw new Error(`vector-slab: decode into ${out.length} floats, expected ${this.dims}`);
    out.fill(0);
    const a = this.addr[row]!;
    const page = this.pages[Math.floor(a / PAGE)]!;
    let k = a % PAGE;
    const base = row * this.words;
    for (let w = 0; w < this.words; w++) {
      let m = this.masks[base + w]!;
      while (m !== 0) {
        const bit = 31 - Math.clz32(m & -m);
        out[w * 32 + bit] = page[k++]!;
        m &= m - 1;
      }
    }
    return out;
  }

  /** True when `row` is scored as stored (unit length or zero). */
  isUnit(row: number): boolean {
    return this.unit[row] === 1;
  }

  /**
   * Dot product of `row` with `q`, reading only `q`'s non-zero dimensions `nz[0..n)` (ascending): the same sum,
   * term by term in the same order, as a dense loop over the decoded vector.
   */
  dot(row: number, q: Float32Array, nz: Int32Array, n: number): number {
    const a = this.addr[row]!;
    const page = this.pages[Math.floor(a / PAGE)]!;
    const start = a % PAGE;
    const base = row * this.words;
    let s = 0;
    let w = 0;
    let before = 0; // non-zero values in words < w
    for (let i = 0; i < n; i++) {
      const d = nz[i]!;
      const wd = d >>> 5;
      for (; w < wd; w++) before += popcount(this.masks[base + w]!);
      const m = this.masks[base + wd]!;
      const bit = d & 31;
      if ((m >>> bit) & 1) s += q[d]! * page[start + before + popcount(bit === 0 ? 0 : m << (32 - bit))]!;
    }
    return s;
  }

  /** Rewrites live rows into fresh pages when more than a quarter of the values are garbage. */
  compactIfWasteful(): void {
    const total = this.pages.length * PAGE;
    if (this.garbage < PAGE || this.garbage * 4 < total) return;
    const old = this.pages.splice(0);
    this.fill = PAGE;
    this.garbage = 0;
    for (let row = 0; row < this.rows; row++) {
      const n = this.count(row);
      if (n === 0) continue; // a freed row, or a zero vector: nothing to read
      const a = this.addr[row]!;
      const src = old[Math.floor(a / PAGE)]!.subarray(a % PAGE, (a % PAGE) + n);
      if (this.fill + n > PAGE) {
        this.pages.push(new Float32Array(PAGE));
        this.fill = 0;
      }
      this.pages[this.pages.length - 1]!.set(src, this.fill);
      this.addr[row] = (this.pages.length - 1) * PAGE + this.fill;
      this.fill += n;
    }
  }

  /** Non-zero values stored for `row`. */
  private count(row: number): number {
    let n = 0;
    for (let w = 0; w < this.words; w++) n += popcount(this.masks[row * this.words + w]!);
    return n;
  }

  private growRows(rows: number): void {
    const masks = new Uint32Array(rows * this.words);
    masks.set(this.masks);
    const addr = new Int32Array(rows);
    addr.set(this.addr);
    const unit = new Uint8Array(rows);
    unit.set(this.unit);
    this.masks = masks;
    this.maskBytes = new Uint8Array(masks.buffer);
    this.addr = addr;
    this.unit = unit;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The dense vector of a masked-layout vector (big-endian hosts only: elsewhere the layout is copied as is). */
function denseOf(mask: Uint8Array, values: Uint8Array, dims: number): Float32Array {
  const view = new DataView(values.buffer, values.byteOffset, values.byteLength);
  const out = new Float32Array(dims);
  let p = 0;
  for (let d = 0; d < dims; d++) if ((mask[d >> 3]! >> (d & 7)) & 1) out[d] = view.getFloat32(4 * p++, true);
  return out;
}

/** Set bits of a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
