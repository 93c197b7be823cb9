// Hygiene of data held as text: data URIs (inline images first) and base64 runs or lines are found by scanning
// characters, with bounded look-backs, so that no line of any shape makes the scan super-linear.

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

/** Placeholders that keep the position of removed content where it matters. */
export const PLACEHOLDER = {
  image: '[image]',
  data: '[data]',
  longLine: '[long line]',
  code: '[minified code]',
} as const;

/** Base64 runs at least this long are data. */
const MIN_BASE64 = 100;
/** A whole line of base64 at least this long is data. */
const MIN_BASE64_LINE = 48;

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
  while (i < text.length && i - paramsStart < 200 && text.charCodeAt(i) !== 44 && !PAYLOAD_STOP.has(text.charCodeAt(i)))
    i++;
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
export function replaceData(text: string, counts: HygieneCounts): string {
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
        const close = img.html
          ? /^[^<>]*>/.exec(out.slice(end, end + 400))
          : /^>?(?:\s+"[^"\n]*")?\s*\)/.exec(out.slice(end, end + 400));
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

/** A line that is nothing but base64 (a pasted attachment wraps it at 64 or 76 characters). */
export function isBase64Line(line: string): boolean {
  const t = line.trim();
  if (t.length < MIN_BASE64_LINE) return false;
  const body = t.replace(/={1,2}$/, '');
  for (let i = 0; i < body.length; i++) if (!isBase64Char(body.charCodeAt(i))) return false;
  return looksBase64(body, MIN_BASE64_LINE);
}
