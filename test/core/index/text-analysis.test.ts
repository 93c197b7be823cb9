import { describe, expect, it } from 'vitest';
import { isStopWord, stem, tokenize } from '../../../src/core/index/text-analysis';
import { porterStem } from '../../../src/core/index/porter-stemmer';
import { russianStem } from '../../../src/core/index/russian-stemmer';
import { generateScaleVault } from '../../../src/bench/scale-vault';
import { referenceTokenize } from './reference-tokenize';

describe('tokenize', () => {
  it('keeps identifiers whole and split into their parts', () => {
    expect(tokenize('processFrontMatter')).toEqual(['processfrontmatter', 'process', 'front', 'matter']);
    expect(tokenize('front_matter')).toEqual(['front_matter', 'front', 'matter']);
    expect(tokenize('app.vault.getFiles()')).toEqual([
      'app.vault.getfiles',
      'app',
      'vault',
      'getfiles',
      'get',
      'files',
    ]);
    expect(tokenize('HTTPServer parseURL2')).toEqual(['httpserver', 'http', 'server', 'parseurl2', 'parse', 'url2']);
    expect(tokenize('well-known')).toEqual(['well-known', 'well', 'known']);
  });

  it('drops markdown punctuation and sentence dots', () => {
    expect(tokenize('## Setup *bold* `code` [[Note#Heading|alias]] #tag/sub end.')).toEqual([
      'setup',
      'bold',
      'code',
      'note',
      'heading',
      'alias',
      'tag',
      'sub',
      'end',
    ]);
    expect(tokenize('> - [ ] task, (done); "quoted" — ok!')).toEqual(['task', 'done', 'quoted', 'ok']);
    expect(tokenize('   ')).toEqual([]);
  });

  it('handles Cyrillic, digits, ё and apostrophes', () => {
    expect(tokenize('Ёжик в тумане, 2024 год')).toEqual(['ежик', 'в', 'тумане', '2024', 'год']);
    expect(tokenize('ПроцессИндексации')).toEqual(['процессиндексации', 'процесс', 'индексации']);
    expect(tokenize("Obsidian's vault doesn't")).toEqual(['obsidian', 'vault', 'doesnt']);
    expect(tokenize('version 1.2.3')).toEqual(['version', '1.2.3', '1', '2', '3']);
  });

  it('skips absurdly long tokens but keeps their parts', () => {
    const hash = 'a'.repeat(80);
    expect(tokenize(hash)).toEqual([]);
    expect(tokenize(`${hash}_tail`)).toEqual(['tail']);
  });
});

describe('isStopWord', () => {
  it('knows English and Russian function words, not content words', () => {
    for (const w of ['the', 'and', 'of', 'is', 'и', 'в', 'не', 'что', 'это']) expect(isStopWord(w), w).toBe(true);
    for (const w of ['note', 'file', 'index', 'заметка', 'индекс', 'new']) expect(isStopWord(w), w).toBe(false);
  });
});

describe('porterStem', () => {
  // Examples from Porter (1980), run through all five steps.
  const cases: Record<string, string> = {
    caresses: 'caress',
    ponies: 'poni',
    ties: 'ti',
    caress: 'caress',
    cats: 'cat',
    feed: 'feed',
    agreed: 'agre',
    plastered: 'plaster',
    bled: 'bled',
    motoring: 'motor',
    sing: 'sing',
    conflated: 'conflat',
    troubled: 'troubl',
    sized: 'size',
    hopping: 'hop',
    tanned: 'tan',
    falling: 'fall',
    hissing: 'hiss',
    fizzed: 'fizz',
    failing: 'fail',
    filing: 'file',
    happy: 'happi',
    sky: 'sky',
    relational: 'relat',
    conditional: 'condit',
    rational: 'ration',
    digitizer: 'digit',
    operator: 'oper',
    feudalism: 'feudal',
    decisiveness: 'decis',
    hopefulness: 'hope',
    callousness: 'callous',
    formality: 'formal',
    sensitivity: 'sensit',
    sensibility: 'sensibl',
    triplicate: 'triplic',
    formative: 'form',
    formalize: 'formal',
    electricity: 'electr',
    electrical: 'electr',
    hopeful: 'hope',
    goodness: 'good',
    revival: 'reviv',
    allowance: 'allow',
    inference: 'infer',
    airliner: 'airlin',
    gyroscopic: 'gyroscop',
    adjustable: 'adjust',
    defensible: 'defens',
    irritant: 'irrit',
    replacement: 'replac',
    adjustment: 'adjust',
    dependent: 'depend',
    adoption: 'adopt',
    homologous: 'homolog',
    communism: 'commun',
    activate: 'activ',
    angularity: 'angular',
    effective: 'effect',
    bowdlerize: 'bowdler',
    probate: 'probat',
    rate: 'rate',
    cease: 'ceas',
    controlling: 'control',
    rolling: 'roll',
    generalizations: 'gener',
    oscillators: 'oscil',
    is: 'is',
  };
  it.each(Object.entries(cases))('%s → %s', (word, expected) => expect(porterStem(word)).toBe(expected));

  it('conflates the inflections the lexical index relies on', () => {
    for (const w of ['index', 'indexes', 'indexing', 'indexed']) expect(porterStem(w), w).toBe('index');
    expect(porterStem('connections')).toBe(porterStem('connected'));
  });
});

describe('russianStem', () => {
  it('conflates inflected forms of a word', () => {
    const groups = [
      ['заметка', 'заметки', 'заметку', 'заметкой', 'заметкам', 'заметках'],
      ['индекс', 'индексы', 'индексов', 'индексами', 'индексе'],
      ['красивый', 'красивая', 'красивое', 'красивые', 'красивого', 'красивым'],
      ['поиск', 'поиска', 'поиском', 'поиску'],
      ['читать', 'читает', 'читают', 'читала', 'читали'],
    ];
    for (const forms of groups) {
      const stems = new Set(forms.map(russianStem));
      expect([...stems], forms.join(',')).toHaveLength(1);
    }
  });

  it('strips reflexive, gerund, superlative and derivational endings within RV/R2', () => {
    expect(russianStem('индексирование')).toBe('индексирован');
    expect(russianStem('прочитав')).toBe('прочита');
    expect(russianStem('сделавшись')).toBe('сдела'); // gerund -вшись after а
    expect(russianStem('улыбнувшись')).toBe('улыбнувш'); // -вшись after у is no gerund: reflexive, then noun -и
    expect(russianStem('занимается')).toBe('занима');
    expect(russianStem('новейший')).toBe('нов');
    expect(russianStem('активность')).toBe('активн'); // -ость inside R2
    expect(russianStem('скорость')).toBe('скорост'); // -ость not inside R2: only the soft sign goes
    expect(russianStem('длинный')).toBe('длин');
    expect(russianStem('в')).toBe('в');
  });
});

describe('stem', () => {
  it('routes by script and leaves identifiers alone', () => {
    expect(stem('indexing')).toBe('index');
    expect(stem('заметки')).toBe(stem('заметка'));
    expect(stem('front_matter')).toBe('front_matter');
    expect(stem('utf8')).toBe('utf8');
    expect(stem('')).toBe('');
  });
});

describe('tokenize fast path', () => {
  // The tokenizer without its plain-ASCII shortcut, as it was written first: the shortcut must not change a token.
  it('gives the same tokens as the full path on vault text and edge cases', () => {
    const texts = [
      ...generateScaleVault({ notes: 40, seed: 3 }).map((n) => n.text),
      "plain words 42 and x1y2 z9, don't it's a.b.c snake_case kebab-case HTTPServer processFrontMatter",
      `${'a'.repeat(64)} ${'b'.repeat(65)} ${'c1'.repeat(40)} Ёлка ёж ﬁle ２０２６ café naïve`,
    ];
    for (const t of texts) expect(tokenize(t)).toEqual(referenceTokenize(t));
  });
});
