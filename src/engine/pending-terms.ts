// Chunk texts' lexical terms that index workers analysed while the lexical index is deferred. A new index is built
// once, at the end of its first sync, when the workers have exited (the postings and the workers' heaps are never in
// memory together; at 50k notes building as chunks came raised the peak by ~250 MB); until then each chunk's terms
// wait here as varints in one growing buffer (about 3 bytes a posting), and the build only adds postings.
import type { FieldTerms } from '../core/index/lexical-terms';
import { TermDictionary } from '../core/index/packed-terms';

/** Chunk id → its text's numbered terms, compactly, until taken. */
export class PendingTerms {
  private bytes = new Uint8Array(0);
  private used = 0;
  /** Read position of take(). */
  private from = 0;
  private readonly at = new Map<string, number>();
  private readonly dictionaries: TermDictionary[] = [];

  private terms = 0;

  /** Chunks waiting. */
  get size(): number {
    return this.at.size;
  }

  /** Terms (postings) kept so far. */
  get postings(): number {
    return this.terms;
  }

  /** Keeps a chunk's text terms (numbered by a TermDictionary; others are not kept: the text is analysed then). */
  put(id: string, f: FieldTerms): void {
    const by = f.numbered?.by;
    if (!(by instanceof TermDictionary)) {
      this.at.delete(id);
      return;
    }
    let d = this.dictionaries.indexOf(by);
    if (d < 0) d = this.dictionaries.push(by) - 1;
    const n = f.terms.length;
    this.reserve(5 * (3 + 2 * n));
    this.at.set(id, this.used);
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
    this.at.delete(id);
    return terms;
  }

  /** A chunk's terms, still kept (undefined when none were kept). */
  get(id: string): FieldTerms | undefined {
    const start = this.at.get(id);
    if (start === undefined) return undefined;
    this.from = start;
    const dict = this.dictionaries[this.read()]!;
    const length = this.read();
    const n = this.read();
    const terms = new Array<string>(n);
    const tfs = new Uint32Array(n);
    const numbers = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const k = this.read();
      numbers[i] = k;
      tfs[i] = this.read();
      const term = dict.term(k);
      if (term === undefined) throw new Error(`pending-terms: unknown term number ${k}`);
      terms[i] = term;
    }
    return { length, terms, tfs, numbered: { by: dict, numbers } };
  }

  /** Forgets a chunk's terms (it left before the build). */
  delete(id: string): void {
    this.at.delete(id);
  }

  /** Forgets everything (the buffer too). */
  clear(): void {
    this.at.clear();
    this.dictionaries.length = 0;
    this.bytes = new Uint8Array(0);
    this.used = 0;
    this.terms = 0;
  }

  private reserve(n: number): void {
    if (this.used + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.used + n, Math.ceil(this.bytes.length * 1.5), 1 << 16));
    next.set(this.bytes.subarray(0, this.used));
    this.bytes = next;
  }

  /** Reads the varint at `from` and moves past it. */
  private read(): number {
    const bytes = this.bytes;
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
