import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/core/types';
import { storedChunk } from '../../src/engine/records';

const ORDER = ['id', 'note', 'title', 'headingPath', 'text', 'tokens', 'order', 'startLine', 'endLine', 'label', 'key'];

describe('storedChunk', () => {
  it('builds every stored chunk with the same fields in the same order, whatever the input order', () => {
    // A chunk as a worker's structured clone might hand it over: fields in another order, plus a stray one.
    const chunk = {
      endLine: 3,
      startLine: 1,
      order: 0,
      tokens: 5,
      text: 'Intro\nhello',
      headingPath: ['Intro'],
      title: 'a',
      note: 'a.md',
      id: 'c1',
      stray: 1,
    } as Chunk;
    const s = storedChunk(chunk, 7, 'k'.repeat(32));
    expect(Object.keys(s)).toEqual(ORDER);
    expect(s).toEqual({ ...chunk, stray: undefined, label: 7, key: 'k'.repeat(32) });
  });

  it('keeps a display title, last', () => {
    const chunk: Chunk = {
      id: 'c1',
      note: 'a.md',
      title: 'a',
      displayTitle: 'Alpha',
      headingPath: [],
      text: 'x',
      tokens: 1,
      order: 0,
      startLine: 0,
      endLine: 0,
    };
    const s = storedChunk(chunk, 1, 'k');
    expect(Object.keys(s)).toEqual([...ORDER, 'displayTitle']);
    expect(s.displayTitle).toBe('Alpha');
  });
});
