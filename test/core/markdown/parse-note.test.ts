import { describe, expect, it } from 'vitest';
import { parseNote } from '../../../src/core/markdown/parse-note';
import type { NoteLink } from '../../../src/core/types';

function linksOf(body: string): NoteLink[] {
  return parseNote('Folder/Host.md', body).links;
}

describe('parseNote links', () => {
  const cases: [string, Partial<NoteLink>][] = [
    ['see [[Note]] here', { target: 'Note', form: 'wikilink', embed: false }],
    ['[[Folder/Note]]', { target: 'Folder/Note' }],
    ['[[Note.md]]', { target: 'Note' }],
    ['[[Note|an alias]]', { target: 'Note', display: 'an alias' }],
    ['| [[Note\\|alias]] |', { target: 'Note', display: 'alias' }],
    ['[[Note#Heading]]', { target: 'Note', heading: 'Heading' }],
    ['[[Note#H1#H2]]', { target: 'Note', heading: 'H1#H2' }],
    ['[[Note#^block-1]]', { target: 'Note', block: 'block-1' }],
    ['[[#Heading]]', { target: '', heading: 'Heading' }],
    ['[[#^abc]]', { target: '', block: 'abc' }],
    ['![[embed]]', { target: 'embed', embed: true }],
    ['![[img.png]]', { target: 'img.png', embed: true }],
    ['[[Note.md#Sec|shown]]', { target: 'Note', heading: 'Sec', display: 'shown' }],
    ['[text](Other%20Note.md)', { target: 'Other Note', form: 'markdown', display: 'text', embed: false }],
    ['[text](<Other Note.md>)', { target: 'Other Note', form: 'markdown', display: 'text' }],
    ['[t](Note.md#Heading)', { target: 'Note', heading: 'Heading', form: 'markdown', display: 't' }],
    ['[t](Note.md#Two%20Words)', { target: 'Note', heading: 'Two Words', display: 't' }],
    ['[t](../Up/Note.md)', { target: '../Up/Note', display: 't' }],
    ['[t](#Local)', { target: '', heading: 'Local', form: 'markdown', display: 't' }],
    ['[](Note.md)', { target: 'Note', form: 'markdown' }],
    ['![alt](pics/cat.png)', { target: 'pics/cat.png', embed: true, form: 'markdown', display: 'alt' }],
    ['[t](Note.md "a title")', { target: 'Note', display: 't' }],
    ['[t](100%.md)', { target: '100%', display: 't' }],
  ];
  it.each(cases)('parses %s', (line, expected) => {
    const links = linksOf(line);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ line: 0, ...expected });
    // Fields that were not expected must be absent, not empty strings.
    for (const key of ['heading', 'block', 'display'] as const) {
      if (!(key in expected)) expect(links[0]).not.toHaveProperty(key);
    }
  });

  it.each([
    '[site](https://example.com/Note.md)',
    '[site](http://example.com)',
    '[mail](mailto:a@b.c)',
    '[open](obsidian://open?vault=x&file=Note)',
    '[empty]()',
    '[[]]',
  ])('skips %s', (line) => {
    expect(linksOf(line)).toEqual([]);
  });

  it('keeps reading order and line numbers across forms', () => {
    const links = linksOf('first\n[md](B.md) then [[A]]\n\n![[C]]');
    expect(links.map((l) => [l.target, l.line])).toEqual([
      ['B', 1],
      ['A', 1],
      ['C', 3],
    ]);
  });

  it('ignores links in fenced code (``` and ~~~) and inline code', () => {
    const body = [
      '[[Real1]]',
      '```js',
      '[[InCode]] [x](InCode.md)',
      '```',
      '~~~',
      '[[Tilde]]',
      '~~~',
      '````',
      '```',
      '[[StillCode]]',
      '````',
      'inline `[[Inline]]` and ``[[Double `tick`]]`` but [[Real2]]',
      '   ```',
      '[[IndentedFence]]',
      '   ```',
    ].join('\n');
    expect(linksOf(body).map((l) => l.target)).toEqual(['Real1', 'Real2']);
  });

  it('treats an unclosed fence as code to the end', () => {
    expect(linksOf('[[A]]\n```\n[[B]]\n[[C]]').map((l) => l.target)).toEqual(['A']);
  });

  it('reads wikilinks in frontmatter properties with their file line', () => {
    const links = linksOf('---\nup: "[[Parent]]"\nrelated:\n  - "[[Sib|s]]"\n---\nbody [[Child]]');
    expect(links.map((l) => [l.target, l.line])).toEqual([
      ['Parent', 1],
      ['Sib', 3],
      ['Child', 5],
    ]);
  });
});

describe('parseNote frontmatter', () => {
  it('parses aliases and tags given as lists', () => {
    const n = parseNote('N.md', '---\naliases: [One, "Two words"]\ntags:\n  - a\n  - "#b/c"\n---\nBody');
    expect(n.frontmatter).toMatchObject({ aliases: ['One', 'Two words'] });
    expect(n.frontmatterError).toBeNull();
    expect(n.aliases).toEqual(['One', 'Two words']);
    expect(n.tags).toEqual(['a', 'b/c']);
    expect(n.body).toBe('Body');
    expect(n.bodyStartLine).toBe(6);
  });

  it('parses aliases as a comma string and tags as a comma/space string, singular keys too', () => {
    const n = parseNote('N.md', '---\nalias: First one, Second\ntag: "x, y z #w"\n---\n');
    expect(n.aliases).toEqual(['First one', 'Second']);
    expect(n.tags).toEqual(['x', 'y', 'z', 'w']);
  });

  it('accepts `...` as the closing line and CRLF line ends', () => {
    const n = parseNote('N.md', '---\r\naliases: A\r\n...\r\n# Head\r\ntext');
    expect(n.aliases).toEqual(['A']);
    expect(n.headings).toEqual([{ level: 1, text: 'Head', line: 3 }]);
    expect(n.body).toBe('# Head\ntext');
  });

  it('reports malformed YAML with its file line, never throws, and keeps the body', () => {
    const text = '---\ntitle: ok\nbad: [unclosed\nnext: x\n---\n# Heading\n[[Link]]';
    const n = parseNote('N.md', text);
    expect(n.frontmatter).toBeNull();
    expect(n.frontmatterError).toMatch(/^frontmatter: invalid YAML at line \d+/);
    expect(n.frontmatterError).toMatch(/line [345]\b/);
    expect(n.aliases).toEqual([]);
    expect(n.bodyStartLine).toBe(5);
    expect(n.headings).toEqual([{ level: 1, text: 'Heading', line: 5 }]);
    expect(n.links.map((l) => l.target)).toEqual(['Link']);
  });

  it('reports duplicate keys and non-mapping blocks as errors', () => {
    expect(parseNote('N.md', '---\na: 1\na: 2\n---\n').frontmatterError).toMatch(/line 3.*unique/);
    expect(parseNote('N.md', '---\n- a\n- b\n---\n').frontmatterError).toMatch(/not a key\/value mapping/);
  });

  it('gives {} for an empty block and null without a block; an unclosed block is body', () => {
    expect(parseNote('N.md', '---\n---\ntext').frontmatter).toEqual({});
    expect(parseNote('N.md', 'text').frontmatter).toBeNull();
    const unclosed = parseNote('N.md', '---\naliases: A\ntext');
    expect(unclosed.frontmatter).toBeNull();
    expect(unclosed.frontmatterError).toBeNull();
    expect(unclosed.bodyStartLine).toBe(0);
    expect(unclosed.body).toBe('---\naliases: A\ntext');
  });

  it('ignores headings and tags written inside the frontmatter', () => {
    const n = parseNote('N.md', '---\n# comment\nk: "#notatag"\n---\ntext');
    expect(n.headings).toEqual([]);
    expect(n.tags).toEqual([]);
  });
});

describe('parseNote headings, tags, block ids', () => {
  it('finds ATX headings with levels and lines, not in code', () => {
    const n = parseNote(
      'N.md',
      '# One\ntext\n### Three ###\n```\n# not\n```\n####### seven\n#tag line\n   ## Indented\n#',
    );
    expect(n.headings).toEqual([
      { level: 1, text: 'One', line: 0 },
      { level: 3, text: 'Three', line: 2 },
      { level: 2, text: 'Indented', line: 8 },
    ]);
  });

  it('collects inline tags, merges with frontmatter, de-duplicates case-insensitively', () => {
    const body = [
      '---',
      'tags: project',
      '---',
      '#Project and #nested/tag, (#paren) and #1984 but #y1984',
      'a#notatag `#code` [[Note#Heading]] https://x.org/page#frag [l](Other.md#Anchor)',
      '## Heading with #inheading',
      '```',
      '#incode',
      '```',
    ].join('\n');
    expect(parseNote('N.md', body).tags).toEqual(['project', 'nested/tag', 'paren', 'y1984', 'inheading']);
  });

  it('finds block ids at line ends only', () => {
    const n = parseNote('N.md', 'para one ^abc-1\nmid ^notend text\n^solo\n`code ^incode`\n```\nx ^fenced\n```');
    expect(n.blockIds).toEqual(['abc-1', 'solo']);
  });

  it('handles Cyrillic names, headings, links and tags', () => {
    const n = parseNote(
      'Папка/Заметка о Москве.md',
      '---\naliases: Столица\n---\n# Привет, мир\nСм. [[Другая Заметка#Раздел|псевдоним]] и #тег/вложенный\n[ссылка](Файл%20Один.md)',
    );
    expect(n.basename).toBe('Заметка о Москве');
    expect(n.aliases).toEqual(['Столица']);
    expect(n.headings).toEqual([{ level: 1, text: 'Привет, мир', line: 3 }]);
    expect(n.links).toEqual([
      { target: 'Другая Заметка', heading: 'Раздел', display: 'псевдоним', embed: false, form: 'wikilink', line: 4 },
      { target: 'Файл Один', display: 'ссылка', embed: false, form: 'markdown', line: 5 },
    ]);
    expect(n.tags).toEqual(['тег/вложенный']);
  });

  it('computes basename and strips a BOM', () => {
    const n = parseNote('a/b/Note.v2.md', '\uFEFF---\naliases: X\n---\n');
    expect(n.basename).toBe('Note.v2');
    expect(n.aliases).toEqual(['X']);
  });
});
