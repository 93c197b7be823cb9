// chunkNote: heading-aware, token-bounded chunks of a parsed note, each led by its heading path line.
import { sha256Hex } from '../util/sha256';
import { countTokens } from '../tokens';
import type { Chunk, ParsedNote } from '../types';
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

/** Identity of the chunking algorithm and settings, e.g. "heading-v2:max320:min24:ov0". */
export function chunkerSignature(o: ChunkerOptions): string {
  return `heading-v2:max${o.maxTokens}:min${o.minTokens}:ov${o.overlapTokens}`;
}

function validate(o: ChunkerOptions): void {
  const int = (n: number): boolean => Number.isInteger(n) && n >= 0;
  if (!int(o.maxTokens) || o.maxTokens < 16) throw new Error(`chunk-note: maxTokens must be an integer >= 16, got ${o.maxTokens}`);
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
  if (countTokens(header) <= limit) return header;
  return header.slice(0, longestFittingPrefix(header, (s) => countTokens(s) <= limit)).trimEnd();
}

/**
 * Chunks a parsed note. Sections split at every heading; a small section body (< minTokens) is merged into the
 * next chunk only when that chunk belongs to one of its own sub-sections. Ids hash path + text, so an unchanged
 * chunk keeps its id even when other sections of the note change.
 */
export function chunkNote(note: ParsedNote, opts: ChunkerOptions = DEFAULT_CHUNKER): Chunk[] {
  validate(opts);
  const bodyLines = splitLines(note.body);
  const base = note.bodyStartLine;
  const title = note.basename;
  const raw: { path: string[]; text: string; startLine: number; endLine: number }[] = [];

  const emit = (s: Section): void => {
    const first = raw.length === 0;
    const header = boundHeader(headerLine(title, s.path, first ? note.aliases : null), opts.maxTokens);
    const plainHeader = first ? boundHeader(headerLine(title, s.path, null), opts.maxTokens) : header;
    const lines = bodyLines.slice(s.from, s.to);
    const lineNos = lines.map((_, i) => base + s.from + i);
    const pieces = splitSection(header, lines, lineNos, opts.maxTokens, opts.overlapTokens);
    pieces.forEach((p, i) => {
      const h = first && i === 0 ? header : plainHeader;
      const startLine = i === 0 && s.headingLine !== null ? s.headingLine : p.startLine;
      raw.push({ path: s.path, text: h ? `${h}\n${p.text}` : p.text, startLine, endLine: p.endLine });
    });
  };

  let pending: Section | null = null;
  for (const s of sections(note, bodyLines)) {
    const body = bodyLines.slice(s.from, s.to).join('\n');
    if (body.trim() === '') continue;
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
    const merged = bodyLines.slice(s.from, s.to).join('\n');
    if (opts.minTokens > 0 && countTokens(merged.trim()) < opts.minTokens) pending = s;
    else emit(s);
  }
  if (pending) emit(pending);

  if (raw.length === 0) {
    const header = boundHeader(headerLine(title, [], note.aliases), opts.maxTokens);
    // A note of headings only: its headings are all there is to find, so they follow the title line.
    const lines = note.headings.map((h) => bodyLines[h.line - base] ?? '');
    const lineNos = note.headings.map((h) => h.line);
    const pieces = lines.length > 0 ? splitSection(header, lines, lineNos, opts.maxTokens) : [];
    for (const p of pieces) {
      raw.push({ path: [], text: header ? `${header}\n${p.text}` : p.text, startLine: p.startLine, endLine: p.endLine });
    }
    if (raw.length === 0 && header !== '') {
      raw.push({ path: [], text: header, startLine: 0, endLine: Math.max(0, base + bodyLines.length - 1) });
    }
  }

  const seen = new Map<string, number>();
  return raw.map((r, order) => {
    // Identical chunks in one note (same path and text) get an occurrence suffix so ids stay unique.
    const n = seen.get(r.text) ?? 0;
    seen.set(r.text, n + 1);
    const id = sha256Hex(`${note.path}\n${r.text}${n > 0 ? `\n#${n}` : ''}`).slice(0, 16);
    return {
      id,
      note: note.path,
      title,
      headingPath: r.path,
      text: r.text,
      tokens: countTokens(r.text),
      order,
      startLine: r.startLine,
      endLine: r.endLine,
    };
  });
}
