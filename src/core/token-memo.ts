// Exact o200k token counts that BPE-encode each distinct line and pre-token once. gpt-tokenizer's count of a
// text is a sum over the pieces its pre-tokenizer regex cuts the text into, and each piece's count depends on
// that piece alone; the pieces never cross a "line seam" (below), so a text's count is the sum of its lines'
// counts. Chunking counts the same lines again and again (a section, its blocks, each piece, the whole note):
// with the lines' counts remembered, a re-count costs a hash of each line instead of a BPE pass.
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { RangeMemo } from './range-memo';

/** Special-token strings (`<|endoftext|>`) are counted as the plain text they are, never rejected. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** Lines longer than this are not remembered whole (their pieces still are). */
const MAX_LINE_KEY = 4096;
/** Characters (plus 32 per entry) each generation of a memo holds: the pieces' one holds the ~100k distinct
 * pieces of a 10k-note vault; a few MB in all. */
const LINE_MEMO_CHARS = 1 << 20;
const PIECE_MEMO_CHARS = 4 << 20;

/** Lines (text between seams) without their trailing line breaks: their count, the count of their last piece
 * (-1 when unknown) and where that piece starts in the line, to add line breaks to it. */
const lines = new RangeMemo(LINE_MEMO_CHARS, 3);
/** Count of each pre-token piece alone; -1 marks a piece that the regex would cut differently on its own. */
const pieces = new RangeMemo(PIECE_MEMO_CHARS, 1);
/** The pre-tokenizer, cloned so that its `lastIndex` is ours alone: `split` finds pieces anywhere, `step` only at
 * `lastIndex` (its `test` walks the pieces without allocating a match), `whole` matches at 0 only. */
const split = new RegExp(O200K_TOKEN_SPLIT_REGEX.source, 'gu');
const step = new RegExp(O200K_TOKEN_SPLIT_REGEX.source, 'uy');
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

/** Where the last piece seen by `countPieces` starts and its count (-1 when it counted the text whole). */
let lastStart = -1;
let lastPieceN = -1;

/**
 * Count of a text that has no seam inside, by its pieces; the pieces' counts are remembered. The pieces are walked
 * with the sticky `step`; the pattern matches at every position (its classes cover every character), so this is
 * the pieces `split` finds. Should it ever fail to, the text is counted whole, which is exact by definition.
 */
function countPieces(text: string): number {
  let n = 0;
  lastStart = -1;
  lastPieceN = -1;
  step.lastIndex = 0;
  for (let pos = 0; pos < text.length;) {
    if (!step.test(text) || step.lastIndex <= pos) {
      lastPieceN = -1;
      return referenceCount(text);
    }
    const end = step.lastIndex;
    let e = pieces.find(text, pos, end);
    if (e < 0) {
      const p = text.slice(pos, end);
      whole.lastIndex = 0;
      // A piece is counted alone only if the regex, given the piece alone, takes it whole (it always does for
      // this pattern; checked once per distinct piece, so the sum stays exact whatever the pattern).
      const c = whole.exec(p)?.[0].length === p.length ? referenceCount(p) : -1;
      e = pieces.add(text, pos, end);
      pieces.values[e + 3] = c;
    }
    const c = pieces.values[e + 3]!;
    if (c < 0) {
      lastPieceN = -1;
      return referenceCount(text);
    }
    n += c;
    lastStart = pos;
    lastPieceN = c;
    pos = end;
  }
  return n;
}

/**
 * Count of one line (text between seams), text[from, to). The same line is met with and without its line breaks (a
 * block's last line alone, then followed by a blank line inside a piece), so it is remembered without them: line
 * breaks after a line that does not end in a blank change only its last piece (they join a trailing punctuation
 * run, or follow as a piece of their own), so count(line + breaks) = count(line) − count(last) + count(last + breaks).
 */
function countLine(text: string, from: number, to: number): number {
  let end = to;
  for (let c = text.charCodeAt(end - 1); end > from && (c === 10 || c === 13); c = text.charCodeAt(--end - 1));
  if (end === from || to - from > MAX_LINE_KEY) return countPieces(sliced(text, from, to));
  let e = lines.find(text, from, end);
  if (e < 0) {
    const n = countPieces(sliced(text, from, end));
    e = lines.add(text, from, end);
    const v = lines.values;
    v[e + 3] = n;
    v[e + 4] = lastPieceN;
    v[e + 5] = lastStart;
  }
  const v = lines.values;
  const n = v[e + 3]!;
  if (end === to) return n;
  const lastN = v[e + 4]!;
  // After trailing blanks, breaks may merge with an earlier blank run holding a break ("\n " + "\n"): count whole.
  if (lastN < 0 || isBlank(text.charCodeAt(end - 1))) return countPieces(sliced(text, from, to));
  return n - lastN + countPieces(text.slice(from + v[e + 5]!, to));
}

function sliced(text: string, from: number, to: number): string {
  return from === 0 && to === text.length ? text : text.slice(from, to);
}

/** Exact token count of `text` (equal to `referenceCount`), cut at line seams with each line's count remembered. */
export function countExact(text: string): number {
  return countUpTo(text, Infinity);
}

/** Whether countExact(text) ≥ `limit`, counting lines only until the sum reaches it (each line's count is exact). */
export function countReaches(text: string, limit: number): boolean {
  return countUpTo(text, limit) >= limit;
}

/** countExact(text), or a partial sum ≥ `limit` as soon as one reaches it. */
function countUpTo(text: string, limit: number): number {
  let n = 0;
  let from = 0;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl + 1 < text.length; nl = text.indexOf('\n', nl + 1)) {
    if (!isSeam(text, nl + 1)) continue;
    n += countLine(text, from, nl + 1);
    if (n >= limit) return n;
    from = nl + 1;
  }
  return n + countLine(text, from, text.length);
}

/** The last piece of `line` (empty for an empty line). */
function lastPieceOf(line: string): string {
  let at = 0;
  step.lastIndex = 0;
  for (let pos = 0; pos < line.length; pos = step.lastIndex) {
    if (!step.test(line) || step.lastIndex <= pos) {
      // Not a walk of pieces (see countPieces): take the last piece `split` finds.
      let last = '';
      split.lastIndex = 0;
      for (let m = split.exec(line); m !== null; m = split.exec(line)) last = m[0];
      return last;
    }
    at = pos;
  }
  return line.slice(at);
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
  const last = lastPieceOf(line);
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
  const last = lastPieceOf(line);
  if (last.length === 0) return null;
  return countPieces(last + breaks) - countPieces(last);
}

/** Forgets the remembered counts (for tests and memory-sensitive callers). */
export function clearTokenMemo(): void {
  lines.clear();
  pieces.clear();
}
