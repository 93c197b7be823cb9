// Exact o200k token counts that BPE-encode each distinct line and pre-token once. gpt-tokenizer's count of a
// text is a sum over the pieces its pre-tokenizer regex cuts the text into, and each piece's count depends on
// that piece alone; the pieces never cross a "line seam" (below), so a text's count is the sum of its lines'
// counts. Chunking counts the same lines again and again (a section, its blocks, each piece, the whole note):
// with the lines' counts remembered, a re-count costs a hash of each line instead of a BPE pass.
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';

/** Special-token strings (`<|endoftext|>`) are counted as the plain text they are, never rejected. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** A bounded memo: two generations; when the young one is full it becomes the old one, and the old is dropped. */
class Memo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private size = 0;

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  /** Each entry takes its key's length plus a fixed overhead from the limit. */
  set(key: string, value: V): void {
    if (this.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
      this.size = 0;
    }
    this.young.set(key, value);
    this.size += key.length + 32;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
    this.size = 0;
  }
}

/** Lines longer than this are not remembered whole (their pieces still are). */
const MAX_LINE_KEY = 4096;
/** Characters (plus 32 per entry) each generation of a memo holds: the pieces' one holds the ~100k distinct
 * pieces of a 10k-note vault; a few MB in all. */
const LINE_MEMO_CHARS = 1 << 20;
const PIECE_MEMO_CHARS = 4 << 20;

/** A line's count, and its last piece with that piece's count (-1 when unknown), to add line breaks to it. */
interface LineCount {
  n: number;
  last: string;
  lastN: number;
}

/** Lines (text between seams) without their trailing line breaks. */
const lines = new Memo<LineCount>(LINE_MEMO_CHARS);
/** Count of each pre-token piece alone; -1 marks a piece that the regex would cut differently on its own. */
const pieces = new Memo<number>(PIECE_MEMO_CHARS);
/** The pre-tokenizer, cloned so that its `lastIndex` is ours alone; `whole` matches at 0 only. */
const split = new RegExp(O200K_TOKEN_SPLIT_REGEX.source, 'gu');
const whole = new RegExp(O200K_TOKEN_SPLIT_REGEX.source, 'uy');

/** Whether a UTF-16 unit is in JavaScript's `\s` (the pre-tokenizer's class) other than the breaks \n and \r. */
export function isBlank(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 11 ||
    c === 12 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0xa0 ||
    c === 0x1680 ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Whether `text` splits at `i` with count(text) = count(text[..i]) + count(text[i..]): a "line seam". Holds
 * when text[i-1] is '\n', text[i] is not '/', and the run of blanks from i has no line break. Why: a piece
 * holding that '\n' is either a punctuation run with trailing `[\r\n/]*` or a `\s*[\r\n]+` run of white space;
 * both end exactly at i then, and no piece before it reads past the '\n' (letters, digits and blank-only pieces
 * never hold or read across one). The regex has no look-behind, so pieces from i on depend on text[i..] alone.
 */
export function isSeam(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length || text.charCodeAt(i - 1) !== 10 || text.charCodeAt(i) === 47) return false;
  for (let k = i; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13) return false;
    if (!isBlank(c)) return true;
  }
  return true;
}

let tuned = false;

/** gpt-tokenizer's own count, special-token strings counted as text. */
export function referenceCount(text: string): number {
  if (!tuned) {
    // gpt-tokenizer keeps its own cache of merged pieces (100k token arrays); the piece memo answers before it,
    // so that cache would only hold a second copy. Set on first use: the Node bundles load the encoding lazily.
    tuned = true;
    o200k.setMergeCacheSize(0);
  }
  return o200k.countTokens(text, AS_TEXT);
}

/** The last piece seen by `countPieces` and its count (-1 when it counted the text whole). */
let lastPiece = '';
let lastPieceN = -1;

/** Count of a text that has no seam inside, by its pieces; the pieces' counts are remembered. */
function countPieces(text: string): number {
  let n = 0;
  lastPiece = '';
  lastPieceN = -1;
  split.lastIndex = 0;
  for (let m = split.exec(text); m !== null; m = split.exec(text)) {
    const p = m[0];
    let c = pieces.get(p);
    if (c === undefined) {
      whole.lastIndex = 0;
      // A piece is counted alone only if the regex, given the piece alone, takes it whole (it always does for
      // this pattern; checked once per distinct piece, so the sum stays exact whatever the pattern).
      c = whole.exec(p)?.[0].length === p.length ? referenceCount(p) : -1;
      pieces.set(p, c);
    }
    if (c < 0) {
      lastPieceN = -1;
      return referenceCount(text);
    }
    n += c;
    lastPiece = p;
    lastPieceN = c;
  }
  return n;
}

/**
 * Count of one line (text between seams). The same line is met with and without its line breaks (a block's last
 * line alone, then followed by a blank line inside a piece), so it is remembered without them: line breaks after
 * a line that does not end in a blank change only its last piece (they join a trailing punctuation run, or follow
 * as a piece of their own), so count(line + breaks) = count(line) − count(last) + count(last + breaks).
 */
function countLine(seg: string): number {
  let end = seg.length;
  for (let c = seg.charCodeAt(end - 1); end > 0 && (c === 10 || c === 13); c = seg.charCodeAt(--end - 1));
  if (end === 0 || seg.length > MAX_LINE_KEY) return countPieces(seg);
  const line = end === seg.length ? seg : seg.slice(0, end);
  let e = lines.get(line);
  if (e === undefined) {
    e = { n: countPieces(line), last: lastPiece, lastN: lastPieceN };
    lines.set(line, e);
  }
  if (end === seg.length) return e.n;
  // After trailing blanks, breaks may merge with an earlier blank run holding a break ("\n " + "\n"): count whole.
  if (e.lastN < 0 || isBlank(line.charCodeAt(end - 1))) return countPieces(seg);
  return e.n - e.lastN + countPieces(e.last + seg.slice(end));
}

/** Exact token count of `text` (equal to `referenceCount`), cut at line seams with each line's count remembered. */
export function countExact(text: string): number {
  let n = 0;
  let from = 0;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl + 1 < text.length; nl = text.indexOf('\n', nl + 1)) {
    if (!isSeam(text, nl + 1)) continue;
    n += countLine(text.slice(from, nl + 1));
    from = nl + 1;
  }
  return n + countLine(from === 0 ? text : text.slice(from));
}

/**
 * Exact count of `text + breaks` (`breaks` only \n and \r) from `count` = count(text), without counting `text`
 * again: when `text` ends in a non-blank, the breaks change only the last piece of its last line (as in
 * countLine), so the count moves by count(last + breaks) − count(last). Finding that piece reads the last line only.
 */
export function countWithBreaks(text: string, count: number, breaks: string): number {
  const c = text.charCodeAt(text.length - 1);
  if (text.length === 0 || c === 10 || c === 13 || isBlank(c)) return countExact(text + breaks);
  let from = text.lastIndexOf('\n');
  while (from >= 0 && !isSeam(text, from + 1)) from = from > 0 ? text.lastIndexOf('\n', from - 1) : -1;
  const line = from < 0 ? text : text.slice(from + 1);
  let last = '';
  split.lastIndex = 0;
  for (let m = split.exec(line); m !== null; m = split.exec(line)) last = m[0];
  if (last.length === 0) return countExact(text + breaks);
  return count - countPieces(last) + countPieces(last + breaks);
}

/**
 * count(a + breaks + b) − count(a) − count(b), from two remembered piece counts, when the join is a line seam:
 * `breaks` only \n, `a` ending in a non-blank and `b` starting a seam (isSeam). Then count(a + breaks + b) =
 * count(a + breaks) + count(b), and the breaks change only a's last piece (as in countWithBreaks). Null otherwise.
 */
export function seamJoinCost(a: string, breaks: string, b: string): number | null {
  if (breaks.length === 0 || a.length === 0 || b.length === 0 || b.charCodeAt(0) === 47) return null;
  for (let i = 0; i < breaks.length; i++) if (breaks.charCodeAt(i) !== 10) return null;
  const c = a.charCodeAt(a.length - 1);
  if (c === 10 || c === 13 || isBlank(c)) return null;
  for (let k = 0; k < b.length; k++) {
    const d = b.charCodeAt(k);
    if (d === 10 || d === 13) return null;
    if (!isBlank(d)) break;
  }
  let from = a.lastIndexOf('\n');
  while (from >= 0 && !isSeam(a, from + 1)) from = from > 0 ? a.lastIndexOf('\n', from - 1) : -1;
  const line = from < 0 ? a : a.slice(from + 1);
  let last = '';
  split.lastIndex = 0;
  for (let m = split.exec(line); m !== null; m = split.exec(line)) last = m[0];
  if (last.length === 0) return null;
  return countPieces(last + breaks) - countPieces(last);
}

/** Forgets the remembered counts (for tests and memory-sensitive callers). */
export function clearTokenMemo(): void {
  lines.clear();
  pieces.clear();
}
