import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXTRACTIVE_SENTENCES,
  EMPTY_CONTEXT_REPLY,
  extractiveAnswer,
  NO_OVERLAP_PREFIX,
} from '../../../src/core/answer/extractive';
import { extractCitations } from '../../../src/core/answer/citations';
import { countTokens } from '../../../src/core/tokens';
import { makeContext } from './context-fixture';

const garden = makeContext([
  {
    note: 'garden/Tomatoes.md',
    path: ['Care', 'Watering'],
    body: [
      'Tomatoes need deep watering twice a week in summer. Shallow watering keeps the roots near the surface.',
      '',
      '- Water in the morning so the leaves dry by night',
      '- Mulch keeps the soil moist, see [[Mulch|mulching]]',
      '',
      '```python',
      'water(tomatoes, litres=5)',
      '```',
    ].join('\n'),
  },
  {
    note: 'garden/Compost.md',
    path: ['Basics'],
    body: 'Compost needs greens and browns in equal parts. Turn the pile every week.',
  },
  { note: 'Journal.md', body: 'The weather was grey all day. I read a novel about sailing ships.' },
]);

const lines = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('- '));

describe('extractiveAnswer', () => {
  it('picks the sentences that answer the question and cites their chunk as a link', () => {
    const a = extractiveAnswer('How often should I water tomatoes?', garden);
    expect(a.mode).toBe('extractive');
    expect(a.text).toContain('Tomatoes need deep watering twice a week in summer.');
    expect(a.text).toContain('[[garden/Tomatoes#Watering|Tomatoes › Watering]]');
    expect(a.text).not.toContain('sailing');
    expect(a.text).not.toContain('litres'); // code fences are not sentences
    expect(a.text).not.toContain('Tomatoes > Care'); // nor is the heading-path line
    expect(a.citations).toEqual(['garden/Tomatoes.md']);
    expect(extractCitations(a.text, garden)).toEqual({ citations: a.citations, chunks: a.sources, unknown: [] });
  });

  it('reports tokens: none for a prompt, the answer text for completion', () => {
    const a = extractiveAnswer('compost greens browns', garden);
    expect(a.promptTokens).toBe(0);
    expect(a.completionTokens).toBe(countTokens(a.text));
    expect(a.text).toContain('Compost needs greens and browns in equal parts.');
  });

  it('turns vault wikilinks in sentences into plain words, so they cannot pass for citations', () => {
    const a = extractiveAnswer('does mulch keep the soil moist?', garden);
    expect(a.text).toContain('Mulch keeps the soil moist, see mulching');
    expect(extractCitations(a.text, garden).unknown).toEqual([]);
  });

  it('keeps at most maxSentences, in reading order, one line per chunk with its label', () => {
    const a = extractiveAnswer('water watering tomatoes roots leaves compost pile weather', garden, {
      maxSentences: 3,
    });
    const got = lines(a.text);
    const sentenceCount = got
      .join(' ')
      .split(/(?<=[.!?])\s/)
      .filter((s) => /\p{L}/u.test(s) && !s.startsWith('[[')).length;
    expect(sentenceCount).toBeLessThanOrEqual(3);
    for (const l of got) expect(l).toMatch(/\[\[[^\]]+\|[^\]]+\]\]$/);
    // Reading order follows the context (Tomatoes before Compost before Journal).
    const order = ['Tomatoes', 'Compost', 'Journal'].map((n) => a.text.indexOf(`|${n}`)).filter((i) => i >= 0);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(DEFAULT_EXTRACTIVE_SENTENCES).toBe(4);
  });

  it('is never empty when the context has text, even without a shared word, and says so', () => {
    const a = extractiveAnswer('quantum chromodynamics', garden);
    expect(a.text.startsWith(NO_OVERLAP_PREFIX)).toBe(true);
    expect(lines(a.text).length).toBeGreaterThan(0);
    expect(a.citations.length).toBeGreaterThan(0);
    // Without a word to match, the best-ranked chunk leads.
    expect(a.citations[0]).toBe('garden/Tomatoes.md');
  });

  it('answers from a chunk that holds only code', () => {
    const c = makeContext([{ note: 'Snippets.md', path: ['Deploy'], body: '```sh\nnpm run deploy -- --prod\n```' }]);
    const a = extractiveAnswer('how to deploy', c);
    expect(a.text).toContain('npm run deploy -- --prod');
    expect(a.citations).toEqual(['Snippets.md']);
  });

  it('says plainly when the context is empty', () => {
    const a = extractiveAnswer('anything', makeContext([]));
    expect(a.text).toBe(EMPTY_CONTEXT_REPLY);
    expect(a.citations).toEqual([]);
  });

  it('works for Russian', () => {
    const ru = makeContext([
      {
        note: 'Заметки/Индекс.md',
        path: ['Индексирование'],
        body: 'Индекс обновляется постепенно, без полной переиндексации. Новые заметки попадают в индекс сразу после сохранения.',
      },
      { note: 'Заметки/Погода.md', path: ['Дневник'], body: 'Сегодня весь день шёл дождь. Вечером было холодно.' },
    ]);
    const a = extractiveAnswer('Когда новые заметки попадают в индекс?', ru);
    expect(a.text).toContain('Новые заметки попадают в индекс сразу после сохранения.');
    expect(a.text).toContain('[[Заметки/Индекс#Индексирование|Индекс › Индексирование]]');
    expect(a.text).not.toContain('дождь');
    expect(a.citations).toEqual(['Заметки/Индекс.md']);
  });

  it('prefers the chunk whose heading names the question when sentences alone do not', () => {
    const c = makeContext([
      { note: 'Misc.md', path: ['Notes'], body: 'It rains in spring. Bring a coat.', score: 0.5 },
      { note: 'Sourdough.md', path: ['Starter'], body: 'Feed it flour and water daily. Keep it warm.', score: 0.4 },
    ]);
    const a = extractiveAnswer('sourdough starter', c, { maxSentences: 1 });
    expect(a.citations).toEqual(['Sourdough.md']);
  });

  it('gives a full stop to list items joined with other sentences', () => {
    const c = makeContext([
      { note: 'Tea.md', path: ['Brewing'], body: '- Green tea brews at 80 degrees\n- Black tea brews at 95 degrees' },
    ]);
    const a = extractiveAnswer('tea brews degrees', c);
    expect(a.text).toContain('Green tea brews at 80 degrees. Black tea brews at 95 degrees');
  });

  it('never picks a breadcrumb line, a bare name or the question restated', () => {
    const c = makeContext([
      {
        note: 'API/ListValue/length.md',
        path: ['ListValue.length() method'],
        body: [
          '[`ListValue`](ListValue) › [`length`](ListValue/length)',
          '',
          'How do I get the length of a ListValue?',
          '',
          '**Returns:**',
          '',
          'the number of elements in this list.',
          '',
          ' 1.10.0',
        ].join('\n'),
      },
      {
        note: 'API/ListValue.md',
        path: ['Methods'],
        body: '| Method | Description |\n|---|---|\n| [length()](ListValue/length) | |',
      },
    ]);
    const a = extractiveAnswer('How do I get the length of a ListValue?', c);
    const bullets = lines(a.text);
    expect(bullets[0]).toContain('the number of elements in this list.');
    expect(a.text).not.toMatch(/ListValue › length/);
    expect(a.text).not.toContain('How do I get the length');
    expect(a.text).not.toMatch(/^- length\(\)/m);
    expect(a.text).not.toContain('1.10.0');
  });

  it('orders bullets by usefulness, not by their place in the context', () => {
    const c = makeContext([
      { note: 'Intro.md', path: ['About'], body: 'Plugins can listen to events. Events fire often.', score: 0.9 },
      {
        note: 'Vault.md',
        path: ['Events'],
        body: 'The rename event fires when a file is renamed or moved, with the file and its old path.',
        score: 0.8,
      },
    ]);
    const a = extractiveAnswer('Which event fires when a file is renamed?', c);
    const bullets = lines(a.text);
    expect(bullets[0]).toContain('The rename event fires when a file is renamed');
    expect(a.sources?.[0]).toBe('c1');
  });

  it('lists the cited chunks as sources, in the order of the bullets', () => {
    const a = extractiveAnswer('How often should I water tomatoes?', garden);
    expect(a.sources).toEqual(['c0']);
  });
});
