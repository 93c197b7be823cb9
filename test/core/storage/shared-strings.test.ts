// Chunks decoded from a note record (or a worker's message) share their note's strings: values unchanged, equal
// heading paths one array.
import { describe, expect, it } from 'vitest';
import { decodeNote, encodeNote, type NoteWithChunks } from '../../../src/core/storage/index-records';
import { shareChunkStrings } from '../../../src/core/storage/shared-strings';
import type { Chunk } from '../../../src/core/types';

const chunk = (order: number, headingPath: string[], title = 'Garden'): Chunk => ({
  id: `id${order}`,
  note: 'Notes/Garden.md',
  title,
  headingPath,
  text: `text ${order}`,
  tokens: 2,
  order,
  startLine: order,
  endLine: order,
});

describe('shared chunk strings', () => {
  it('share equal heading paths of consecutive chunks, values unchanged', () => {
    const chunks = [chunk(0, []), chunk(1, ['A', 'B']), chunk(2, ['A', 'B']), chunk(3, ['A']), chunk(4, ['A'])];
    const before = structuredClone(chunks);
    shareChunkStrings('Notes/Garden.md', 'Front matter title', chunks);
    expect(chunks).toEqual(before);
    expect(chunks[2]!.headingPath).toBe(chunks[1]!.headingPath);
    expect(chunks[4]!.headingPath).toBe(chunks[3]!.headingPath);
    expect(chunks[3]!.headingPath).not.toBe(chunks[2]!.headingPath);
  });

  it('are what decodeNote returns: the record round-trips, the note lists its chunks in order', () => {
    const chunks = [chunk(0, ['H']), chunk(1, ['H']), chunk(2, ['H', 'I'])].map((c, i) => ({
      ...c,
      label: i,
      key: String(i).repeat(32),
    }));
    const n: NoteWithChunks = {
      note: {
        path: 'Notes/Garden.md',
        mtimeMs: 1,
        size: 10,
        sha256: 'x',
        title: 'Garden',
        aliases: [],
        tags: [],
        links: [],
        headings: [],
        chunks: chunks.map((c) => c.id),
        fullTokens: 6,
      },
      chunks,
    };
    const back = decodeNote(encodeNote(n), 'Notes/Garden.md');
    expect(back).toEqual(n);
    expect(back.chunks[1]!.headingPath).toBe(back.chunks[0]!.headingPath);
    expect(back.note.chunks).toEqual(['id0', 'id1', 'id2']);
  });
});
