// Issue 11 end to end over a small mixed Russian/English vault: timestamp notes found and cited by their front
// matter title, Russian questions over inflected text, mixed-language chunks, and a Russian question whose answer
// note is written in English but shares a name with it.
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../../../src/core/embed/local-embedder';
import { buildMemorySource } from '../../../src/core/retrieval/memory-source';
import { retrieve } from '../../../src/core/retrieval/retriever';
import { chunkLabel } from '../../../src/core/retrieval/pack';
import type { Chunk } from '../../../src/core/types';

type Source = Awaited<ReturnType<typeof buildMemorySource>>;

const notes = [
  {
    path: 'quotes/202204090851.md',
    text: '---\n{"dg-publish":true,"title":"Ясность мышления"}\n---\nПисать — значит думать. Короткие заметки проясняют мысль лучше длинных черновиков.\n',
  },
  {
    path: 'quotes/202204091002.md',
    text: '---\n{"dg-publish":true,"title":"Deep work"}\n---\n"Clarity about what matters provides clarity about what does not." — Cal Newport\n',
  },
  { path: 'Сад/Томаты.md', text: '# Томаты\n\nТоматам нужно солнце, ежедневный полив и опора.\n' },
  { path: 'Сад/Компост.md', text: '# Компост\n\nКомпост превращает кухонные очистки в почву за несколько месяцев.\n' },
  { path: 'Кухня/Хлеб.md', text: '# Хлеб\n\nДля хлеба нужны мука, вода, соль и дрожжи; тесто месят десять минут.\n' },
  { path: 'Дом/Ёлка.md', text: '# Ёлка\n\nЁлку ставят в гостиной и украшают гирляндами.\n' },
  {
    path: 'Tools/Containers.md',
    text: '# Containers\n\nDocker runs each service in its own container; compose files describe the stack.\n',
  },
  { path: 'Tools/Editors.md', text: '# Editors\n\nNeovim is configured in Lua; plugins are managed by lazy.nvim.\n' },
  {
    path: 'Заметки/Резервные копии.md',
    text: '# Резервные копии\n\nСнимки системы делает Timeshift: restore from the command line with `timeshift --restore`, then reboot.\n',
  },
  {
    path: 'Связь/Переписка.md',
    text: '# Переписка\n\nС семьёй переписываемся в Телеграме, рабочие письма — в почте.\n',
  },
  {
    path: 'Index.md',
    text: '# Указатель\n\n| Тема | Заметка |\n|---|---|\n| Мышление | [[quotes/202204090851\\|Ясность]] |\n',
  },
];

let src: Source;

beforeAll(async () => {
  // Wide vectors: in a vault this small, hash collisions of 512 dimensions are as large as real overlaps.
  src = await buildMemorySource(notes, new LocalEmbedder({ dims: 4096 }));
}, 60_000);

describe('a Russian and mixed-language vault', () => {
  it('finds a timestamp-named note by its front matter title and cites it by that title', async () => {
    const r = await retrieve('Что говорится о ясности мышления?', src, { mode: 'bm25' });
    expect(r.notes[0]!.note).toBe('quotes/202204090851.md');
    const label = r.context.chunks.find((c) => c.note === 'quotes/202204090851.md')!.label;
    // An Obsidian link to the file, shown by its title.
    expect(label).toBe('[[202204090851|Ясность мышления]]');
  });

  it('links the escaped-pipe table wikilink to the note', () => {
    expect(src.graph.outlinks('Index.md')).toEqual(['quotes/202204090851.md']);
  });

  it('matches inflected Russian forms and ё/е spellings in every lexical mode', async () => {
    for (const mode of ['bm25', 'hybrid', 'hybrid+graph'] as const) {
      // "томатов", "поливать" vs "Томатам", "полив"; "елку" vs "Ёлку".
      expect((await retrieve('Как часто поливать томаты?', src, { mode })).notes[0]!.note, mode).toBe('Сад/Томаты.md');
      expect((await retrieve('куда ставят елку', src, { mode })).notes[0]!.note, mode).toBe('Дом/Ёлка.md');
    }
  });

  it('answers from a mixed chunk through its Russian and its English words', async () => {
    expect((await retrieve('Чем делать снимки системы?', src, { mode: 'bm25' })).notes[0]!.note).toBe(
      'Заметки/Резервные копии.md',
    );
    expect((await retrieve('How do I restore from the command line?', src, { mode: 'bm25' })).notes[0]!.note).toBe(
      'Заметки/Резервные копии.md',
    );
  });

  it('finds an English note for a Russian question through a transliterated name', async () => {
    // "докере" is written in Cyrillic; the note only says "Docker". Both sides bridge the scripts: lexical search
    // through the transliteration key, the dense side through the skeleton feature.
    for (const mode of ['bm25', 'dense', 'hybrid+graph'] as const) {
      const r = await retrieve('Как запустить сервис в докере?', src, { mode });
      expect(r.notes[0]!.note, mode).toBe('Tools/Containers.md');
    }
    const off = await retrieve('Как запустить сервис в докере?', src, { mode: 'bm25', translitWeight: 0 });
    expect(off.notes.map((n) => n.note)).not.toContain('Tools/Containers.md');
    // And the other way round: an English question, a note that writes the name in Cyrillic.
    expect((await retrieve('Where do we keep telegram chats?', src, { mode: 'bm25' })).notes[0]!.note).toBe(
      'Связь/Переписка.md',
    );
  });
});

describe('chunkLabel with a display title', () => {
  const chunk = (over: Partial<Chunk>): Chunk => ({
    id: 'x',
    note: 'quotes/202204090851.md',
    title: '202204090851',
    headingPath: [],
    text: '',
    tokens: 1,
    order: 0,
    startLine: 0,
    endLine: 0,
    ...over,
  });
  it('links the file and shows the title, with the heading when there is one', () => {
    const never = () => false;
    expect(chunkLabel(chunk({ displayTitle: 'Ясность' }), never)).toBe('[[202204090851|Ясность]]');
    expect(chunkLabel(chunk({ displayTitle: 'Ясность', headingPath: ['Источник'] }), never)).toBe(
      '[[202204090851#Источник|Ясность > Источник]]',
    );
    // A top heading repeating the display title names the note itself.
    expect(chunkLabel(chunk({ displayTitle: 'Ясность', headingPath: ['Ясность'] }), never)).toBe(
      '[[202204090851|Ясность]]',
    );
    // Ambiguous file names keep their path; characters that would break the link are blanked in the shown text.
    expect(chunkLabel(chunk({ displayTitle: 'A|B]]' }), () => true)).toBe('[[quotes/202204090851|A B]]');
    expect(chunkLabel(chunk({}), never)).toBe('[[202204090851]]');
  });
});
