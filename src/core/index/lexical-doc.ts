// What the lexical index stores of one chunk, field by field: the note's names (display title and file name),
// its aliases, the chunk's heading path, the note's folders, and the chunk text. One definition for the engine and
// the in-memory source, so both index the same fields.
import type { Chunk, LexicalDoc } from '../types';

/** The lexical document of a chunk of a note with these aliases. */
export function lexicalDocOf(chunk: Chunk, aliases: readonly string[]): LexicalDoc {
  const names =
    chunk.displayTitle && chunk.displayTitle !== chunk.title ? `${chunk.displayTitle} ${chunk.title}` : chunk.title;
  const slash = chunk.note.lastIndexOf('/');
  return {
    id: chunk.id,
    title: names,
    aliases: aliases.join(' '),
    headings: chunk.headingPath.join(' '),
    path: slash < 0 ? '' : chunk.note.slice(0, slash).replace(/\//g, ' '),
    text: chunk.text,
  };
}
