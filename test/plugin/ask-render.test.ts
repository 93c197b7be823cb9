// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import '../__mocks__/obsidian';
import { chunkSnippet, plainText, renderAnswerText, renderSaving } from '../../src/plugin/ask-render';
import { askResult, chunk } from './helpers/fixtures';

describe('ask rendering', () => {
  it('reduces chunk markdown to reading text', () => {
    expect(plainText('See [[Tokens per word]] and [[KV cache#Size|the cache]], **bold** and `code`.')).toBe('See Tokens per word and the cache, bold and code.');
    expect(plainText('| Minute | Tokens |\n|---|---|\n| 5 | 1000 |')).toBe('Minute · Tokens; 5 · 1000');
    expect(plainText('- item one\n- item two\n## Heading')).toBe('item one item two Heading');
    expect(plainText('h_t ≈ 400·t and a_b')).toBe('h_t ≈ 400·t and a_b');
  });

  it('drops the heading line the chunker prepends and cuts long snippets', () => {
    expect(chunkSnippet(chunk('Energy/KV cache.md', 'Size', 'Two vectors per token.'))).toBe('Two vectors per token.');
    const long = chunkSnippet(chunk('A.md', '', 'word '.repeat(100)));
    expect(long.length).toBeLessThanOrEqual(220);
    expect(long.endsWith('…')).toBe(true);
  });

  it('renders "- " lines as a list and other lines as paragraphs, with links', () => {
    const el = createDiv();
    const opened: string[] = [];
    renderAnswerText(el, 'Short answer.\n- first [[A#B|A › B]]\n- second [[C]]', (t) => opened.push(t));
    expect(el.querySelectorAll('p')).toHaveLength(1);
    expect([...el.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['first A › B', 'second C']);
    el.querySelector<HTMLElement>('a')!.click();
    expect(opened).toEqual(['A#B']);
  });

  it('states the share saved from the token counts (saving.ratio is full ÷ bounded)', () => {
    const el = createDiv();
    renderSaving(el, askResult('q', { context: 2992, full: 32_343 }));
    expect(el.textContent).toContain('2,992 context tokens vs 32,343 for the whole vault · 90.7% saved');
  });
});
