// Issue 11: notes as a digital garden publishes them — JSON front matter, a readable `title` over a timestamp file
// name, and folder-path wikilinks with an escaped alias bar inside tables.
import { describe, expect, it } from 'vitest';
import { parseNote } from '../../../src/core/markdown/parse-note';
import { chunkNote } from '../../../src/core/markdown/chunk-note';
import { frontmatterTitle, splitFrontmatter } from '../../../src/core/markdown/frontmatter';

describe('JSON front matter', () => {
  it('parses a one-line JSON object with title, aliases and tags', () => {
    const note = parseNote(
      'quotes/202204090851.md',
      '---\n{"dg-publish":true,"title":"Ясность мышления","aliases":["clarity"],"tags":["цитата"]}\n---\nТекст.',
    );
    expect(note.frontmatterError).toBeNull();
    expect(note.frontmatter).toEqual({
      'dg-publish': true,
      title: 'Ясность мышления',
      aliases: ['clarity'],
      tags: ['цитата'],
    });
    expect(note.title).toBe('Ясность мышления');
    expect(note.aliases).toEqual(['clarity']);
    expect(note.tags).toEqual(['цитата']);
    expect(note.body).toBe('Текст.');
  });

  it('accepts JSON that a strict YAML parser refuses (tab indentation, a repeated key)', () => {
    const tabs = splitFrontmatter(['---', '{', '\t"title": "Tabs",', '\t"dg-publish": true', '}', '---']);
    expect(tabs.error).toBeNull();
    expect(tabs.data).toEqual({ title: 'Tabs', 'dg-publish': true });
    // JSON.parse keeps the last value of a repeated key; YAML with unique keys would reject the block.
    const dup = splitFrontmatter(['---', '{"title":"Old","title":"New"}', '---']);
    expect(dup.error).toBeNull();
    expect(dup.data).toEqual({ title: 'New' });
  });

  it('still reports a broken block, JSON or not', () => {
    const bad = splitFrontmatter(['---', '{"title": "x",', '---']);
    expect(bad.data).toBeNull();
    expect(bad.error).toMatch(/^frontmatter: invalid YAML/);
  });
});

describe('front matter title', () => {
  it('reads `title` (any case), trims it and ignores non-scalar values', () => {
    expect(frontmatterTitle({ title: '  Заметка  о\nпамяти ' })).toBe('Заметка о памяти');
    expect(frontmatterTitle({ Title: 2024 })).toBe('2024');
    expect(frontmatterTitle({ title: ['a'] })).toBeNull();
    expect(frontmatterTitle({ title: '' })).toBeNull();
    expect(frontmatterTitle(null)).toBeNull();
  });

  it('falls back to the file name, and chunk headers and display titles use the front matter title', () => {
    expect(parseNote('Plain.md', 'Body text here.').title).toBe('Plain');
    const note = parseNote(
      'quotes/202204090851.md',
      '---\ntitle: Ясность мышления\n---\n# Источник\nКнига о внимании.',
    );
    const [first] = chunkNote(note);
    expect(first!.title).toBe('202204090851');
    expect(first!.displayTitle).toBe('Ясность мышления');
    expect(first!.text.split('\n')[0]).toBe('Ясность мышления > Источник');
    // Without a front matter title there is no display title: the file name is what Obsidian shows.
    expect(chunkNote(parseNote('Plain.md', 'Body text here, long enough.'))[0]!.displayTitle).toBeUndefined();
  });
});

describe('escaped pipe in table wikilinks', () => {
  it('resolves `[[Folder/Note\\|Alias]]` in a table row to the note with its alias', () => {
    const note = parseNote(
      'Index.md',
      '| Тема | Заметка |\n|---|---|\n| Память | [[quotes/202204090851\\|Ясность]] |\n',
    );
    expect(note.links).toHaveLength(1);
    expect(note.links[0]).toMatchObject({
      target: 'quotes/202204090851',
      display: 'Ясность',
      form: 'wikilink',
      line: 2,
    });
    const withHeading = parseNote('Index.md', '| [[Folder/Note#Раздел\\|Псевдоним]] | x |').links[0];
    expect(withHeading).toMatchObject({ target: 'Folder/Note', heading: 'Раздел', display: 'Псевдоним' });
  });
});
