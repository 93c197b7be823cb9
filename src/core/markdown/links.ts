// Link and tag extraction from one line of markdown whose code has already been blanked out.
import type { NoteLink } from '../types';
import { blankOut } from './code-mask';

/** A link with its column, so links of one line keep their reading order. */
interface FoundLink {
  link: NoteLink;
  index: number;
}

const WIKILINK_RE = /(!?)\[\[([^[\]\n]*?)\]\]/g;
// Link text allows one level of nested brackets; the destination is <...> or a run without spaces that may
// contain balanced parentheses; an optional "title" follows.
const MDLINK_RE =
  /(!?)\[((?:[^[\]\n]|\[[^[\]\n]*\])*)\]\(\s*(<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))+)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*\)/g;
const URL_SCHEME_RE = /^[a-z][a-z0-9+.-]*:/i;
const TAG_RE = /(^|[\s(])#([\p{L}\p{N}\p{M}_\-/]+)/gu;
const BLOCK_ID_RE = /(?:^|\s)\^([A-Za-z0-9-]+)\s*$/;

/** Removes a trailing `.md` (any case): `[[Note.md]]` and `[[Note]]` name the same note. */
export function stripMdExtension(path: string): string {
  return path.replace(/\.md$/i, '');
}

/** Splits `Note#A#B`, `Note#^blk`, `#Heading` into target, heading ('A#B') and block id. */
function splitAnchor(raw: string): Pick<NoteLink, 'target' | 'heading' | 'block'> {
  const hash = raw.indexOf('#');
  const path = hash < 0 ? raw : raw.slice(0, hash);
  const out: Pick<NoteLink, 'target' | 'heading' | 'block'> = { target: stripMdExtension(path.trim()) };
  if (hash < 0) return out;
  const parts = raw
    .slice(hash + 1)
    .split('#')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const last = parts[parts.length - 1];
  if (last !== undefined && last.startsWith('^')) {
    if (last.length > 1) out.block = last.slice(1);
    parts.pop();
  }
  if (parts.length > 0) out.heading = parts.join('#');
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a stray '%' is text, not an encoding
  }
}

/** Wikilinks of a line; returns them with the line where their spans are blanked. */
function wikilinks(line: string, lineNo: number): { found: FoundLink[]; rest: string } {
  const found: FoundLink[] = [];
  let rest = line;
  for (const m of line.matchAll(WIKILINK_RE)) {
    const index = m.index;
    rest = blankOut(rest, index, index + m[0].length);
    // Inside tables the alias bar is escaped as `\|`.
    const inner = (m[2] ?? '').replace(/\\\|/g, '|');
    const bar = inner.indexOf('|');
    const linkPart = bar < 0 ? inner : inner.slice(0, bar);
    const anchor = splitAnchor(linkPart);
    if (anchor.target === '' && anchor.heading === undefined && anchor.block === undefined) continue;
    const link: NoteLink = { ...anchor, embed: m[1] === '!', form: 'wikilink', line: lineNo };
    const display = bar < 0 ? '' : inner.slice(bar + 1).trim();
    if (display) link.display = display;
    found.push({ link, index });
  }
  return { found, rest };
}

/** Markdown links to vault files (URLs with a scheme are skipped); their spans are blanked in `rest`. */
function markdownLinks(line: string, lineNo: number): { found: FoundLink[]; rest: string } {
  const found: FoundLink[] = [];
  let rest = line;
  for (const m of line.matchAll(MDLINK_RE)) {
    const index = m.index;
    rest = blankOut(rest, index, index + m[0].length);
    let dest = m[3] ?? '';
    if (dest.startsWith('<') && dest.endsWith('>')) dest = dest.slice(1, -1);
    dest = dest.trim();
    if (dest === '' || URL_SCHEME_RE.test(dest)) continue;
    // Decode after splitting on '#', so an encoded %23 stays part of the name.
    const hash = dest.indexOf('#');
    const raw = hash < 0 ? safeDecode(dest) : `${safeDecode(dest.slice(0, hash))}#${safeDecode(dest.slice(hash + 1))}`;
    const anchor = splitAnchor(raw);
    if (anchor.target === '' && anchor.heading === undefined && anchor.block === undefined) continue;
    const link: NoteLink = { ...anchor, embed: m[1] === '!', form: 'markdown', line: lineNo };
    const display = (m[2] ?? '').trim();
    if (display) link.display = display;
    found.push({ link, index });
  }
  return { found, rest };
}

/** Links of one code-masked line in reading order, and the line with links and URLs blanked (for tags). */
export function extractLinks(maskedLine: string, lineNo: number): { links: NoteLink[]; rest: string } {
  const wiki = wikilinks(maskedLine, lineNo);
  const md = markdownLinks(wiki.rest, lineNo);
  const all = [...wiki.found, ...md.found].sort((a, b) => a.index - b.index);
  return { links: all.map((f) => f.link), rest: blankUrls(md.rest) };
}

function isSchemeChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45;
}

function isUrlChar(c: number): boolean {
  return !(c <= 32 || c === 60 || c === 62 || c === 0xa0 || c === 0x3000);
}

/**
 * `line` with bare URLs (`scheme://…`, `www.…`) blanked. A scan from each `://` and `www.` rather than the regex
 * `\b[a-z][a-z0-9+.-]*:\/\/`, which re-scans a long run of scheme characters from every word boundary.
 */
function blankUrls(line: string): string {
  const lower = line.toLowerCase();
  if (!lower.includes('://') && !lower.includes('www.')) return line;
  const spans: [number, number][] = [];
  const isWord = (i: number): boolean => i >= 0 && /[A-Za-z0-9_]/.test(line[i] ?? '');
  let done = 0;
  for (let at = line.indexOf('://'); at >= 0; at = line.indexOf('://', Math.max(at + 3, done))) {
    let start = at;
    while (start > done && isSchemeChar(line.charCodeAt(start - 1))) start--;
    // The scheme starts with a letter at a word boundary.
    while (start < at && (!/[a-z]/i.test(line[start] ?? '') || isWord(start - 1))) start++;
    let end = at + 3;
    while (end < line.length && isUrlChar(line.charCodeAt(end))) end++;
    if (start === at || end === at + 3) continue;
    spans.push([start, end]);
    done = end;
  }
  let k = 0;
  const www: [number, number][] = [];
  for (let at = lower.indexOf('www.'); at >= 0; at = lower.indexOf('www.', at + 4)) {
    while (k < spans.length && (spans[k]?.[1] ?? 0) <= at) k++;
    if (isWord(at - 1) || (k < spans.length && (spans[k]?.[0] ?? Infinity) <= at)) continue;
    let end = at + 4;
    while (end < line.length && isUrlChar(line.charCodeAt(end))) end++;
    if (end > at + 4) www.push([at, end]);
    at = end - 4;
  }
  const all = [...spans, ...www].sort((a, b) => a[0] - b[0]);
  let out = '';
  let from = 0;
  for (const [a, b] of all) {
    out += line.slice(from, a) + ' '.repeat(b - a);
    from = b;
  }
  return out + line.slice(from);
}
/** Only wikilinks (used for frontmatter properties such as `up: "[[Parent]]"`, which Obsidian links). */
export function extractWikilinks(line: string, lineNo: number): NoteLink[] {
  return wikilinks(line, lineNo).found.map((f) => f.link);
}

/** Inline #tags of a line whose code, links and URLs are blanked; without '#'. Pure numbers are not tags. */
export function extractTags(rest: string): string[] {
  const tags: string[] = [];
  for (const m of rest.matchAll(TAG_RE)) {
    const tag = (m[2] ?? '').replace(/\/+$/, '');
    if (tag === '' || tag.startsWith('/')) continue;
    if (!/[^\p{N}/]/u.test(tag)) continue;
    tags.push(tag);
  }
  return tags;
}

/** The block id (`^id`) at the end of a code-masked line, without the caret, or null. */
export function extractBlockId(maskedLine: string): string | null {
  const m = BLOCK_ID_RE.exec(maskedLine);
  return m ? (m[1] ?? null) : null;
}
