// chunkNote: heading-aware, token-bounded chunks of a parsed note, each led by its heading path line.
import { sha256Hex } from '../util/sha256';
import { countTokens, fewerTokensThan } from '../tokens';
import type { Chunk, ParsedNote } from '../types';
import { cleanBody, isExcalidrawNote } from './hygiene';
import { splitLines } from './parse-note';
import { splitSection } from './split-section';
import { longestFittingPrefix } from './token-cut';

/** Chunker settings; they are part of the index fingerprint. */
export interface ChunkerOptions {
  maxTokens: number;
  minTokens: number;
  overlapTokens: number;
}

/** Default chunker settings. */
export const DEFAULT_CHUNKER: ChunkerOptions = { maxTokens: 320, minTokens: 24, overlapTokens: 0 };

/**
 * Identity of the chunking algorithm and settings, e.g. "heading-v3:max320:min24:ov0" (v3: content hygiene, front matter titles).
 * Bump the version when chunking or hygiene.ts changes what a chunk holds: stored indexes are then re-chunked.
 */
export function chunkerSignature(o: ChunkerOptions): string {
  return `heading-v3:max${o.maxTokens}:min${o.minTokens}:ov${o.overlapTokens}`;
}

/** Chunks of a note, and the first body line not chunked when the work was stopped early (else null). */
export interface ChunkResult {
  chunks: Chunk[];
  stoppedAtLine: number | null;
}

function validate(o: ChunkerOptions): void {
  const int = (n: number): boolean => Number.isInteger(n) && n >= 0;
  if (!int(o.maxTokens) || o.maxTokens < 16)
    throw new Error(`chunk-note: maxTokens must be an integer >= 16, got ${o.maxTokens}`);
  if (!int(o.minTokens) || o.minTokens >= o.maxTokens) {
    throw new Error(`chunk-note: minTokens must be an integer in [0, maxTokens), got ${o.minTokens}`);
  }
  if (!int(o.overlapTokens) || o.overlapTokens * 2 > o.maxTokens) {
    throw new Error(`chunk-note: overlapTokens must be an integer in [0, maxTokens/2], got ${o.overlapTokens}`);
  }
}

/** A run of body lines under one heading path (possibly a small parent merged into its descendant). */
interface Section {
  path: string[];
  /** File lines of the headings in `path`: identifies the ancestry (two headings may share a text). */
  ancestors: number[];
  /** 0-based file line of the section's own heading (or of the merged parent's heading); null before any. */
  headingLine: number | null;
  /** Indexes into the body's lines, [from, to). */
  from: number;
  to: number;
}

function sections(note: ParsedNote, bodyLines: readonly string[]): Section[] {
  const out: Section[] = [];
  const base = note.bodyStartLine;
  const stack: { level: number; text: string; line: number }[] = [];
  const first = note.headings[0];
  out.push({ path: [], ancestors: [], headingLine: null, from: 0, to: first ? first.line - base : bodyLines.length });
  note.headings.forEach((h, k) => {
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= h.level) stack.pop();
    stack.push({ level: h.level, text: h.text, line: h.line });
    const next = note.headings[k + 1];
    out.push({
      path: stack.map((s) => s.text),
      ancestors: stack.map((s) => s.line),
      headingLine: h.line,
      from: h.line - base + 1,
      to: next ? next.line - base : bodyLines.length,
    });
  });
  return out;
}

function isDescendant(s: Section, of: Section): boolean {
  return of.ancestors.length < s.ancestors.length && of.ancestors.every((l, i) => l === s.ancestors[i]);
}

function headerLine(title: string, path: readonly string[], aliases: readonly string[] | null): string {
  // A top heading that repeats the title (a common "# Title" first line) is not said twice.
  const rest = path.length > 0 && path[0]!.trim().toLowerCase() === title.trim().toLowerCase() ? path.slice(1) : path;
  let line = [title, ...rest].filter((s) => s !== '').join(' > ');
  if (aliases && aliases.length > 0) line += `${line ? ' ' : ''}(aliases: ${aliases.join(', ')})`;
  return line;
}

/** Keeps the heading line to at most half the budget, so a body always has room. */
function boundHeader(header: string, maxTokens: number): string {
  const limit = Math.floor(maxTokens / 2);
  // A heading may hold a long run of spaces; one space says the same. No token spans 64 characters, so a longer
  // header is cut before it is counted.
  const h = header.replace(/[ \t]{2,}/g, ' ').slice(0, limit * 64);
  if (countTokens(h) <= limit) return h;
  return h
    .slice(
      0,
      longestFittingPrefix(h, (s) => countTokens(s) <= limit),
    )
    .trimEnd();
}

/**
 * Chunks a parsed note after content hygiene (hygiene.ts): what is embedded, counted and sent is the cleaned
 * body. Sections split at every heading; a small section body (< minTokens) is merged into the next chunk only
 * when that chunk belongs to one of its own sub-sections. Ids hash path + text, so an unchanged chunk keeps its
 * id even when other sections of the note change.
 */
export function chunkNote(note: ParsedNote, opts: ChunkerOptions = DEFAULT_CHUNKER): Chunk[] {
  const clean = cleanBody(splitLines(note.body), { excalidraw: isExcalidrawNote(note.path, note.frontmatter) });
  return chunkCleanNote(note, clean.lines, opts).chunks;
}

/**
 * Chunks a note whose body lines were already cleaned (`bodyLines`: as many as the body has). `expired` is asked
 * often; once it says true (it must keep saying so), the chunks made so far are returned with `stoppedAtLine`.
 */
export function chunkCleanNote(
  note: ParsedNote,
  bodyLines: readonly string[],
  opts: ChunkerOptions = DEFAULT_CHUNKER,
  expired: () => boolean = () => false,
): ChunkResult {
  validate(opts);
  const base = note.bodyStartLine;
  // The header names the note as Obsidian shows it (front matter `title` over a timestamp file name).
  const title = note.title || note.basename;
  const raw: { path: string[]; text: string; startLine: number; endLine: number; tokens?: number }[] = [];
  /** Set when a section was cut short by the time budget. */
  let cut = false;
  // Headings inside removed content (a drawing's "## Drawing" inside %% … %%) are not part of the text.
  const visible = note.headings.filter((h) => (bodyLines[h.line - base] ?? '').trim() !== '');
  const shown: ParsedNote = visible.length === note.headings.length ? note : { ...note, headings: visible };

  const emit = (s: Section): void => {
    const first = raw.length === 0;
    const header = boundHeader(headerLine(title, s.path, first ? note.aliases : null), opts.maxTokens);
    const plainHeader = first ? boundHeader(headerLine(title, s.path, null), opts.maxTokens) : header;
    const lines = bodyLines.slice(s.from, s.to);
    const lineNos = lines.map((_, i) => base + s.from + i);
    const pieces = splitSection(header, lines, lineNos, opts.maxTokens, opts.overlapTokens, expired, () => {
      cut = true;
    });
    pieces.forEach((p, i) => {
      const h = first && i === 0 ? header : plainHeader;
      const startLine = i === 0 && s.headingLine !== null ? s.headingLine : p.startLine;
      const entry: (typeof raw)[number] = {
        path: s.path,
        text: h ? `${h}\n${p.text}` : p.text,
        startLine,
        endLine: p.endLine,
      };
      if (h === header && h !== '') entry.tokens = p.tokens;
      raw.push(entry);
    });
  };

  let stoppedAtLine: number | null = null;
  if (!chunkSections(shown, bodyLines, opts, emit, () => cut || expired()) || cut) {
    stoppedAtLine = raw.length > 0 ? (raw[raw.length - 1]?.endLine ?? base) + 1 : base;
  }
  if (stoppedAtLine === null && raw.length === 0) {
    const header = boundHeader(headerLine(title, [], note.aliases), opts.maxTokens);
    // A note of headings only: its headings are all there is to find, so they follow the title line.
    const lines = shown.headings.map((h) => bodyLines[h.line - base] ?? '');
    const lineNos = shown.headings.map((h) => h.line);
    const pieces = lines.length > 0 ? splitSection(header, lines, lineNos, opts.maxTokens) : [];
    for (const p of pieces) {
      raw.push({
        path: [],
        text: header ? `${header}\n${p.text}` : p.text,
        startLine: p.startLine,
        endLine: p.endLine,
      });
    }
    if (raw.length === 0 && header !== '') {
      raw.push({ path: [], text: header, startLine: 0, endLine: Math.max(0, base + bodyLines.length - 1) });
    }
  }
  return { chunks: finish(note, raw), stoppedAtLine };
}

/** Walks the sections in order, merging small ones into their own sub-sections, and emits each; false if stopped. */
function chunkSections(
  note: ParsedNote,
  bodyLines: readonly string[],
  opts: ChunkerOptions,
  emit: (s: Section) => void,
  expired: () => boolean,
): boolean {
  let pending: Section | null = null;
  for (const s of sections(note, bodyLines)) {
    if (expired()) return false;
    if (!hasText(bodyLines, s.from, s.to)) continue;
    if (pending) {
      if (isDescendant(s, pending)) {
        // Contiguous lines: the parent's body, the headings in between, then this section's body.
        s.from = pending.from;
        s.headingLine = pending.headingLine;
      } else {
        emit(pending);
      }
      pending = null;
    }
    if (opts.minTokens > 0 && isSmall(bodyLines, s.from, s.to, opts.minTokens)) pending = s;
    else emit(s);
  }
  if (pending) {
    if (expired()) return false;
    emit(pending);
  }
  return true;
}

function hasText(lines: readonly string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((lines[i] ?? '').trim() !== '') return true;
  return false;
}

/** Whether the lines hold fewer than `minTokens` tokens; a long body is not counted (tokens average far fewer than 64 chars). */
function isSmall(lines: readonly string[], from: number, to: number, minTokens: number): boolean {
  let chars = 0;
  for (let i = from; i < to && chars <= minTokens * 64; i++) chars += (lines[i] ?? '').length + 1;
  if (chars > minTokens * 64) return false;
  return fewerTokensThan(lines.slice(from, to).join('\n').trim(), minTokens);
}

/** Ids and token counts of the raw chunks. */
function finish(
  note: ParsedNote,
  raw: readonly { path: string[]; text: string; startLine: number; endLine: number; tokens?: number }[],
): Chunk[] {
  const shown = note.title || note.basename;
  const displayTitle = shown !== note.basename ? shown : undefined;
  const seen = new Map<string, number>();
  return raw.map((r, order) => {
    // Identical chunks in one note (same path and text) get an occurrence suffix so ids stay unique.
    const n = seen.get(r.text) ?? 0;
    seen.set(r.text, n + 1);
    const id = sha256Hex(`${note.path}\n${r.text}${n > 0 ? `\n#${n}` : ''}`).slice(0, 16);
    return {
      id,
      note: note.path,
      title: note.basename,
      ...(displayTitle !== undefined ? { displayTitle } : {}),
      headingPath: r.path,
      text: r.text,
      tokens: r.tokens ?? countTokens(r.text),
      order,
      startLine: r.startLine,
      endLine: r.endLine,
    };
  });
}
