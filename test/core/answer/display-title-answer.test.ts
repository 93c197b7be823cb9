// Issue 11 in answers: a chunk of a note with a front matter title is labelled `[[file|Title]]`; answers cite it
// by that title and still link the file, and a table row holding `[[Folder/Note\|Alias]]` stays one cell.
import { describe, expect, it } from 'vitest';
import {
  extractCitations,
  labelDisplayTitle,
  NOT_IN_CONTEXT,
  renderCitationLinks,
} from '../../../src/core/answer/citations';
import { extractiveAnswer } from '../../../src/core/answer/extractive';
import { chunkSentences } from '../../../src/core/answer/sentences';
import { chunkNote } from '../../../src/core/markdown/chunk-note';
import { parseNote } from '../../../src/core/markdown/parse-note';
import { packContext } from '../../../src/core/retrieval/pack';

/** A bounded context built as the retriever builds it: real chunks, real labels. */
function contextOf(notes: { path: string; text: string }[]) {
  const chunks = notes.flatMap((n) => chunkNote(parseNote(n.path, n.text)));
  return packContext(
    chunks.map((chunk, i) => ({ chunk, score: 10 - i, trace: { fused: 10 - i } })),
    3000,
    () => false,
  );
}

const ctx = contextOf([
  {
    path: 'quotes/202204090851.md',
    text: `---\n{"title":"Ясность мышления"}\n---\nПисать — значит думать. Короткие заметки проясняют мысль.${' Это правило проверено годами ежедневной практики.'.repeat(2)}\n\n## Источник\n\nКнига о письме и внимании.${' Автор много лет вёл рабочий дневник и архив выписок.'.repeat(2)}\n`,
  },
  {
    path: 'Index.md',
    text: '# Указатель\n\n| Тема | Заметка |\n|---|---|\n| Мышление | [[quotes/202204090851\\|Ясность]] |\n',
  },
]);

describe('answers over notes with front matter titles', () => {
  it('labels the chunks by title and resolves citations by label, file name or title', () => {
    expect(ctx.chunks.map((c) => c.label)).toEqual([
      '[[202204090851|Ясность мышления]]',
      '[[202204090851#Источник|Ясность мышления > Источник]]',
      '[[Index#Указатель]]',
    ]);
    expect(labelDisplayTitle(ctx.chunks[1]!.label)).toBe('Ясность мышления');
    expect(labelDisplayTitle('[[Index#Указатель]]')).toBeUndefined();
    const text = 'См. [[202204090851|Ясность мышления]], [[Ясность мышления]], [[202204090851#Источник]] и [[Другое]].';
    expect(extractCitations(text, ctx)).toMatchObject({
      citations: ['quotes/202204090851.md'],
      unknown: ['[[Другое]]'],
    });
  });

  it('renders citations as path links shown by the title', () => {
    expect(
      renderCitationLinks(
        '[[Ясность мышления]] / [[202204090851#Источник|Ясность мышления > Источник]] / [[Нет]]',
        ctx,
      ),
    ).toBe(
      `[[quotes/202204090851|Ясность мышления]] / [[quotes/202204090851#Источник|Ясность мышления › Источник]] / [[Нет]] ${NOT_IN_CONTEXT}`,
    );
  });

  it('drops the title header from sentences and keeps an escaped-pipe link in its table cell', () => {
    expect(chunkSentences(ctx.chunks[0]!.text, '', 'Ясность мышления').slice(0, 2)).toEqual([
      'Писать — значит думать.',
      'Короткие заметки проясняют мысль.',
    ]);
    expect(chunkSentences(ctx.chunks[2]!.text, 'Указатель', 'Index')).toEqual(['Мышление; Ясность']); // the header row names columns, not facts
    const answer = extractiveAnswer('Что значит писать короткие заметки?', ctx);
    expect(answer.text).toContain('Писать — значит думать.');
    expect(answer.text).toContain('[[quotes/202204090851|Ясность мышления]]');
    expect(answer.text).not.toContain('Ясность мышления Писать');
    expect(answer.text).not.toContain(NOT_IN_CONTEXT);
  });
});
