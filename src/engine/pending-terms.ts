// Chunk texts' lexical terms that index workers analysed while the lexical index is deferred. A new index is built
// once, at the end of its first sync, when the workers have exited (the postings and the workers' heaps are never in
// memory together; at 50k notes building as chunks came raised the peak by ~250 MB); until then each chunk's terms
// wait here as varints (about 3 bytes a posting) in pages of 1 MiB: growing never copies what is kept, and a page
// is released once every chunk on it was taken (the build's last pass frees them as it goes).
import type { FieldTerms } from '../core/index/lexical-terms';
import { TermDictionary } from '../core/index/packed-terms';

/** Bytes of a page (a chunk's terms larger than this get a page of their own size). */
const PAGE = 1 << 20;
/** A chunk's address: page · SPAN + offset in the page. */
const SPAN = 2 ** 32;

/** Chunk id → its text's numbered terms, compactly, until taken. */
export class PendingTerms {
  private readonly pages: (Uint8Array | null)[] = [];
  /** Chunks kept on each page (a page is released when it reaches 0 and is not the one being written). */
  private readonly kept: number[] = [];
  /** The page being written, and its bytes used. */
  private bytes: Uint8Array = new Uint8Array(0);
  private used = 0;
  /** Read position of get() in `reading`. */
  private reading: Uint8Array = new Uint8Array(0);
  private from = 0;
  private readonly at = new Map<string, number>();
  private readonly dictionaries: TermDictionary[] = [];
  private terms = 0;
  /** peek()'s arrays. */
  private readonly scratchTerms: string[] = [];
  private scratchTfs = new Uint32Array(256);
  private scratchNumbers = new Uint32Array(256);

  /** Chunks waiting. */
  get size(): number {
    return this.at.size;
  }

  /** Terms (postings) kept so far. */
  get postings(): number {
    return this.terms;
  }

  /** Pages held now (for tests: taken pages are released). */
  get pagesHeld(): number {
    return this.pages.reduce((n, p) => n + (p ? 1 : 0), 0);
  }

  /** Keeps a chunk's text terms (numbered by a TermDictionary; others are not kept: the text is analysed then). */
  put(id: string, f: FieldTerms): void {
    this.delete(id);
    const by = f.numbered?.by;
    if (!(by instanceof TermDictionary)) return;
    let d = this.dictionaries.indexOf(by);
    if (d < 0) d = this.dictionaries.push(by) - 1;
    const n = f.terms.length;
    this.reserve(5 * (3 + 2 * n));
    const page = this.pages.length - 1;
    this.at.set(id, page * SPAN + this.used);
    this.kept[page]!++;
    this.write(d);
    this.write(f.length);
    this.write(n);
    const numbers = f.numbered!.numbers;
    this.terms += n;
    for (let i = 0; i < n; i++) {
      this.write(numbers[i]!);
      this.write(f.tfs[i]!);
    }
  }

  /** A chunk's terms, forgotten here (undefined when none were kept). */
  take(id: string): FieldTerms | undefined {
    const terms = this.get(id);
    this.delete(id);
    return terms;
  }

  /** A chunk's terms, still kept (undefined when none were kept). */
  get(id: string): FieldTerms | undefined {
    const head = this.seek(id);
    if (!head) return undefined;
    const { dict, length, n } = head;
    return this.decode(dict, length, n, new Array<string>(n), new Uint32Array(n), new Uint32Array(n));
  }

  /** Moves the reader to a chunk's record and reads its header (undefined when none is kept). */
  private seek(id: string): { dict: TermDictionary; length: number; n: number } | undefined {
    const address = this.at.get(id);
    if (address === undefined) return undefined;
    this.reading = this.pages[Math.floor(address / SPAN)]!;
    this.from = address % SPAN;
    const dict = this.dictionaries[this.read()]!;
    const length = this.read();
    return { dict, length, n: this.read() };
  }

  /**
   * A chunk's terms in arrays that the next call reuses (a bulk build reads every chunk twice: no arrays to collect
   * per chunk); `forget` then forgets them here, as take does.
   */
  peek(id: string, forget = false): FieldTerms | undefined {
    const head = this.seek(id);
    if (!head) return undefined;
    const { dict, length, n } = head;
    if (n > this.scratchTfs.length) {
      this.scratchTfs = new Uint32Array(Math.max(n, 2 * this.scratchTfs.length));
      this.scratchNumbers = new Uint32Array(this.scratchTfs.length);
    }
    this.scratchTerms.length = n;
    const terms = this.decode(dict, length, n, this.scratchTerms, this.scratchTfs, this.scratchNumbers);
    if (forget) this.delete(id);
    return terms;
  }

  /** Reads n (term number, frequency) pairs at `from` into the arrays given. */
  private decode(
    dict: TermDictionary,
    length: number,
    n: number,
    terms: string[],
    tfs: Uint32Array,
    numbers: Uint32Array,
  ): FieldTerms {
    for (let i = 0; i < n; i++) {
      const k = this.read();
      numbers[i] = k;
      tfs[i] = this.read();
      const term = dict.term(k);
      if (term === undefined) throw new Error(`pending-terms: unknown term number ${k}`);
      terms[i] = term;
    }
    return { length, terms, tfs: tfs.subarray(0, n), numbered: { by: dict, numbers: numbers.subarray(0, n) } };
  }

  /** Forgets a chunk's terms (it left before the build, or was taken). */
  delete(id: string): void {
    const address = this.at.get(id);
    if (address === undefined) return;
    this.at.delete(id);
    const page = Math.floor(address / SPAN);
    if (--this.kept[page]! === 0 && page !== this.pages.length - 1) this.pages[page] = null;
  }

  /** Forgets everything (the pages too). */
  clear(): void {
    this.at.clear();
    this.dictionaries.length = 0;
    this.pages.length = 0;
    this.kept.length = 0;
    this.bytes = new Uint8Array(0);
    this.reading = this.bytes;
    this.used = 0;
    this.terms = 0;
  }

  /** Starts a new page unless `n` more bytes fit on the current one (a full page whose chunks left is released). */
  private reserve(n: number): void {
    if (this.used + n <= this.bytes.length) return;
    const last = this.pages.length - 1;
    if (last >= 0 && this.kept[last] === 0) this.pages[last] = null;
    this.bytes = new Uint8Array(Math.max(n, PAGE));
    this.pages.push(this.bytes);
    this.kept.push(0);
    this.used = 0;
  }

  /** Reads the varint at `from` and moves past it. */
  private read(): number {
    const bytes = this.reading;
    let b = bytes[this.from++]!;
    if (b < 0x80) return b;
    let v = b & 0x7f;
    for (let scale = 0x80; ; scale *= 0x80) {
      b = bytes[this.from++]!;
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
    }
  }

  private write(v: number): void {
    while (v >= 0x80) {
      this.bytes[this.used++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.bytes[this.used++] = v;
  }
}
