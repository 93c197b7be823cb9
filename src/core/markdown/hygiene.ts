// Content hygiene: what an LLM would be given of a note body. Non-prose that costs tokens and carries no meaning
// (inline images as data URIs, base64 blobs, Excalidraw drawing data, HTML and Obsidian comments, generated
// boilerplate, breadcrumb lines, block ids, minified code) is removed or replaced by a short placeholder.
// Links are parsed from the raw text before this runs, so no link is lost. Line count is preserved (a removed
// line becomes empty), so chunk line numbers still point into the file. Every step is linear in the line length.
import { closesFence, maskInlineCode, openingFence, type Fence } from './code-mask';

/** How many things of each kind hygiene removed from one note. */
export interface HygieneCounts {
  /** Inline images (`![…](data:…)`, `<img src="data:…">`), each replaced by `[image]`. */
  images: number;
  /** Other data URIs and base64 runs/blocks, replaced by `[data]`. */
  data: number;
  /** Excalidraw drawing data blocks. */
  drawings: number;
  /** HTML (`<!-- -->`) and Obsidian (`%% %%`) comments. */
  comments: number;
  /** Block ids (`^id`) taken off line ends. */
  blockIds: number;
  /** Lines of links only, joined by breadcrumb separators. */
  breadcrumbs: number;
  /** Very long lines that are not prose (minified code, dumps), replaced by a placeholder. */
  longLines: number;
  /** Characters removed in all (placeholders subtracted). */
  removedChars: number;
}

/** The cleaned body lines (as many as given) and what was removed. */
export interface CleanBody {
  lines: string[];
  counts: HygieneCounts;
  /** Characters of cleaned text kept when `maxChars` cut it (the lines after are empty), else null. */
  cutAt: number | null;
}

/** Placeholders that keep the position of removed content where it matters. */
export const PLACEHOLDER = { image: '[image]', data: '[data]', longLine: '[long line]', code: '[minified code]' } as const;

/** Lines at least this long are checked for being minified code or a dump rather than prose. */
const LONG_LINE = 2000;
/** Base64 runs at least this long are data. */
const MIN_BASE64 = 100;
/** A whole line of base64 at least this long is data. */
const MIN_BASE64_LINE = 48;

const BLOCK_ID_AT_END_RE = /(^|\s)\^[A-Za-z0-9-]+\s*$/;
const WIKILINK_RE = /!?\[\[[^\]\n]*\]\]/g;
// The destination may hold one level of parentheses, as in `[x](View/(constructor).md)`.
const MDLINK_RE = /!?\[[^\]\n]*\]\((?:[^()\n]|\([^()\n]*\))*\)/g;
const BREADCRUMB_REST_RE = /^[\s\u0001›»>→←|/·•]*$/;
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

/** True for a random-looking base64 run: long, with upper, lower and digits, and frequent class changes. */
export function looksBase64(run: string, minLength = MIN_BASE64): boolean {
  if (run.length < minLength) return false;
  let upper = 0;
  let lower = 0;
  let digit = 0;
  let changes = 0;
  let prev = -1;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    const cls = c >= 65 && c <= 90 ? 0 : c >= 97 && c <= 122 ? 1 : 2;
    if (cls === 0) upper++;
    else if (cls === 1) lower++;
    else if (c >= 48 && c <= 57) digit++;
    if (prev >= 0 && cls !== prev) changes++;
    prev = cls;
  }
  // camelCase identifiers change class every ~5 characters; random base64 on ~60% of them.
  return upper > 0 && lower > 0 && digit > 0 && changes >= run.length * 0.35;
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

const DATA_RE = /data:/i;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isMimeChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45;
}
const PAYLOAD_STOP = new Set([32, 9, 41, 34, 39, 62, 60]); // space tab ) " ' > <

/** The end of a data URI starting at `at` ("data:" matched), or -1: `data:type/sub[;params],payload`. */
function dataUriEnd(text: string, at: number): { end: number; image: boolean } | null {
  let i = at + 5;
  const typeStart = i;
  while (i < text.length && i - typeStart < 40 && isLetter(text.charCodeAt(i))) i++;
  if (i === typeStart || text[i] !== '/') return null;
  const image = text.slice(typeStart, i).toLowerCase() === 'image';
  i++;
  const subStart = i;
  while (i < text.length && i - subStart < 80 && isMimeChar(text.charCodeAt(i))) i++;
  if (i === subStart) return null;
  // Parameters (`;base64`, `;charset=utf-8`) are short: a bounded look for the comma keeps the scan linear.
  const paramsStart = i;
  while (i < text.length && i - paramsStart < 200 && text.charCodeAt(i) !== 44 && !PAYLOAD_STOP.has(text.charCodeAt(i))) i++;
  if (text[i] !== ',') return null;
  i++;
  while (i < text.length && !PAYLOAD_STOP.has(text.charCodeAt(i))) i++;
  return { end: i, image };
}

/** Where an inline image wrapping a data URI at `at` starts (`![alt](` or `<img … src=`), or null; with its alt. */
function imageStart(text: string, lower: string, at: number): { start: number; alt: string; html: boolean } | null {
  let j = at - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '<' || text[j] === '"' || text[j] === "'")) j--;
  // Bounded look-backs (a few hundred characters), so many data URIs on one line stay linear.
  if (text[j] === '(' && text[j - 1] === ']') {
    const open = text.lastIndexOf('![', j - 1);
    if (open < 0 || j - open > 320) return null;
    const alt = text.slice(open + 2, j - 1);
    if (alt.includes(']') || alt.includes('\n')) return null;
    return { start: open, alt, html: false };
  }
  if (text[j] === '=') {
    const open = lower.lastIndexOf('<img', j);
    if (open < 0 || j - open > 320) return null;
    const attrs = text.slice(open + 4, j);
    if (attrs.includes('>') || attrs.includes('<') || !/\bsrc\s*$/i.test(attrs)) return null;
    return { start: open, alt: '', html: true };
  }
  return null;
}

/** Replaces data URIs (a whole inline image where one wraps it) and base64 runs in visible text. */
function replaceData(text: string, counts: HygieneCounts): string {
  let out = text;
  if (out.length >= 16 && DATA_RE.test(out)) {
    const lower = out.toLowerCase();
    let built = '';
    let from = 0;
    for (let at = lower.indexOf('data:'); at >= 0; at = lower.indexOf('data:', Math.max(at + 5, from))) {
      if (at < from) continue;
      const uri = dataUriEnd(out, at);
      if (!uri || uri.end - at < 40) continue; // a short literal such as "data:text/plain,hi" is text
      const img = imageStart(out, lower, at);
      let start = at;
      let end = uri.end;
      let placeholder: string = uri.image ? PLACEHOLDER.image : PLACEHOLDER.data;
      if (img && img.start >= from) {
        const close = img.html ? /^[^<>]*>/.exec(out.slice(end, end + 400)) : /^>?(?:\s+"[^"\n]*")?\s*\)/.exec(out.slice(end, end + 400));
        if (close) {
          start = img.start;
          end += close[0].length;
          placeholder = imagePlaceholder(img.alt);
        }
      }
      if (placeholder === PLACEHOLDER.data) counts.data++;
      else counts.images++;
      built += out.slice(from, start) + placeholder;
      from = end;
    }
    if (from > 0) out = built + out.slice(from);
  }
  return out.length >= MIN_BASE64 ? replaceBase64Runs(out, counts) : out;
}

/** `[image]`, or `[image: alt]` when the alt text says something (pasted images are named "image.png"). */
function imagePlaceholder(alt: string): string {
  const a = alt.trim();
  return a === '' || /\.[a-z0-9]{2,5}$/i.test(a) || /^pasted image/i.test(a) ? PLACEHOLDER.image : `[image: ${a}]`;
}

function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/** Replaces base64 runs (with their `=` padding) by `[data]`; one pass over the characters, no regex callbacks. */
function replaceBase64Runs(text: string, counts: HygieneCounts): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    if (!isBase64Char(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && isBase64Char(text.charCodeAt(i))) i++;
    let end = i;
    while (end < text.length && end - i < 2 && text.charCodeAt(end) === 61) end++; // '=' padding
    if (i - start >= MIN_BASE64 && looksBase64(text.slice(start, i))) {
      out += text.slice(copied, start) + PLACEHOLDER.data;
      copied = end;
      counts.data++;
    }
    i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
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
  return links >= 2 && BREADCRUMB_REST_RE.test(rest) && BREADCRUMB_SEP_RE.test(rest.replace(/\u0001/g, ''));
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

/** A line that is nothing but base64 (a pasted attachment wraps it at 64 or 76 characters). */
function isBase64Line(line: string): boolean {
  const t = line.trim();
  if (t.length < MIN_BASE64_LINE) return false;
  const body = t.replace(/={1,2}$/, '');
  for (let i = 0; i < body.length; i++) if (!isBase64Char(body.charCodeAt(i))) return false;
  return looksBase64(body, MIN_BASE64_LINE);
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

/** Total of the removal counts other than characters (for a one-line summary). */
export function hygieneTotal(c: HygieneCounts): number {
  return c.images + c.data + c.drawings + c.comments + c.blockIds + c.breadcrumbs + c.longLines;
}
