import { describe, expect, it } from 'vitest';
import { lexicalDocOf } from '../../../src/core/index/lexical-doc';
import { LexicalIndex } from '../../../src/core/index/lexical-index';
import { chunkNote } from '../../../src/core/markdown/chunk-note';
import { parseNote } from '../../../src/core/markdown/parse-note';

const chunksOf = (path: string, text: string) => {
  const note = parseNote(path, text);
  return chunkNote(note).map((c) => lexicalDocOf(c, note.aliases));
};

describe('lexicalDocOf', () => {
  it('puts the display title and file name in the title field and the folders in the path field', () => {
    const [doc] = chunksOf(
      'quotes/2022/202204090851.md',
      '---\n{"title":"Ясность мышления","aliases":["clarity"]}\n---\n## Источник\nКнига.',
    );
    expect(doc).toMatchObject({
      title: 'Ясность мышления 202204090851',
      aliases: 'clarity',
      headings: 'Источник',
      path: 'quotes 2022',
    });
    const [plain] = chunksOf('Top.md', 'Body text of a note at the top of the vault.');
    expect(plain).toMatchObject({ title: 'Top', path: '' });
  });

  it('lets a note be found by its front matter title, and weights title and folder fields apart', () => {
    const idx = new LexicalIndex();
    for (const d of chunksOf('quotes/202204090851.md', '---\ntitle: Ясность мышления\n---\nПисать значит думать.'))
      idx.add(d);
    for (const d of chunksOf('Сад/Томаты.md', 'Томатам нужно солнце.')) idx.add(d);
    for (const d of chunksOf('Кухня/Хлеб.md', 'Хлеб: мука, вода и соль.')) idx.add(d);
    expect(idx.search('ясность', 5).map((h) => h.id)).toHaveLength(1);
    expect(idx.search('сад', 5)).toHaveLength(1);
    // Folder names count only through the path weight: at 0 they are not searched at all.
    expect(
      new LexicalIndex({ boost: { title: 1.2, aliases: 1.2, headings: 1.2, path: 0, text: 1 } }).search('сад', 5),
    ).toEqual([]);
    const off = new LexicalIndex({ boost: { title: 1.2, aliases: 1.2, headings: 1.2, path: 0, text: 1 } });
    for (const d of chunksOf('Сад/Томаты.md', 'Томатам нужно солнце.')) off.add(d);
    expect(off.search('сад', 5)).toEqual([]);
  });
});
