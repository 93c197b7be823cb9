// Chunks repeat their note's path and title, and a section's chunks its heading path. Decoded from JSON or a
// worker's message, each chunk holds its own copies (~150 bytes a chunk, ~30 MB at 214k chunks); pointing them at
// one copy per note keeps every value and drops the copies.
import type { Chunk } from '../types';

/** Makes `chunks` of the note at `path` titled `title` share one path, one title, and equal heading paths. */
export function shareChunkStrings(path: string, title: string, chunks: readonly Chunk[]): void {
  let heads: string[] | null = null;
  // The chunks' title is the file's name: the note's title too unless its front matter has one.
  let shared = title;
  for (const c of chunks) {
    if (c.note === path) c.note = path;
    if (c.title === shared) c.title = shared;
    else shared = c.title;
    if (heads && sameStrings(heads, c.headingPath)) c.headingPath = heads;
    else heads = c.headingPath;
  }
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
