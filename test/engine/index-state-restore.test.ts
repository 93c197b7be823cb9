import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/core/index/lexical-index';
import { ScanIndex } from '../../src/core/index/scan-index';
import { IndexState } from '../../src/engine/index-state';
import type { NoteRecord, StoredChunk } from '../../src/engine/records';
import { VectorStore } from '../../src/engine/vector-store';

const note = (path: string, chunks: string[]): NoteRecord => ({
  path,
  mtimeMs: 1,
  size: 1,
  sha256: 'a'.repeat(64),
  title: path,
  aliases: [],
  tags: [],
  links: [],
  headings: [],
  chunks,
  fullTokens: 1,
});
const chunk = (id: string, path: string, label: number): StoredChunk => ({
  id,
  note: path,
  title: path,
  headingPath: [],
  text: id,
  tokens: 1,
  order: 0,
  startLine: 0,
  endLine: 0,
  label,
  key: '0'.repeat(32),
});
const fresh = () => new IndexState(new VectorStore(4), new ScanIndex(4), new LexicalIndex(), 0);

describe('IndexState.restore', () => {
  it('says a restore is whole when every chunk came once: open then skips the sweep over every chunk', () => {
    const st = fresh();
    const whole = st.restore([
      { note: note('a.md', ['a1', 'a2']), chunks: [chunk('a1', 'a.md', 0), chunk('a2', 'a.md', 1)] },
      { note: note('b.md', ['b1']), chunks: [chunk('b1', 'b.md', 2)] },
    ]);
    expect(whole).toBe(true);
    expect(st.sweep()).toBe(0);
    expect([...st.notes.keys()]).toEqual(['a.md', 'b.md']);
  });

  it('says it is not whole when two records hold one label (or one id), and the sweep then re-parses that note', () => {
    const st = fresh();
    const whole = st.restore([
      { note: note('a.md', ['a1']), chunks: [chunk('a1', 'a.md', 0)] },
      { note: note('b.md', ['b1', 'b2']), chunks: [chunk('b1', 'b.md', 0), chunk('b2', 'b.md', 1)] },
    ]);
    expect(whole).toBe(false);
    expect(st.sweep()).toBe(1); // b2 leaves with its note, which the next sync reads again
    expect([...st.notes.keys()]).toEqual(['a.md']);
    expect(st.dirtyNotes.has('b.md')).toBe(true);
    const dup = fresh();
    expect(
      dup.restore([
        { note: note('a.md', ['x']), chunks: [chunk('x', 'a.md', 0)] },
        { note: note('b.md', ['x']), chunks: [chunk('x', 'b.md', 1)] },
      ]),
    ).toBe(false);
  });
});
