// One listed note from its file to what the index needs (record and chunks), or why it is not indexed. The same
// function runs in the in-process sync and in the index pool's worker threads, so both index a note alike.
import type { Chunk, NoteFileInfo, NoteSource } from '../core/types';
import type { ChunkerOptions } from '../core/markdown/chunk-note';
import { prepareNote, type NoteGuard } from '../core/markdown/prepare-note';
import { sha256 } from './hash';
import { readNote } from './note-reader';
import type { NoteRecord } from './records';

/** What became of one listed note. */
export type FileOutcome =
  /** Not read (too large, binary, invalid UTF-8, unreadable); `vanished`: deleted since the scan. */
  | { kind: 'unreadable'; path: string; reason: string; vanished?: true }
  /** Same bytes as the indexed record (`knownSha256`): only its mtime and size are refreshed. */
  | { kind: 'same'; path: string }
  /** Parsed and chunked; `warnings` are the per-note findings (frontmatter error first, then the guard's). */
  | { kind: 'prepared'; path: string; record: NoteRecord; chunks: Chunk[]; warnings: string[] }
  /** The parser threw on this note: it is skipped, the vault is not. */
  | { kind: 'failed'; path: string; reason: string };

/** How to prepare notes: the same in every thread. */
export interface PrepareSettings {
  chunker: ChunkerOptions;
  maxNoteBytes: number;
  noteGuard?: Partial<NoteGuard>;
  /** The clock of the per-note budget for a text of this length (see prepareNote's NoteGuard.now). */
  clock: (textLength: number) => () => number;
}

/** Reads, hashes and prepares one note; `knownSha256`: the indexed note's hash, to skip parsing unchanged bytes. */
export async function prepareFile(
  source: NoteSource,
  f: NoteFileInfo,
  knownSha256: string | undefined,
  s: PrepareSettings,
): Promise<FileOutcome> {
  const read = await readNote(source, f, s.maxNoteBytes);
  if (!read.ok) {
    return { kind: 'unreadable', path: f.path, reason: read.reason, ...(read.vanished ? { vanished: true } : {}) };
  }
  const hash = sha256(read.bytes);
  if (knownSha256 === hash) return { kind: 'same', path: f.path };
  try {
    // Parse, clean and chunk under the per-note guard (size and time), which reports what it left out.
    const { parsed, chunks, fullTokens, warnings } = prepareNote(f.path, read.text, s.chunker, {
      now: s.clock(read.text.length),
      ...s.noteGuard,
    });
    const record: NoteRecord = {
      path: f.path,
      mtimeMs: f.mtimeMs,
      size: f.size,
      sha256: hash,
      title: parsed.title,
      aliases: parsed.aliases,
      tags: parsed.tags,
      links: parsed.links,
      headings: parsed.headings,
      chunks: chunks.map((c) => c.id),
      fullTokens,
      ...(parsed.frontmatterError ? { frontmatterError: parsed.frontmatterError } : {}),
    };
    const all = parsed.frontmatterError ? [parsed.frontmatterError, ...warnings] : warnings;
    return { kind: 'prepared', path: f.path, record, chunks, warnings: all };
  } catch (e) {
    // A parser bug on one odd note must not stop the vault from being indexed.
    return {
      kind: 'failed',
      path: f.path,
      reason: `could not be parsed (${e instanceof Error ? e.message : String(e)})`,
    };
  }
}
