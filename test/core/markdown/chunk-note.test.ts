import { describe, expect, it } from 'vitest';
import { chunkerSignature, DEFAULT_CHUNKER } from '../../../src/core/markdown/chunk-note';
import { countTokens } from '../../../src/core/tokens';
import { chunks, prose } from './chunk-fixtures';

describe('chunkNote structure', () => {
  it('prefixes each chunk with its heading path and strips the frontmatter', () => {
    const text = [
      '---',
      'tags: [x]',
      '---',
      'Intro paragraph that is long enough to stand on its own as a chunk, with a [[Link]] in it.',
      '# Setup',
      'How to set things up, in enough words to pass the minimum token threshold of the chunker.',
      '## Install',
      'Run the installer and `npm ci`, then check the output for warnings before going on to the next step.',
      '# Usage',
      'Ask a question and read the answer together with its citations and the tokens saved.',
    ].join('\n');
    const cs = chunks('Docs/Guide.md', text, { ...DEFAULT_CHUNKER, minTokens: 0 });
    expect(cs.map((c) => c.text.split('\n')[0])).toEqual([
      'Guide',
      'Guide > Setup',
      'Guide > Setup > Install',
      'Guide > Usage',
    ]);
    expect(cs.map((c) => c.headingPath)).toEqual([[], ['Setup'], ['Setup', 'Install'], ['Usage']]);
    expect(cs[0]?.text).toBe(
      'Guide\nIntro paragraph that is long enough to stand on its own as a chunk, with a [[Link]] in it.',
    );
    expect(cs[2]?.text).toContain('`npm ci`');
    expect(cs.map((c) => c.order)).toEqual([0, 1, 2, 3]);
    expect(cs.map((c) => [c.startLine, c.endLine])).toEqual([
      [3, 3],
      [4, 5],
      [6, 7],
      [8, 9],
    ]);
    for (const c of cs) {
      expect(c.note).toBe('Docs/Guide.md');
      expect(c.title).toBe('Guide');
      expect(c.tokens).toBe(countTokens(c.text));
      expect(c.text).not.toContain('tags:');
    }
  });

  it('skips empty sections but keeps their headings in the paths below', () => {
    const body = prose(30, 1);
    const cs = chunks('N.md', `# Empty\n\n   \n## Child\n${body}\n# Also empty\n# Last\n${body} end`);
    expect(cs.map((c) => c.headingPath)).toEqual([['Empty', 'Child'], ['Last']]);
  });

  it('puts aliases on the first chunk only', () => {
    const body = prose(40, 2);
    const cs = chunks('N.md', `---\naliases: [Alpha One, Beta]\n---\n# A\n${body}\n# B\n${body}`);
    expect(cs[0]?.text.split('\n')[0]).toBe('N > A (aliases: Alpha One, Beta)');
    expect(cs[1]?.text.split('\n')[0]).toBe('N > B');
  });

  it('merges a small section into the next chunk only when that is its own sub-section', () => {
    const big = prose(40, 3);
    const text = `# Parent\nShort intro.\n## Child\n${big}\n# Small\nTiny.\n# Sibling\n${big}`;
    const cs = chunks('N.md', text);
    expect(cs.map((c) => c.headingPath)).toEqual([['Parent', 'Child'], ['Small'], ['Sibling']]);
    expect(cs[0]?.text).toBe(`N > Parent > Child\nShort intro.\n## Child\n${big}`);
    expect(cs[0]?.startLine).toBe(0);
    expect(cs[1]?.text).toBe('N > Small\nTiny.');
    // With minTokens 0 nothing merges.
    const noMerge = chunks('N.md', text, { ...DEFAULT_CHUNKER, minTokens: 0 });
    expect(noMerge.map((c) => c.headingPath)).toEqual([['Parent'], ['Parent', 'Child'], ['Small'], ['Sibling']]);
  });

  it('does not merge into the child of a later heading that only shares the text', () => {
    const big = prose(40, 6);
    const cs = chunks('N.md', `# A\nTiny.\n# A\n## C\n${big}`);
    expect(cs.map((c) => c.headingPath)).toEqual([['A'], ['A', 'C']]);
    expect(cs[0]?.text).toBe('N > A\nTiny.');
  });

  it('merges through empty intermediate headings, and a short preamble into the first section', () => {
    const big = prose(40, 4);
    const cs = chunks('N.md', `Lead line.\n# A\n## B\n### C\n${big}`);
    expect(cs).toHaveLength(1);
    expect(cs[0]?.headingPath).toEqual(['A', 'B', 'C']);
    expect(cs[0]?.text).toBe(`N > A > B > C\nLead line.\n# A\n## B\n### C\n${big}`);
  });

  it('gives a body-less note one title chunk, a headings-only note its headings, an empty title nothing', () => {
    const fmOnly = chunks('Folder/Only Meta.md', '---\naliases: OM\n---\n');
    expect(fmOnly.map((c) => c.text)).toEqual(['Only Meta (aliases: OM)']);
    expect(chunks('Blank.md', '').map((c) => c.text)).toEqual(['Blank']);
    expect(chunks('H.md', '# One\n## Two\n').map((c) => c.text)).toEqual(['H\n# One\n## Two']);
    expect(chunks('.md', '')).toEqual([]);
  });

  it('keeps Cyrillic text and headings intact', () => {
    const text = '# Введение\nЭто заметка о памяти и контексте, достаточно длинная, чтобы стать отдельным фрагментом.';
    const cs = chunks('Заметки/Память.md', text);
    expect(cs).toHaveLength(1);
    expect(cs[0]?.text).toBe(`Память > Введение\n${text.split('\n')[1]}`);
  });
});

describe('chunkNote ids', () => {
  const secA = `# A\n${prose(50, 21)}`;
  const secB = `# B\n${prose(50, 22)}`;
  const secC = `# C\n${prose(50, 23)}`;

  it('are 16 hex chars, stable across calls, unique within a note', () => {
    const one = chunks('N.md', [secA, secB, secC].join('\n'));
    const two = chunks('N.md', [secA, secB, secC].join('\n'));
    expect(one.map((c) => c.id)).toEqual(two.map((c) => c.id));
    for (const c of one) expect(c.id).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(one.map((c) => c.id)).size).toBe(one.length);
  });

  it('keep unchanged chunks when another section changes, and change with the text or path', () => {
    const before = chunks('N.md', [secA, secB, secC].join('\n'));
    const after = chunks('N.md', [secA, `# B\n${prose(50, 99)}`, secC].join('\n'));
    expect(after[0]?.id).toBe(before[0]?.id);
    expect(after[2]?.id).toBe(before[2]?.id);
    expect(after[1]?.id).not.toBe(before[1]?.id);
    expect(chunks('Other.md', secA)[0]?.id).not.toBe(chunks('N.md', secA)[0]?.id);
  });

  it('stay unique for identical sections in one note', () => {
    const same = `# Same\n${prose(40, 5)}`;
    const cs = chunks('N.md', `${same}\n${same}`);
    expect(cs).toHaveLength(2);
    expect(cs[0]?.text).toBe(cs[1]?.text);
    expect(cs[0]?.id).not.toBe(cs[1]?.id);
  });
});

describe('chunker options', () => {
  it('has a signature for the index fingerprint', () => {
    expect(chunkerSignature(DEFAULT_CHUNKER)).toBe('heading-v3:max320:min24:ov0');
    expect(chunkerSignature({ maxTokens: 200, minTokens: 0, overlapTokens: 16 })).toBe('heading-v3:max200:min0:ov16');
  });

  it.each([
    [{ maxTokens: 8, minTokens: 0, overlapTokens: 0 }, /maxTokens/],
    [{ maxTokens: 100.5, minTokens: 0, overlapTokens: 0 }, /maxTokens/],
    [{ maxTokens: 100, minTokens: 100, overlapTokens: 0 }, /minTokens/],
    [{ maxTokens: 100, minTokens: 0, overlapTokens: 60 }, /overlapTokens/],
    [{ maxTokens: 100, minTokens: -1, overlapTokens: 0 }, /minTokens/],
  ])('rejects %j', (o, re) => {
    expect(() => chunks('N.md', 'text', o)).toThrow(re);
    expect(() => chunks('N.md', 'text', o)).toThrow(/^chunk-note: /);
  });
});
