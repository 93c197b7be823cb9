import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKER, type ChunkerOptions } from '../../../src/core/markdown/chunk-note';
import { countTokens } from '../../../src/core/tokens';
import { chunks, prose } from './chunk-fixtures';

function fenceLines(text: string): number {
  return text.split('\n').filter((l) => /^\s*(```|~~~)/.test(l)).length;
}

describe('chunkNote token bound', () => {
  const opts: ChunkerOptions = { maxTokens: 120, minTokens: 10, overlapTokens: 0 };
  const longCode = Array.from({ length: 80 }, (_, i) => `  const value${i} = compute(${i}, "${prose(4, i, 0)}");`).join(
    '\n',
  );
  const smallCode = ['```ts', 'function a() {', '', '  return 1;', '}', '```'].join('\n');
  const text = [
    '# Long prose',
    ...Array.from({ length: 6 }, (_, i) => prose(70, 10 + i) + '\n'),
    '## One giant paragraph without sentence ends',
    prose(600, 7, 0),
    '## Very long sentence lines',
    Array.from({ length: 30 }, (_, i) => `- item ${i}: ${prose(15, 50 + i, 0)}`).join('\n'),
    '## Long code',
    'Before the code.',
    '```ts',
    longCode,
    '```',
    'After the code.',
    '## Small code',
    prose(60, 99),
    smallCode,
    prose(20, 98),
    '## Cyrillic',
    'Слово '.repeat(400).trim(),
    '## Unbroken',
    // Under hygiene's long-line limit (a longer space-free line is replaced by a placeholder), over the budget.
    'x'.repeat(1900),
  ].join('\n');
  const cs = chunks('Long.md', text, opts);

  it('keeps every chunk, heading line included, within maxTokens', () => {
    expect(cs.length).toBeGreaterThan(15);
    for (const c of cs) {
      expect(c.tokens).toBe(countTokens(c.text));
      expect(c.tokens).toBeLessThanOrEqual(opts.maxTokens);
      expect(c.text.trim().length).toBeGreaterThan(0);
    }
    // And with the defaults too.
    for (const c of chunks('Long.md', text)) expect(c.tokens).toBeLessThanOrEqual(DEFAULT_CHUNKER.maxTokens);
  });

  it('loses no words', () => {
    const bodyWords = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '' && !/^(#+|```\w*)$/.test(w));
    const expected = bodyWords(
      text
        .split('\n')
        .filter((l) => !/^#/.test(l))
        .join('\n'),
    );
    const got = bodyWords(cs.map((c) => c.text.split('\n').slice(1).join('\n')).join('\n')).filter(
      (w) => !/^```/.test(w),
    );
    // Hard cuts may split the unbroken run; compare the concatenated text instead of word lists.
    expect(got.join('').replace(/```\w*/g, '')).toBe(expected.join('').replace(/```\w*/g, ''));
  });

  it('splits a long code block only at lines and re-fences every piece', () => {
    const codeChunks = cs.filter((c) => c.headingPath[1] === 'Long code' && c.text.includes('const value'));
    expect(codeChunks.length).toBeGreaterThan(1);
    // The short line before the block shares the first piece instead of becoming a chunk of its own.
    expect(codeChunks[0]?.text).toMatch(/^N?.*Long code\nBefore the code\.\n```ts\n {2}const value0 /);
    for (const c of codeChunks) {
      expect(fenceLines(c.text) % 2).toBe(0);
      for (const line of c.text.split('\n')) {
        if (line.includes('const value')) expect(longCode.split('\n')).toContain(line);
      }
    }
  });

  it('keeps a code block that fits whole, blank lines included', () => {
    const holder = cs.filter((c) => c.text.includes('function a()'));
    expect(holder).toHaveLength(1);
    expect(holder[0]?.text).toContain(smallCode);
  });

  it('cuts Cyrillic without broken characters', () => {
    const ru = cs.filter((c) => c.headingPath[1] === 'Cyrillic');
    expect(ru.length).toBeGreaterThan(1);
    for (const c of ru) expect(c.text).not.toContain('\uFFFD');
    expect(
      ru
        .map((c) => c.text.split('\n')[1])
        .join(' ')
        .split(' ')
        .every((w) => w === 'Слово'),
    ).toBe(true);
  });

  it('adds overlap from the previous piece when asked, still within the bound', () => {
    const withOv = chunks('Long.md', `# P\n${prose(600, 7)}`, { maxTokens: 120, minTokens: 0, overlapTokens: 20 });
    expect(withOv.length).toBeGreaterThan(3);
    for (const c of withOv) expect(c.tokens).toBeLessThanOrEqual(120);
    const [a, b] = withOv;
    const firstLineOfB = b?.text.split('\n')[1] ?? '';
    expect(firstLineOfB.length).toBeGreaterThan(0);
    expect(a?.text.endsWith(firstLineOfB)).toBe(true);
    expect(countTokens(firstLineOfB)).toBeLessThanOrEqual(20);
  });
});

describe('chunkNote bound on awkward notes', () => {
  const awkward = [
    '---',
    'aliases: [' + Array.from({ length: 40 }, (_, i) => `alias number ${i}`).join(', ') + ']',
    '---',
    `# ${prose(120, 31, 0)}`,
    prose(50, 32),
    '```' + 'python ' + 'x'.repeat(400),
    'print(1)',
    '```',
    '- list item',
    '  ~~~',
    '  nested fence in a list',
    '  ~~~',
    '| a | b |',
    '|---|---|',
    `| ${prose(60, 33, 0)} | 😀😀😀😀😀😀😀😀 |`,
    '😀'.repeat(300),
    '## Unclosed',
    '```',
    ...Array.from({ length: 40 }, (_, i) => `line ${i} ${prose(6, i, 0)}`),
  ].join('\n');

  it.each([16, 40, 120, 320])('holds for maxTokens %i', (maxTokens) => {
    const cs = chunks('Awkward.md', awkward, { maxTokens, minTokens: Math.min(24, maxTokens - 1), overlapTokens: 0 });
    expect(cs.length).toBeGreaterThan(0);
    expect(new Set(cs.map((c) => c.id)).size).toBe(cs.length);
    for (const c of cs) {
      expect(c.tokens).toBeLessThanOrEqual(maxTokens);
      expect(c.startLine).toBeLessThanOrEqual(c.endLine);
      expect(c.text).not.toContain('\uFFFD');
    }
    const emoji =
      cs
        .map((c) => c.text)
        .join('')
        .match(/😀/gu)?.length ?? 0;
    expect(emoji).toBe(308);
  });
});
