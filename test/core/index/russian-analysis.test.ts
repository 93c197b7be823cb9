// Issue 11: the lexical side for Russian and mixed-language text — Cyrillic tokens, ё/е folding, Snowball-style
// stems, stop words of both languages in one chunk, and question words dropped from the question only.
import { describe, expect, it } from 'vitest';
import { isStopWord, stem, tokenize } from '../../../src/core/index/text-analysis';
import { isQuestionWord, stripQuestionWords } from '../../../src/core/index/question-words';
import { LexicalIndex } from '../../../src/core/index/lexical-index';
import type { LexicalDoc } from '../../../src/core/types';

/** Index terms of a text as the lexical index makes them. */
const terms = (text: string) =>
  tokenize(text)
    .filter((t) => !isStopWord(t))
    .map(stem);

describe('Cyrillic tokenisation and stemming', () => {
  it('splits Cyrillic words, keeps identifiers, and lowercases', () => {
    expect(tokenize('Установка пакета через apt-get: «sudo apt-get install eepm».')).toEqual([
      'установка',
      'пакета',
      'через',
      'apt-get',
      'apt',
      'get',
      'sudo',
      'apt-get',
      'apt',
      'get',
      'install',
      'eepm',
    ]);
    expect(tokenize('Файл настроек_ПО')).toEqual(['файл', 'настроек_по', 'настроек', 'по']);
  });

  it('conflates the inflections of a noun, an adjective and a verb', () => {
    const same = (words: string[]) => expect(new Set(words.map(stem)).size, words.join(' ')).toBe(1);
    same(['заметка', 'заметки', 'заметке', 'заметку', 'заметкой', 'заметках']);
    same(['новый', 'новая', 'новое', 'новые', 'нового', 'новыми']);
    same(['установить', 'установит', 'установил', 'установила']);
    same(['пакет', 'пакета', 'пакетов', 'пакетами']);
    // Different words stay apart.
    expect(stem('пакет')).not.toBe(stem('память'));
  });

  it('folds ё to е before stemming, so both spellings meet', () => {
    expect(tokenize('Ёлка, ещё, всё')).toEqual(['елка', 'еще', 'все']);
    expect(terms('учётная запись')).toEqual(terms('учетная запись'));
    expect(terms('Ёжик')).toEqual(terms('ежик'));
  });
});

describe('mixed-language chunks', () => {
  it('drop the stop words of both languages and stem each word by its own language', () => {
    expect(terms('Это the guide по установке of the packages для системы')).toEqual([
      'guid',
      stem('установке'),
      'packag',
      stem('системы'),
    ]);
    expect(stem('packages')).toBe('packag');
    expect(stem('установке')).toBe(stem('установка'));
  });

  it('are found by a Russian question and by an English one', () => {
    const doc = (id: string, text: string): LexicalDoc => ({
      id,
      title: '',
      aliases: '',
      headings: '',
      path: '',
      text,
    });
    const idx = new LexicalIndex();
    idx.add(doc('mixed', 'Резервные копии: restore the snapshot with timeshift --restore, затем перезагрузка.'));
    idx.add(doc('ru', 'Копии фотографий хранятся на внешнем диске.'));
    idx.add(doc('en', 'Restore points are made before every upgrade.'));
    idx.add(doc('other', 'Сад, томаты и полив по утрам.'));
    expect(idx.search('резервная копия перезагрузки', 5)[0]!.id).toBe('mixed');
    expect(idx.search('restore snapshot', 5)[0]!.id).toBe('mixed');
  });
});

describe('question words', () => {
  it('are words of the question form in both languages, not subject words', () => {
    for (const w of ['how', 'would', 'want', 'какой', 'какую', 'нужно', 'можно', 'сколько', 'почему'])
      expect(isQuestionWord(w), w).toBe(true);
    for (const w of ['install', 'plugin', 'установить', 'пакет', 'команда']) expect(isQuestionWord(w), w).toBe(false);
    // Words of advice are how guides answer ("use trashFile instead"): they stay in the question.
    for (const w of ['should', 'shouldnt', 'must', 'instead']) expect(isQuestionWord(w), w).toBe(false);
  });

  it('are blanked from a question, keeping identifiers and code whole', () => {
    expect(stripQuestionWords('Какую команду нужно выполнить?').split(/\s+/).filter(Boolean)).toEqual([
      'команду',
      'выполнить?',
    ]);
    expect(stripQuestionWords('How would I call app.vault.read?')).toBe('    I call app.vault.read?');
    expect(stripQuestionWords('What should I use instead?')).toBe('What should I use instead?');
    // Joined to other words by . or _ a question word is part of an identifier.
    expect(stripQuestionWords('why is how_to.md')).toBe('  is how_to.md');
    // A question of question words only is left as it is.
    expect(stripQuestionWords('Как?')).toBe('Как?');
    expect(stripQuestionWords('Сколько ещё?').trim()).toBe('ещё?');
  });
});
