// prepareNote: one note from text to chunks under a per-note guard, so that no note, however hostile, can stall
// indexing: parse (links from the raw text), clean (hygiene.ts), cap the cleaned size, chunk within a time
// budget, and count the tokens an LLM would be given. Whatever the guard cuts is reported as a named warning.
import { countTokens } from '../tokens';
import type { Chunk, ParsedNote } from '../types';
import { chunkCleanNote, DEFAULT_CHUNKER, type ChunkerOptions } from './chunk-note';
import { cleanBody, isExcalidrawNote, type HygieneCounts } from './hygiene';
import { parseNote, splitLines } from './parse-note';

/** Per-note limits. */
export interface NoteGuard {
  /** Largest cleaned body chunked (characters); the rest is not indexed. */
  maxChars: number;
  /** Largest raw text parsed (characters), whatever the file size limit; the rest is not read. */
  maxParseChars: number;
  /** Time for one note (ms, on `now`), parse to chunks; chunking stops when it runs out. */
  budgetMs: number;
  /** The clock of the budget, in ms: wall time by default; the engine passes the process's CPU time, so that a
   * busy machine does not cut notes that cost little. */
  now: () => number;
  /** Hard limit on wall time (ms) whatever `now` measures, so a note never blocks much longer on a busy machine. */
  maxWallMs: number;
  /** Wall clock in ms (injectable for tests). */
  wallNow: () => number;
}

/**
 * Default guard: a book's worth of cleaned text (~150k tokens), and 700 ms of chunking, which with the final
 * checks and the whole-note count keeps a note near one second even on a loaded machine.
 */
export const DEFAULT_NOTE_GUARD: NoteGuard = {
  maxChars: 600_000,
  maxParseChars: 8_000_000,
  budgetMs: 700,
  now: () => performance.now(),
  maxWallMs: 2000,
  wallNow: () => performance.now(),
};

/** Warning names, the first word of a guard warning. */
export const NOTE_WARNING = { size: 'note-too-long', time: 'note-too-slow' } as const;

/** A note ready to index. */
export interface PreparedNote {
  parsed: ParsedNote;
  chunks: Chunk[];
  /** Exact tokens of the note as an LLM would be given it: frontmatter and cleaned body (what is indexed of it);
   * cheap after chunking, which has counted (and remembered) the same lines. */
  fullTokens: number;
  hygiene: HygieneCounts;
  /** Named warnings (`note-too-long: …`) for what the guard left out. */
  warnings: string[];
}

function mb(chars: number): string {
  return `${(chars / 1_000_000).toFixed(1)} MB`;
}

/** The first `n` lines of `text` (the frontmatter block), without splitting the whole text. */
function leadingLines(text: string, n: number): string {
  const re = /\r\n|\r|\n/g;
  let end = text.length;
  for (let i = 0; i < n; i++) {
    const m = re.exec(text);
    if (!m) break;
    end = m.index;
  }
  return text.slice(0, end);
}

/** Parses, cleans and chunks one note within the guard; never throws for content (only for bad options). */
export function prepareNote(
  path: string,
  text: string,
  chunker: ChunkerOptions = DEFAULT_CHUNKER,
  guardOpts: Partial<NoteGuard> = {},
): PreparedNote {
  const guard: NoteGuard = { ...DEFAULT_NOTE_GUARD, ...guardOpts };
  const started = guard.now();
  const startedWall = guard.wallNow();
  const warnings: string[] = [];
  let source = text;
  if (source.length > guard.maxParseChars) {
    const cut = source.lastIndexOf('\n', guard.maxParseChars);
    // At a line end when one is near the limit; a giant line is cut at the limit itself.
    source = source.slice(0, cut > guard.maxParseChars / 2 ? cut : guard.maxParseChars);
    warnings.push(`${NOTE_WARNING.size}: ${mb(text.length)} of text; only the first ${mb(source.length)} is read`);
  }
  const parsed = parseNote(path, source);
  const clean = cleanBody(splitLines(parsed.body), {
    excalidraw: isExcalidrawNote(path, parsed.frontmatter),
    maxChars: guard.maxChars,
  });
  if (clean.cutAt !== null) {
    warnings.push(
      `${NOTE_WARNING.size}: over ${mb(guard.maxChars)} of text after cleaning; only the first ${mb(clean.cutAt)} is indexed`,
    );
  }

  let calls = 0;
  let over: 'budget' | 'wall' | null = null;
  const expired = (): boolean => {
    // The clocks are read every 32 calls: cheap, and far finer than the budget. Once over, always over.
    if (over === null && ++calls % 32 === 0) {
      if (guard.now() - started > guard.budgetMs) over = 'budget';
      else if (guard.wallNow() - startedWall > guard.maxWallMs) over = 'wall';
    }
    return over !== null;
  };
  const result = chunkCleanNote(parsed, clean.lines, chunker, expired);
  let bodyLines = clean.lines;
  if (result.stoppedAtLine !== null) {
    const lastLine = parsed.bodyStartLine + clean.lines.length - 1;
    const from = Math.min(result.stoppedAtLine, lastLine);
    const why =
      over === 'wall'
        ? `took over ${guard.maxWallMs} ms (the machine is busy)`
        : `over the ${guard.budgetMs} ms budget`;
    warnings.push(`${NOTE_WARNING.time}: ${why}; the rest of the note, from line ${from + 1}, is not indexed`);
    bodyLines = clean.lines.slice(0, Math.max(0, result.stoppedAtLine - parsed.bodyStartLine));
  }
  const given =
    parsed.bodyStartLine > 0
      ? `${leadingLines(source, parsed.bodyStartLine)}\n${bodyLines.join('\n')}`
      : bodyLines.join('\n');
  return { parsed, chunks: result.chunks, fullTokens: countTokens(given), hygiene: clean.counts, warnings };
}
