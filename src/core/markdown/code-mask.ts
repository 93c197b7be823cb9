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

/** `line` with each inline code span (`x`, ``x``) replaced by spaces of the same length, so offsets hold. */
export function maskInlineCode(line: string): string {
  if (!line.includes('`')) return line;
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '`') {
      out += line[i];
      i++;
      continue;
    }
    let n = 0;
    while (line[i + n] === '`') n++;
    // A span closes at the next run of exactly the same number of backticks; unmatched runs are literal.
    let j = i + n;
    let close = -1;
    while (j < line.length) {
      if (line[j] === '`') {
        let m = 0;
        while (line[j + m] === '`') m++;
        if (m === n) {
          close = j;
          break;
        }
        j += m;
      } else {
        j++;
      }
    }
    if (close < 0) {
      out += line.slice(i, i + n);
      i += n;
      continue;
    }
    out += ' '.repeat(close + n - i);
    i = close + n;
  }
  return out;
}

/** `text` with the span [start, end) replaced by spaces. */
export function blankOut(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(Math.max(0, end - start)) + text.slice(end);
}
