// A small binary writer and reader for compact snapshots: unsigned LEB128 varints, float64s and string tables
// (one UTF-8 blob plus each string's UTF-16 length, so a table of 100k strings decodes with one TextDecoder call
// and slices). The reader checks every bound and throws 'byte-codec: ...' on truncated or malformed input.
const MODULE = 'byte-codec';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Bytes of v as a LEB128 varint. */
export function varintLength(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

/** Appends varints, float64s and string tables to a growing buffer. */
export class ByteWriter {
  private buf: Uint8Array;
  private pos = 0;

  /** A writer with room for `capacity` bytes (it grows past them by doubling). */
  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** An unsigned integer below 2^53 as LEB128. */
  varint(v: number): void {
    if (!(Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER)) {
      throw new Error(`${MODULE}: varint out of range: ${String(v)}`);
    }
    // Near the end only the varint's own length is reserved: a writer sized exactly never grows.
    if (this.pos + 8 > this.buf.length) this.reserve(varintLength(v));
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  /** A float64, little-endian (bit-exact). */
  float64(v: number): void {
    this.reserve(8);
    new DataView(this.buf.buffer, this.pos, 8).setFloat64(0, v, true);
    this.pos += 8;
  }

  /** Raw bytes. */
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A string table: count, each string's UTF-16 length, then the UTF-8 bytes of all of them. */
  strings(list: readonly string[]): void {
    this.varint(list.length);
    for (const s of list) this.varint(s.length);
    const utf8 = encoder.encode(list.join(''));
    this.varint(utf8.length);
    this.bytes(utf8);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** The bytes written so far (the buffer itself when it is exactly full: no copy). */
  finish(): Uint8Array {
    return this.pos === this.buf.length ? this.buf : this.buf.slice(0, this.pos);
  }
}

/** Reads what ByteWriter wrote, checking bounds. */
export class ByteReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  /** True when every byte was read. */
  get done(): boolean {
    return this.pos === this.buf.length;
  }

  /** An unsigned LEB128 varint. */
  varint(): number {
    const buf = this.buf;
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= buf.length) throw new Error(`${MODULE}: truncated varint`);
      const b = buf[this.pos++]!;
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 0x80;
    }
    throw new Error(`${MODULE}: varint too long`);
  }

  /** A varint no larger than `max`. */
  bounded(max: number, what: string): number {
    const v = this.varint();
    if (v > max) throw new Error(`${MODULE}: ${what} ${v} exceeds ${max}`);
    return v;
  }

  /** A float64. */
  float64(): number {
    if (this.pos + 8 > this.buf.length) throw new Error(`${MODULE}: truncated float`);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  /** `n` raw bytes (a view, not a copy). */
  bytes(n: number): Uint8Array {
    if (n > this.buf.length - this.pos) throw new Error(`${MODULE}: truncated bytes`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A string table written by ByteWriter.strings. */
  strings(): string[] {
    const n = this.bounded(this.buf.length - this.pos, 'string count');
    const lengths = new Array<number>(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += lengths[i] = this.varint();
    const utf8 = this.bytes(this.bounded(this.buf.length - this.pos, 'string bytes'));
    let all: string;
    try {
      all = decoder.decode(utf8);
    } catch {
      throw new Error(`${MODULE}: strings are not UTF-8`);
    }
    if (all.length !== total) throw new Error(`${MODULE}: string lengths do not add up`);
    const out = new Array<string>(n);
    let at = 0;
    for (let i = 0; i < n; i++) {
      out[i] = all.slice(at, at + lengths[i]!);
      at += lengths[i]!;
    }
    return out;
  }
}
