import { beforeAll, describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../../../src/core/embed/local-embedder';
import { buildMemorySource } from '../../../src/core/retrieval/memory-source';
import { retrieve } from '../../../src/core/retrieval/retriever';
import { RETRIEVER_MODES } from '../../../src/core/retrieval/source';
import { countTokens } from '../../../src/core/tokens';

type Source = Awaited<ReturnType<typeof buildMemorySource>>;

const filler = [
  ['Garden/Tomatoes.md', 'Tomatoes need sun, water every morning, and a stake to climb.'],
  ['Garden/Compost.md', 'Compost turns kitchen scraps into soil within a few months.'],
  ['Kitchen/Bread.md', 'Bread needs flour, water, salt and yeast; knead it for ten minutes.'],
  ['Kitchen/Soup.md', 'A soup of leeks and potatoes, blended until smooth.'],
  ['Travel/Trains.md', 'Night trains cross the mountains; book a sleeper early.'],
  ['Travel/Packing.md', 'Pack light: two shirts, a jumper and a rain jacket.'],
  ['Music/Guitar.md', 'Tune the guitar before every practice session, string by string.'],
  ['Music/Scales.md', 'Practise major and minor scales slowly with a metronome.'],
  ['Health/Sleep.md', 'Sleep eight hours; keep the bedroom dark and cool.'],
  ['Health/Running.md', 'Run three times a week and rest between the runs.'],
] as const;

const notes = [
  ...filler.map(([path, text]) => ({ path, text: `# ${path.split('/')[1]!.replace('.md', '')}\n\n${text}\n` })),
  {
    path: 'Projects/Release checklist.md',
    text: `# Release checklist\n\nBefore publishing the release, run the test suite and update the changelog.\nThe artefacts are signed: see [[Signing keys]] and [[Signing keys#Rotation]].\n`,
  },
  {
    path: 'Projects/Signing keys.md',
    text: `# Signing keys\n\nThe GPG key lives on a hardware token in the office safe.\n\n## Rotation\n\nA new key is made every year; the old one stays valid for verification.\n`,
  },
  {
    path: 'Design/Fonts.md',
    text: `# Fonts\n\nHeadings use a serif font; body text uses a sans-serif font at sixteen pixels.\n\n## Loading\n\nThe font files ship inside the theme as data URLs so nothing is fetched from the web.\n`,
  },
  {
    path: 'Design/Layout.md',
    text: `# Layout\n\n## Grid\n\nPages sit on a twelve-column grid with a margin of twenty-four pixels on each side; the grid collapses to four columns on phones and keeps the same margin.\n\n## Gutters\n\nGutters between grid columns are sixteen pixels; a wide margin is kept around quotes so the grid stays visible and calm.\n`,
  },
  {
    path: 'Design/Colours.md',
    text: `# Colours\n\nThe accent colour is teal; backgrounds are off-white in light mode and near-black in dark mode.\n`,
  },
  { path: 'A/Caching.md', text: `# Caching\n\nThe HTTP cache keeps responses for an hour.\n` },
  { path: 'B/Caching.md', text: `# Caching\n\nThe prompt cache reuses the prefix of a conversation.\n` },
  {
    path: 'Russian/Заметки.md',
    text: `# Заметки\n\nЗаметки хранятся в папке хранилища, а поиск по заметкам работает без интернета.\n`,
  },
  {
    path: 'Russian/Энергия.md',
    text: `# Энергия\n\nЧеловеческий мозг потребляет около двадцати ватт.\n`,
  },
];

let src: Source;

beforeAll(async () => {
  // Wide vectors: in a vault this small, hash collisions of 512 dimensions are as large as real overlaps.
  src = await buildMemorySource(notes, new LocalEmbedder({ dims: 4096 }));
}, 60_000);

describe('retrieve', () => {
  it('works in every retriever mode and ranks the matching note first', async () => {
    for (const mode of RETRIEVER_MODES) {
      const r = await retrieve('How often should the guitar be tuned before practice?', src, { mode });
      expect(r.notes[0]!.note, mode).toBe('Music/Guitar.md');
      expect(r.context.chunks[0]!.note, mode).toBe('Music/Guitar.md');
      expect(countTokens(r.context.text)).toBeLessThanOrEqual(3000);
    }
  });

  it('never exceeds the budget and records why each chunk is in (dense and lexical ranks)', async () => {
    for (const budget of [10, 40, 80, 200, 3000]) {
      const r = await retrieve('release checklist changelog', src, { budget });
      expect(countTokens(r.context.text)).toBe(r.context.tokens);
      expect(r.context.tokens).toBeLessThanOrEqual(budget);
    }
    const r = await retrieve('release checklist changelog', src, { mode: 'hybrid' });
    const top = r.context.chunks[0]!;
    expect(top.note).toBe('Projects/Release checklist.md');
    expect(top.label).toBe('[[Release checklist]]');
    expect(top.trace.lexical).toBe(1);
    expect(top.trace.dense).toBeGreaterThanOrEqual(1);
    expect(top.trace.terms).toEqual(expect.arrayContaining(['release', 'checklist', 'changelog']));
    expect(top.trace.fused).toBeGreaterThan(0);
  });

  it('pulls in a strongly linked note that shares no words with the question (multi-hop)', async () => {
    const q = 'What must I do before publishing the release?';
    const plain = await retrieve(q, src, { mode: 'hybrid', budget: 120 });
    expect(plain.context.chunks.map((c) => c.note)).not.toContain('Projects/Signing keys.md');
    const graph = await retrieve(q, src, { mode: 'hybrid+graph', budget: 120, graphTop: 2 });
    const pulled = graph.context.chunks.find((c) => c.note === 'Projects/Signing keys.md');
    expect(pulled).toBeDefined();
    expect(pulled!.trace.neighbourOf).toBe('Projects/Release checklist.md');
    expect(pulled!.trace.graph?.via).toContain('Projects/Release checklist.md');
    expect(graph.notes[0]!.note).toBe('Projects/Release checklist.md');
    expect(graph.notes.map((n) => n.note)).toContain('Projects/Signing keys.md');
    expect(graph.context.tokens).toBeLessThanOrEqual(120);
  });

  it('labels chunks of notes with the same basename by path', async () => {
    const r = await retrieve('prompt cache prefix conversation', src, { mode: 'bm25' });
    expect(r.context.chunks[0]!.label).toBe('[[B/Caching]]');
  });

  it('bridges different words through WordNet in dense mode ("typeface" finds the note about fonts)', async () => {
    const r = await retrieve('Which typeface for titles?', src, { mode: 'dense' });
    // Among the English notes it comes first; a Russian note, which shares no feature with the question, may
    // still meet it through one hash collision of its many stem-gram features (a two-word query has few).
    expect(r.notes.filter((n) => !n.note.startsWith('Russian/'))[0]!.note).toBe('Design/Fonts.md');
    expect(r.notes.slice(0, 2).map((n) => n.note)).toContain('Design/Fonts.md');
    // Lexical search alone has no word in common, unless the thesaurus expansion adds "font".
    const lexical = await retrieve('Which typeface for titles?', src, { mode: 'bm25', expansionWeight: 0 });
    expect(lexical.notes.map((n) => n.note)).not.toContain('Design/Fonts.md');
    const expanded = await retrieve('Which typeface for titles?', src, { mode: 'bm25' });
    expect(expanded.notes[0]!.note).toBe('Design/Fonts.md');
    expect(expanded.context.chunks[0]!.trace.terms).toContain('font');
  });

  it('finds Russian notes across inflections', async () => {
    for (const mode of RETRIEVER_MODES) {
      const r = await retrieve('Где хранится заметка?', src, { mode });
      expect(r.notes[0]!.note, mode).toBe('Russian/Заметки.md');
    }
    const r = await retrieve('сколько ватт потребляет мозг', src);
    expect(r.notes[0]!.note).toBe('Russian/Энергия.md');
    expect(r.context.chunks[0]!.label).toBe('[[Энергия]]');
  });

  it('spends the budget on more notes before deeper chunks of one note (per-note cap)', async () => {
    const q = 'grid columns margin pixels, accent colour';
    const budget = 80;
    const capped = await retrieve(q, src, { mode: 'hybrid', perNoteChunks: 1, budget });
    const uncapped = await retrieve(q, src, { mode: 'hybrid', perNoteChunks: Infinity, budget });
    expect(uncapped.context.chunks.map((c) => c.note)).toEqual(['Design/Layout.md', 'Design/Layout.md']);
    expect(capped.context.chunks.map((c) => c.note).sort()).toEqual(['Design/Colours.md', 'Design/Layout.md']);
  });

  it('returns an empty context for a question with no usable words', async () => {
    const r = await retrieve('the of and', src, { mode: 'bm25' });
    expect(r.context.chunks).toEqual([]);
    expect(r.context.tokens).toBe(0);
  });
});
