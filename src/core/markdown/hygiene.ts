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
}

/** Placeholders that keep the position of removed content where it matters. */
export const PLACEHOLDER = { image: '[image]', data: '[data]', longLine: '[long line]', code: '[minified code]' } as const;

/** Lines at least this long are checked for being minified code or a dump rather than prose. */
const LONG_LINE = 2000;
/** Base64 runs at least this long are data. */
const MIN_BASE64 = 100;

const IMAGE_DATA_MD_RE = /!\[([^\]\n]{0,300})\]\(\s*<?data:[^)\s>]*>?(?:\s+"[^"\n]*")?\s*\)/gi;
const IMAGE_DATA_HTML_RE = /<img\b[^>]{0,300}?\bsrc\s*=\s*["']?data:[^>]*>/gi;
const DATA_URI_RE = /data:([a-z]+)\/[a-z0-9.+-]+(?:;[a-z0-9.+-]+(?:=[^;,\s)"'>]*)?)*,[^\s)"'>]*/gi;
const BASE64_RUN_RE = /[A-Za-z0-9+/]+={0,2}/g;
const BLOCK_ID_AT_END_RE = /(^|\s)\^[A-Za-z0-9-]+\s*$/;
const WIKILINK_RE = /!?\[\[[^\]\n]*\]\]/g;
const MDLINK_RE = /!?\[[^\]\n]*\]\([^)\n]*\)/g;
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
export function looksBase64(run: string): boolean {
  if (run.length < MIN_BASE64) return false;
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
  if (spaces >= line.length / 25) return false;
  // CJK prose has no spaces between words.
  const sample = line.slice(0, 4000);
  return (sample.match(CJK_RE)?.length ?? 0) < sample.length * 0.3;
}

/** Replaces data URIs (inline images first) and base64 runs in visible text. */
function replaceData(text: string, counts: HygieneCounts): string {
  let out = text;
  if (out.length >= 16 && /data:/i.test(out)) {
    out = out.replace(IMAGE_DATA_MD_RE, (_m, alt: string) => {
      counts.images++;
      const a = alt.trim();
      // Pasted images are named "image.png" or "Pasted image 2024…": such a name says nothing.
      return a === '' || /\.[a-z0-9]{2,5}$/i.test(a) || /^pasted image/i.test(a) ? PLACEHOLDER.image : `[image: ${a}]`;
    });
    out = out.replace(IMAGE_DATA_HTML_RE, () => {
      counts.images++;
      return PLACEHOLDER.image;
    });
    out = out.replace(DATA_URI_RE, (m, kind: string) => {
      if (m.length < 40) return m; // a short literal such as "data:text/plain,hi" is text
      if (kind.toLowerCase() === 'image') {
        counts.images++;
        return PLACEHOLDER.image;
      }
      counts.data++;
      return PLACEHOLDER.data;
    });
  }
  if (out.length >= MIN_BASE64) {
    out = out.replace(BASE64_RUN_RE, (m) => {
      if (!looksBase64(m)) return m;
      counts.data++;
      return PLACEHOLDER.data;
    });
  }
  return out;
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
  while (i <= line.length) {
    if (state === null) {
      const h = masked.indexOf('<!--', i);
      const p = masked.indexOf('%%', i);
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
  return { text: out, open: state };
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
export function cleanBody(lines: readonly string[], opts: { excalidraw?: boolean } = {}): CleanBody {
  const counts = emptyCounts();
  const out: string[] = new Array<string>(lines.length);
  let fence: Fence | null = null;
  let dropFence = false;
  let comment: CommentKind = null;
  let before = 0;
  let after = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    before += line.length;
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
    if (text === PLACEHOLDER.data && i > 0 && out[i - 1] === PLACEHOLDER.data) text = '';
    out[i] = text;
    after += text.length;
  }
  counts.removedChars = Math.max(0, before - after);
  return { lines: out, counts };
}

/** Total of the removal counts other than characters (for a one-line summary). */
export function hygieneTotal(c: HygieneCounts): number {
  return c.images + c.data + c.drawings + c.comments + c.blockIds + c.breadcrumbs + c.longLines;
}
