// Which lines are fenced code, and line text with inline code blanked out, so that links, tags and headings
// are never read from code.

/** An opening or closing code fence (``` or ~~~, three or more). */
export interface Fence {
  char: '`' | '~';
  length: number;
}

const FENCE_RE = /^\s*(`{3,}|~{3,})(.*)$/;

/** The fence that a line opens, or null. A backtick fence's info string may not contain backticks. */
export function openingFence(line: string): Fence | null {
  const m = FENCE_RE.exec(line);
  if (!m) return null;
  const run = m[1] ?? '';
  const char = run[0] === '~' ? '~' : '`';
  if (char === '`' && (m[2] ?? '').includes('`')) return null;
  return { char, length: run.length };
}

/** True when `line` closes `open` (same char, at least as long, nothing after it). */
export function closesFence(line: string, open: Fence): boolean {
  const m = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
  if (!m) return false;
  const run = m[1] ?? '';
  return run[0] === open.char && run.length >= open.length;
}

/**
 * For each line, whether it belongs to a fenced code block (fence lines included). Fences are accepted at any
 * indentation because Obsidian renders fences nested in list items; an unclosed fence runs to the end.
 */
export function fencedLines(lines: readonly string[], from = 0): boolean[] {
  const inCode = new Array<boolean>(lines.length).fill(false);
  let open: Fence | null = null;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (open) {
      inCode[i] = true;
      if (closesFence(line, open)) open = null;
      continue;
    }
    const f = openingFence(line);
    if (f) {
      open = f;
      inCode[i] = true;
    }
  }
  return inCode;
}

/**
 * `line` with each inline code span (`x`, ``x``) replaced by spaces of the same length, so offsets hold. A span
 * closes at the next run of exactly as many backticks; unmatched runs are literal. The next run of each length
 * is found in one backward pass, so a line of many backtick runs of different lengths stays linear.
 */
export function maskInlineCode(line: string): string {
  if (!line.includes('`')) return line;
  const pos: number[] = [];
  const len: number[] = [];
  for (let i = 0; i < line.length;) {
    if (line.charCodeAt(i) !== 96) {
      i++;
      continue;
    }
    let n = 0;
    while (line.charCodeAt(i + n) === 96) n++;
    pos.push(i);
    len.push(n);
    i += n;
  }
  const nextSame = new Array<number>(pos.length).fill(-1);
  const lastOf = new Map<number, number>();
  for (let r = pos.length - 1; r >= 0; r--) {
    const n = len[r] ?? 0;
    nextSame[r] = lastOf.get(n) ?? -1;
    lastOf.set(n, r);
  }
  let out = '';
  let from = 0;
  for (let r = 0; r < pos.length;) {
    const close = nextSame[r] ?? -1;
    if (close < 0) {
      r++;
      continue;
    }
    const a = pos[r] ?? 0;
    const b = (pos[close] ?? 0) + (len[close] ?? 0);
    out += line.slice(from, a) + ' '.repeat(b - a);
    from = b;
    r = close + 1;
  }
  return out + line.slice(from);
}

/** `text` with the span [start, end) replaced by spaces. */
export function blankOut(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(Math.max(0, end - start)) + text.slice(end);
}
