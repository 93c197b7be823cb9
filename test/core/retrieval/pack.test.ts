import { describe, expect, it } from 'vitest';
import { chunkLabel, packContext, type RankedChunk } from '../../../src/core/retrieval/pack';
import { selectDiverse } from '../../../src/core/retrieval/mmr';
import { countTokens } from '../../../src/core/tokens';
import type { Chunk } from '../../../src/core/types';

function chunk(note: string, order: number, headingPath: string[], body: string): Chunk {
  const title = note.split('/').pop()!.replace(/\.md$/, '');
  const text = `${[title, ...headingPath].join(' > ')}\n${body}`;
  return {
    id: `${note}#${order}`,
    note,
    title,
    headingPath,
    text,
    tokens: countTokens(text),
    order,
    startLine: order * 10,
    endLine: order * 10 + 9,
  };
}

const prose = (seed: number, words: number): string =>
  Array.from(
    { length: words },
    (_, i) =>
      ['vault', 'note', 'link', 'graph', 'token', 'budget', 'ünïcode', 'ёлка', '42', 'x_y'][(seed * 7 + i * 3) % 10],
  ).join(' ');

/** 3 notes × 4 chunks of varied length, ranked in an interleaved order. */
function ranked(): RankedChunk[] {
  const out: RankedChunk[] = [];
  const notes = ['A/Alpha.md', 'B/Beta.md', 'Gamma.md'];
  for (let o = 3; o >= 0; o--) {
    notes.forEach((n, k) => {
      const c = chunk(n, o, o === 0 ? [] : [`Part ${o}`], prose(o + k, 20 + 35 * ((o + k) % 4)));
      out.push({ chunk: c, score: 10 - o - k / 10, trace: { fused: 10 - o } });
    });
  }
  return out.sort((a, b) => b.score - a.score);
}

describe('packContext', () => {
  it('never exceeds the budget, counted exactly on the rendered text, for many budgets including tiny ones', () => {
    const list = ranked();
    for (const budget of [0, 1, 5, 16, 17, 20, 33, 50, 64, 100, 150, 233, 400, 800, 1500, 5000]) {
      const ctx = packContext(list, budget, () => false);
      const exact = countTokens(ctx.text);
      expect(exact).toBe(ctx.tokens);
      expect(exact).toBeLessThanOrEqual(budget);
      if (budget >= 400) expect(ctx.chunks.length).toBeGreaterThan(1);
    }
    // Everything fits in a large budget.
    expect(packContext(list, 100_000, () => false).chunks).toHaveLength(list.length);
  });

  it('skips a candidate too large for the room left without labelling it, and still takes smaller ones', () => {
    const big = chunk('Big.md', 0, [], prose(1, 400));
    const small = chunk('Small.md', 0, [], prose(2, 10));
    const first = chunk('First.md', 0, [], prose(3, 60));
    const list: RankedChunk[] = [first, big, small].map((c, i) => ({
      chunk: c,
      score: 3 - i,
      trace: { fused: 3 - i },
    }));
    const budget = first.tokens + small.tokens + 30;
    const looked: string[] = [];
    const ctx = packContext(list, budget, (title) => (looked.push(title), false));
    expect(ctx.chunks.map((c) => c.note)).toEqual(['First.md', 'Small.md']);
    expect(countTokens(ctx.text)).toBe(ctx.tokens);
    expect(ctx.tokens).toBeLessThanOrEqual(budget);
    // The big chunk could not fit whatever its label: its title was never looked up for a label.
    expect(looked).not.toContain('Big');
    // With room for it, it is taken in rank order, label and all.
    const all = packContext(list, 100_000, () => false);
    expect(all.chunks.map((c) => c.note)).toEqual(['First.md', 'Big.md', 'Small.md']);
  });

  it('cuts only the first chunk to fit a budget smaller than any chunk', () => {
    const ctx = packContext(ranked(), 30, () => false);
    expect(ctx.chunks).toHaveLength(1);
    expect(ctx.tokens).toBeLessThanOrEqual(30);
    expect(ctx.chunks[0]!.text.length).toBeGreaterThan(0);
  });

  it('groups chunks by note (best note first) and keeps reading order within a note', () => {
    const list = ranked();
    const ctx = packContext(list, 100_000, () => false);
    const notes = ctx.chunks.map((c) => c.note);
    // Contiguous groups, in order of each note's best rank.
    expect([...new Set(notes)]).toEqual(['A/Alpha.md', 'B/Beta.md', 'Gamma.md']);
    for (let i = 1; i < notes.length; i++)
      if (notes[i] !== notes[i - 1]) expect(notes.slice(i + 1)).not.toContain(notes[i - 1]);
    for (const note of new Set(notes)) {
      const orders = ctx.chunks.filter((c) => c.note === note).map((c) => Number(c.id.split('#')[1]));
      expect(orders).toEqual([...orders].sort((a, b) => a - b));
    }
    expect(ctx.text.startsWith('[[Alpha]]\n')).toBe(true);
  });

  it('labels chunks [[Note#Heading]], with the path for ambiguous basenames', () => {
    const c = chunk('Energy/Caching.md', 2, ['Prefix', 'KV reuse'], 'text');
    expect(chunkLabel(c, () => false)).toBe('[[Caching#KV reuse]]');
    expect(chunkLabel(c, (t) => t === 'Caching')).toBe('[[Energy/Caching#KV reuse]]');
    expect(chunkLabel(chunk('Top.md', 0, [], 'text'), () => false)).toBe('[[Top]]');
    const ctx = packContext([{ chunk: c, score: 1, trace: { fused: 1 } }], 500, () => true);
    expect(ctx.chunks[0]!.label).toBe('[[Energy/Caching#KV reuse]]');
    expect(ctx.chunks[0]!.heading).toBe('KV reuse');
    expect(ctx.text).toBe(`[[Energy/Caching#KV reuse]]\n${c.text}`);
  });

  it("counts the rendered text exactly from the chunks' own counts, whatever their edges", () => {
    // Texts that end in punctuation (the blank line joins its piece), start with '/' (no seam after the label),
    // carry blanks or CRLF at their edges, or hold a run the tokenizer slices: the sum must equal a full count.
    const bodies = [
      'ends with a stop.',
      'ends with punctuation?!)',
      '/starts with a slash',
      '  padded with blanks \t',
      'CRLF lines\r\nsecond line\r\n',
      'a list:\n- one\n- two\n\n---',
      '```\ncode();\n```',
      'ünïcode ёлка 中文 😀',
      'x'.repeat(1500),
      `${'word '.repeat(50)}\n\n/path/at/end`,
    ];
    const list: RankedChunk[] = bodies.map((body, i) => ({
      chunk: chunk(`N${i % 4}.md`, i, i % 2 === 0 ? [] : [`H${i}`], body),
      score: 20 - i,
      trace: { fused: 20 - i },
    }));
    for (let drop = 0; drop < bodies.length; drop++) {
      const some = list.filter((_, i) => i !== drop);
      for (const budget of [50, 200, 400, 100_000]) {
        const ctx = packContext(some, budget, () => false);
        expect(ctx.tokens, `drop ${drop}, budget ${budget}`).toBe(countTokens(ctx.text));
      }
    }
  });

  it('respects maxChunks', () => {
    expect(packContext(ranked(), 100_000, () => false, 3).chunks).toHaveLength(3);
  });
});

describe('selectDiverse (MMR)', () => {
  it('moves a near-duplicate below a different chunk, and keeps relevance order at lambda 1', () => {
    const a = chunk('A.md', 0, [], 'the vault index keeps chunk vectors in an HNSW graph on disk for fast search');
    const dup = chunk(
      'A copy.md',
      0,
      [],
      'the vault index keeps chunk vectors in an HNSW graph on disk for quick search',
    );
    const other = chunk('B.md', 0, [], 'energy per token depends on prefill and decode on the GPU');
    const list: RankedChunk[] = [
      { chunk: a, score: 1, trace: { fused: 1 } },
      { chunk: dup, score: 0.97, trace: { fused: 0.97 } },
      { chunk: other, score: 0.9, trace: { fused: 0.9 } },
    ];
    expect(selectDiverse(list, 0.7).map((r) => r.chunk.note)).toEqual(['A.md', 'B.md', 'A copy.md']);
    expect(selectDiverse(list, 1).map((r) => r.chunk.note)).toEqual(['A.md', 'A copy.md', 'B.md']);
  });
});
