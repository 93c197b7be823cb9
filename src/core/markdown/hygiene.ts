// Content hygiene: what an LLM would be given of a note body. Non-prose that costs tokens and carries no meaning
// (inline images as data URIs, base64 blobs, Excalidraw drawing data, HTML and Obsidian comments, generated
// boilerplate, breadcrumb lines, block ids, minified code) is removed or replaced by a short placeholder.
// Links are parsed from the raw text before this runs, so no link is lost. Line count is preserved (a removed
// line becomes empty), so chunk line numbers still point into the file. Every step is linear in the line length.
import { closesFence, maskInlineCode, openingFence, type Fence } from './code-mask';
import { isBase64Line, PLACEHOLDER, replaceData, type HygieneCounts } from './hygiene-data';

export { looksBase64, PLACEHOLDER, type HygieneCounts } from './hygiene-data';

/** The cleaned body lines (as many as given) and what was removed. */
export interface CleanBody {
  lines: string[];
  counts: HygieneCounts;
  /** Characters of cleaned text kept when `maxChars` cut it (the lines after are empty), else null. */
  cutAt: number | null;
}

/** Lines at least this long are checked for being minified code or a dump rather than prose. */
const LONG_LINE = 2000;
const BLOCK_ID_AT_END_RE = /(^|\s)\^[A-Za-z0-9-]+\s*$/;
const WIKILINK_RE = /!?\[\[[^\]\n]*\]\]/g;
// The destination may hold one level of parentheses, as in `[x](View/(constructor).md)`.
const MDLINK_RE = /!?\[[^\]\n]*\]\((?:[^()\n]|\([^()\n]*\))*\)/g;
// U+0001 marks where a link stood (a character no note text holds).
const LINK_MARK = String.fromCharCode(1);
const BREADCRUMB_REST_RE = new RegExp(`^[\\s${LINK_MARK}›»>→←|/·•]*$`);
const BREADCRUMB_SEP_RE = /[›»>→←|/·•]/;
const EXCALIDRAW_BANNER_RE = /^\s*==⚠\s*Switch to EXCALIDRAW VIEW/i;
const CJK_RE = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g;

function emptyCounts(): HygieneCounts {
  return { images: 0, data: 0, drawings: 0, comments: 0, blockIds: 0, breadcrumbs: 0, longLines: 0, removedChars: 0 };
}

/** Whether a note is an Excalidraw drawing (its JSON blocks are drawing data, not text). */
export function isExcalidrawNote(path: string, frontmatter: Record<string, unknown> | null): boolean {
  if (/\.excalidraw\.md$/i.test(path)) return true;
  return frontmatter !== null && Object.keys(frontmatter).some((k) => k.toLowerCase() === 'excalidraw-plugin');
}

/** True for a long line that is not prose: few spaces for its length (minified code, a dump), and not CJK. */
export function looksMinified(line: string): boolean {
  if (line.length < LONG_LINE) return false;
  let spaces = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9) spaces++;
  }
  // Prose has a space every 5-8 characters (Russian and German included); minified code one every 20-40.
  if (spaces >= line.length / 12) return false;
  // CJK prose has no spaces between words.
  const sample = line.slice(0, 4000);
  return (sample.match(CJK_RE)?.length ?? 0) < sample.length * 0.3;
}

/** A line of only links joined by breadcrumb separators (`[A](A) › [B](A/B)`), at least two links. */
export function isBreadcrumbLine(line: string): boolean {
  const t = line.trim();
  if (t === '' || t.startsWith('|') || !t.includes('[')) return false;
  let links = 0;
  const rest = t
    .replace(WIKILINK_RE, () => {
      links++;
      return '\u0001';
    })
    .replace(MDLINK_RE, () => {
      links++;
      return '\u0001';
    });
  return links >= 2 && BREADCRUMB_REST_RE.test(rest) && BREADCRUMB_SEP_RE.test(rest.split(LINK_MARK).join(''));
}

/** Comment state carried across lines. */
type CommentKind = 'html' | 'percent' | null;

/**
 * Removes HTML and Obsidian comments from one line, given whether a comment is open at its start; returns the
 * visible text and the comment open at its end. Markers inside inline code are text.
 */
function stripComments(line: string, open: CommentKind, counts: HygieneCounts): { text: string; open: CommentKind } {
  if (open === null && !line.includes('<!--') && !line.includes('%%')) return { text: line, open };
  const masked = maskInlineCode(line);
  let out = '';
  let i = 0;
  let state = open;
  // Next marker positions are searched again only once passed, so many markers on one line stay linear.
  let h = -2;
  let p = -2;
  while (i <= line.length) {
    if (state === null) {
      if (h !== -1 && h < i) h = masked.indexOf('<!--', i);
      if (p !== -1 && p < i) p = masked.indexOf('%%', i);
      const next = h < 0 ? p : p < 0 ? h : Math.min(h, p);
      if (next < 0) {
        out += line.slice(i);
        break;
      }
      out += line.slice(i, next);
      state = next === h ? 'html' : 'percent';
      counts.comments++;
      i = next + (state === 'html' ? 4 : 2);
    } else {
      const close = state === 'html' ? '-->' : '%%';
      const end = masked.indexOf(close, i);
      if (end < 0) break;
      i = end + close.length;
      state = null;
    }
  }
  return { text: out.trimEnd(), open: state };
}

/** Strips `^block-id` from a line end (Obsidian shows no ids; links to them were parsed from the raw text). */
function stripBlockId(text: string, counts: HygieneCounts): string {
  if (!text.includes('^')) return text;
  const m = BLOCK_ID_AT_END_RE.exec(maskInlineCode(text));
  if (!m) return text;
  counts.blockIds++;
  return text.slice(0, m.index + (m[1] ?? '').length).trimEnd();
}

/** Cleans one line of prose (outside code and comments). */
function cleanProse(line: string, counts: HygieneCounts): string {
  if (EXCALIDRAW_BANNER_RE.test(line)) return '';
  if (isBase64Line(line)) {
    counts.data++;
    return PLACEHOLDER.data;
  }
  let text = replaceData(line, counts);
  if (looksMinified(text)) {
    counts.longLines++;
    return PLACEHOLDER.longLine;
  }
  text = stripBlockId(text, counts);
  if (isBreadcrumbLine(text)) {
    counts.breadcrumbs++;
    return '';
  }
  return text;
}

/** Cleans one line inside fenced code: only data and minified lines are replaced. */
function cleanCode(line: string, counts: HygieneCounts): string {
  if (isBase64Line(line)) {
    counts.data++;
    return PLACEHOLDER.data;
  }
  const text = replaceData(line, counts);
  if (looksMinified(text)) {
    counts.longLines++;
    return PLACEHOLDER.code;
  }
  return text;
}

/**
 * Cleans a note body (lines after the frontmatter). `excalidraw`: the note is an Excalidraw drawing, so its
 * `json` code blocks are drawing data. A run of base64-only lines (a pasted attachment) leaves one `[data]`.
 */
export function cleanBody(lines: readonly string[], opts: { excalidraw?: boolean; maxChars?: number } = {}): CleanBody {
  const maxChars = opts.maxChars ?? Infinity;
  let cutAt: number | null = null;
  const counts = emptyCounts();
  const out: string[] = new Array<string>(lines.length);
  let fence: Fence | null = null;
  let dropFence = false;
  let comment: CommentKind = null;
  let prevData = false;
  let removed = 0;
  let after = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    let text: string;
    if (fence) {
      if (closesFence(line, fence)) {
        text = dropFence ? '' : line;
        fence = null;
        dropFence = false;
      } else {
        text = dropFence ? '' : cleanCode(line, counts);
      }
    } else {
      const f = comment === null ? openingFence(line) : null;
      if (f) {
        fence = f;
        const info = line.trim().slice(f.length).trim().toLowerCase();
        dropFence = info.startsWith('compressed-json') || (opts.excalidraw === true && info.startsWith('json'));
        if (dropFence) counts.drawings++;
        text = dropFence ? '' : line;
      } else {
        const visible = stripComments(line, comment, counts);
        comment = visible.open;
        const hadText = line.trim() !== '';
        text = visible.text.trim() === '' && hadText ? '' : cleanProse(visible.text, counts);
      }
    }
    // A pasted attachment as lines of base64: one placeholder for the whole run.
    const dataLine = text === PLACEHOLDER.data;
    if (dataLine && prevData) {
      text = '';
      counts.data--;
    }
    prevData = dataLine;
    removed += Math.max(0, line.length - text.length);
    if (after + text.length > maxChars) {
      // Past the size limit nothing more is cleaned: the rest of the body is left out (and reported by the caller).
      text = text.slice(0, Math.max(0, maxChars - after));
      out[i] = text;
      after += text.length;
      cutAt = after;
      for (let j = i + 1; j < lines.length; j++) out[j] = '';
      break;
    }
    out[i] = text;
    after += text.length + 1;
  }
  counts.removedChars = removed;
  return { lines: out, counts, cutAt };
}
