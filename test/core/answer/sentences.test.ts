import { describe, expect, it } from 'vitest';
import {
  chunkSentences,
  isHeadingPathLine,
  isNavigationLine,
  stripInlineMarkdown,
} from '../../../src/core/answer/sentences';
import { contentTerms, isStopWord, stem } from '../../../src/core/answer/terms';

describe('chunkSentences', () => {
  it('drops the heading-path line, headings, fences, rules and table headers; keeps list items and table rows apart', () => {
    const text = [
      'Recipes > Bread (aliases: loaf)',
      'Knead for ten minutes. Let it rise twice!',
      '## Tips',
      '- [ ] buy flour',
      '1. preheat the oven',
      '---',
      '```',
      'not a sentence.',
      '```',
      '| Ingredient | Amount |',
      '|---|---|',
      '| Flour | 500 g |',
      '> [!note] Bake at 220 degrees.',
    ].join('\n');
    expect(chunkSentences(text, 'Bread', 'Recipes')).toEqual([
      'Knead for ten minutes.',
      'Let it rise twice!',
      'buy flour',
      'preheat the oven',
      'Flour; 500 g',
      'Bake at 220 degrees.',
    ]);
  });

  it('splits Russian sentences', () => {
    expect(chunkSentences('Заметки > Дом\nКупить хлеб. Позвонить маме? Да!', 'Дом', 'Заметки')).toEqual([
      'Купить хлеб.',
      'Позвонить маме?',
      'Да!',
    ]);
  });

  it('keeps a one-line chunk that is body text, but not one that is only the heading path', () => {
    expect(chunkSentences('Plain sentence here.', '', 'Note')).toEqual(['Plain sentence here.']);
    expect(chunkSentences('Note > Setup', 'Setup', 'Note')).toEqual([]);
  });
});

describe('navigation lines', () => {
  it('drops breadcrumbs and bare link lines, also when a link target holds parentheses', () => {
    const text = [
      "[`Vault`](Vault) › [`on('rename')`](Vault/on('rename').md)",
      '[[Home]] > [[Plugins]] > [[Vault]]',
      '- [Flatpak](/flatpak)',
      "Called when a file is renamed, see [on('rename')](Vault/on('rename').md \"event\").",
    ].join('\n');
    expect(chunkSentences(text)).toEqual(["Called when a file is renamed, see on('rename')."]);
    expect(isNavigationLine('[[Home]] · [[Index]]')).toBe(true);
    expect(chunkSentences('::: warning\nWorks only with pipewire.\n:::')).toEqual(['Works only with pipewire.']);
    expect(isNavigationLine('See [[Index]] for more')).toBe(false);
  });
});

describe('isHeadingPathLine', () => {
  it('knows the chunker header and looser heading lines', () => {
    expect(isHeadingPathLine('Note > A > B', 'B', 'Note')).toBe(true);
    expect(isHeadingPathLine('# Setup', 'Setup', 'Other')).toBe(true);
    expect(isHeadingPathLine('Setup guide', 'Setup', 'Other')).toBe(true);
    expect(isHeadingPathLine('Setup takes a minute.', 'Setup', 'Other')).toBe(false);
    expect(isHeadingPathLine('# Setup', 'Setup', 'Other', true)).toBe(false);
  });
});

describe('stripInlineMarkdown', () => {
  it('leaves the words a reader sees', () => {
    expect(
      stripInlineMarkdown(
        '**Bold** and _it_ with `code`, [[Note#Part|alias]], [[Other#Sec]], [[#Local]], [web](http://x) ![[img.png]] ^abc12',
      ),
    ).toBe('Bold and it with code, alias, Other › Sec, Local, web');
  });
});

describe('terms', () => {
  it('stems English and Russian word forms together', () => {
    expect(stem('notes')).toBe(stem('note'));
    expect(stem('stored')).toBe(stem('store'));
    expect(stem('embedding')).toBe(stem('embed'));
    expect(stem('studies')).toBe(stem('study'));
    expect(stem('boxes')).toBe(stem('box'));
    expect(stem('заметки')).toBe(stem('заметка'));
    expect(stem('индексом')).toBe(stem('индекс'));
    expect(stem('ёлка')).toBe(stem('елки'));
  });

  it('drops stop words of both languages and keeps numbers', () => {
    expect(contentTerms('What is the port of Ollama in 2024?')).toEqual(['port', 'ollama', '2024']);
    expect(contentTerms('Что такое индекс и как он работает?')).toEqual(['индекс', stem('работать')]);
    expect(isStopWord('The')).toBe(true);
  });
});

describe('sentence splitting around abbreviations', () => {
  it('does not end a sentence at "et al." or "e.g."', () => {
    const units = chunkSentences(
      'Paging comes from Kwon et al. The scheme keeps blocks. Use a server, e.g. Ollama, for this.',
    );
    expect(units).toEqual([
      'Paging comes from Kwon et al. The scheme keeps blocks.',
      'Use a server, e.g. Ollama, for this.',
    ]);
  });
});
